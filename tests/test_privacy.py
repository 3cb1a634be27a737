"""'Wie heeft mijn gegevens ingezien' and the worker's own data (issue 18 item 2)."""
import io
import json
import zipfile
from datetime import date

from sqlalchemy import select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory.models import Intake

from . import factories


def _view_card_as(client, auth, role, name, worker, at):
    client.application.config["DAGDEEL_NOW"] = at
    auth.login(role, name=name)
    assert client.get(f"/medewerkers/{worker.id}").status_code == 200
    client.post("/uitloggen")


def test_the_report_says_in_plain_words_who_saw_the_card_and_when(app, client, auth):
    bas = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen")
    other = factories.WorkerFactory(first_name="Ander")
    db.session.commit()
    _view_card_as(client, auth, "assistant", "Sanne", bas, "2026-11-23T10:12")
    _view_card_as(client, auth, "supervisor", "Peter", bas, "2026-11-20T08:05")
    _view_card_as(client, auth, "assistant", "Kim", other, "2026-11-23T11:00")
    _view_card_as(client, auth, "assistant", "Oud", bas, "2025-01-10T09:00")
    app.config["DAGDEEL_NOW"] = "2026-11-23T12:00"
    auth.login("counsellor", name="Els")
    page = client.get(f"/medewerkers/{bas.id}/inzage").get_data(as_text=True)
    assert "ma 23 nov 10:12" in page and "Sanne (assistent werkbegeleider): kaart bekeken" in page
    assert "Peter (werkbegeleider): kaart bekeken" in page
    assert "Kim (assistent werkbegeleider): kaart bekeken" not in page  # another worker's card (her worker list
    # showed Bas, which is in the report as "Kim … bekeek de medewerkerslijst")
    assert "Oud" not in page  # before the period (the last year by default)
    assert page.index("Sanne") < page.index("Peter")  # newest first
    older = client.get(f"/medewerkers/{bas.id}/inzage?van=2025-01-01&tot=2025-12-31").get_data(as_text=True)
    assert "Oud (assistent werkbegeleider)" in older and "Sanne" not in older
    printed = client.get(f"/medewerkers/{bas.id}/inzage/afdruk").get_data(as_text=True)
    assert "Wie heeft de gegevens van Bas" in printed and "Sanne" in printed and "<nav" not in printed
    actions = db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == bas.id)).all()
    assert {"view_access_report", "print_access_report"} <= set(actions)  # looking at the log is logged too


def test_a_bad_period_is_a_dutch_422(app, client, auth):
    bas = factories.WorkerFactory()
    db.session.commit()
    auth.login("counsellor")
    response = client.get(f"/medewerkers/{bas.id}/inzage?van=gisteren")
    assert response.status_code == 422 and "begindatum" in response.get_data(as_text=True)


def test_the_own_data_export_holds_every_table_about_the_worker_and_nothing_of_others(app, client, auth):
    bas = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen")
    other = factories.WorkerFactory(first_name="Ander", last_name="Iemand")
    db.session.flush()
    db.session.add(Intake(worker_id=bas.id, held_on=date(2026, 11, 2), diagnosis="depressie", motivation="weer ritme"))
    db.session.add(Intake(worker_id=other.id, held_on=date(2026, 11, 2), diagnosis="iets anders"))
    db.session.commit()
    for role in ("assistant", "supervisor"):
        auth.login(role)
        assert client.get(f"/medewerkers/{bas.id}/gegevens.zip").status_code == 403
        client.post("/uitloggen")
    auth.login("counsellor")
    response = client.get(f"/medewerkers/{bas.id}/gegevens.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert {"gegevens.json", "gegevens.html"} <= set(archive.namelist())
    data = json.loads(archive.read("gegevens.json"))["tabellen"]
    assert data["worker"][0]["first_name"] == "Bas"
    assert [i["diagnosis"] for i in data["intake"]] == ["depressie"]  # read back plain, only Bas's
    assert "Ander" not in archive.read("gegevens.json").decode() and "iets anders" not in archive.read("gegevens.json").decode()
    document = archive.read("gegevens.html").decode()
    assert "Gegevens van Bas" in document and "Intake" in document and "depressie" in document
    logged = db.session.scalar(select(AccessLog).where(AccessLog.action == "export_own_data"))
    assert logged.worker_id == bas.id and "regels" in logged.detail
