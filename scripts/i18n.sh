#!/usr/bin/env bash
# The catalogues: extract every UI string (babel.cfg), merge it into nl (the Dutch source, msgstr empty =
# the msgid itself) and en (to translate: new strings arrive empty, changed ones fuzzy), and compile both.
# Run after adding or changing UI text, translate the new entries in the en catalogue, run it again, and
# commit the .po and .mo files: the app reads the committed .mo, so a fresh clone needs no build step.
# tests/test_catalogue.py fails while an en entry is missing, empty or fuzzy, or a .mo is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
DIR=webapp/translations
POT=$(mktemp --suffix=.pot)
trap 'rm -f "$POT"' EXIT

"$BIN/pybabel" -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --no-wrap \
  --project=Dagdeel -o "$POT" .
for lang in nl en; do
  "$BIN/pybabel" -q update -i "$POT" -d "$DIR" -l "$lang" --init-missing --ignore-obsolete --no-wrap \
    --ignore-pot-creation-date
done
"$BIN/pybabel" -q compile -d "$DIR"
