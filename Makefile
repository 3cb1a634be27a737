# The two commands: `make run` (app with demo data on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DAGDEEL_DEMO=1 $(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

test: $(STAMP)
	bash scripts/test.sh

clean:
	rm -rf $(VENV) instance/dagdeel.sqlite
