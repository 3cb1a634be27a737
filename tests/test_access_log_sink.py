"""The access log leaves the database too (ASVS 16.4.3: logs to a separate system), and a refusal by role is in it
(ASVS 16.3.2: failed authorization is logged, whatever refused it)."""
import json

import pytest
from sqlalchemy import select

from webapp.audit import sink
from webapp.audit.models import AccessLog
from webapp.audit.operations import record
from webapp.extensions import db

from . import factories


@pytest.fixture
def sink_file(app, tmp_path):
    path = tmp_path / "access.jsonl"
    app.config["ACCESS_LOG_SINK"] = str(path)
    sink.init_app(app)
    yield path
    app.config["ACCESS_LOG_SINK"] = ""
    sink.init_app(app)


def lines_in(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_page_refused_by_role_is_logged_with_the_address_and_the_role(client, auth):
    assistant = auth.login("assistant")
    assert client.get("/beheer/logboek").status_code == 403
    line = db.session.scalar(select(AccessLog).where(AccessLog.action == "access_refused"))
    assert line.staff_id == assistant.id and line.worker_id is None
    assert line.detail == "/beheer/logboek · niet voor de rol assistent werkbegeleider"


def test_every_line_the_database_keeps_goes_to_the_sink_as_well(client, auth, sink_file):
    worker = factories.WorkerFactory(first_name="Sanne", last_name="Vos")
    assistant = auth.login("assistant")
    client.get(f"/medewerkers/{worker.id}")  # one worker's card
    client.get("/medewerkers/")  # a list: one line per worker shown, written in one INSERT
    client.get("/medewerkers/", query_string={"q": "Vos"})  # a search, with its term
    client.get("/beheer/logboek")  # refused by role
    kept = db.session.execute(select(AccessLog.action, AccessLog.worker_id, AccessLog.staff_id, AccessLog.detail)
                              .order_by(AccessLog.id)).all()
    sent = [(line["action"], line["worker_id"], line["staff_id"], line["detail"]) for line in lines_in(sink_file)]
    assert sent == [tuple(row) for row in kept]
    assert {"view", "view_list", "search", "access_refused", "login"} <= {action for action, *_ in sent}
    assert all(staff == assistant.id for _, _, staff, _ in sent)
    first = lines_in(sink_file)[-1]
    assert first["at"] and first["ip"] == "127.0.0.1" and set(first) == set(sink.FIELDS)


def test_a_line_rolled_back_never_leaves(app, sink_file):
    worker = factories.WorkerFactory()
    db.session.commit()
    record("view", worker, "teruggedraaid")
    db.session.rollback()
    record("view", worker, "vastgelegd")
    db.session.commit()
    assert [line["detail"] for line in lines_in(sink_file)] == ["vastgelegd"]


def test_without_a_sink_nothing_is_written_or_kept_waiting(app):
    assert app.config["ACCESS_LOG_SINK"] == "" and sink._handler is None
    record("view", factories.WorkerFactory(), "alleen in de database")
    assert sink.PENDING not in db.session().info
    db.session.commit()


def test_a_syslog_server_receives_each_line(app):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        app.config["ACCESS_LOG_SINK"] = f"syslog://127.0.0.1:{server.getsockname()[1]}"
        sink.init_app(app)
        try:
            record("view", factories.WorkerFactory(), "naar syslog")
            db.session.commit()
            message = server.recv(65536).decode()
        finally:
            app.config["ACCESS_LOG_SINK"] = ""
            sink.init_app(app)
    assert message.startswith("<") and "dagdeel-access: " in message
    assert json.loads(message.split("dagdeel-access: ", 1)[1].rstrip("\x00"))["detail"] == "naar syslog"


def test_the_log_inventory_names_every_action_and_an_unknown_one_is_refused(app):
    from pathlib import Path

    from webapp.audit.labels import ACTIONS

    inventory = (Path(__file__).parent.parent / "docs/logging.md").read_text(encoding="utf-8")
    assert [code for code in ACTIONS if f"| `{code}` |" not in inventory] == []
    with pytest.raises(ValueError, match="nergens_vermeld"):
        record("nergens_vermeld", None, "")
