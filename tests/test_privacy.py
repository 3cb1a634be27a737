"""'Wie heeft mijn gegevens ingezien' and the worker's own data (issue 18 item 2)."""
import io
import re
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
    assert "ma 23 nov 2026 10:12" in page and "Sanne (assistent werkbegeleider) bekeek de kaart" in page
    assert "Peter (werkbegeleider) bekeek de kaart" in page
    assert "Kim (assistent werkbegeleider) bekeek de kaart" not in page  # another worker's card (her worker list
    # showed Bas, which is in the report as "Kim … bekeek de medewerkerslijst")
    assert "Oud" not in page  # before the period (the last year by default)
    assert page.index("Sanne") < page.index("Peter")  # newest first
    older = client.get(f"/medewerkers/{bas.id}/inzage?van=2025-01-01&tot=2025-12-31").get_data(as_text=True)
    assert "Oud (assistent werkbegeleider)" in older and "Sanne" not in older
    printed = client.get(f"/medewerkers/{bas.id}/inzage/afdruk").get_data(as_text=True)
    assert "Wie heeft de gegevens van Bas" in printed and "Sanne" in printed and "tabbar" not in printed
    assert "data-print" in printed and "‹ Terug" in printed  # on a phone: print it, or go back
    actions = db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == bas.id)).all()
    assert {"view_access_report", "print_access_report"} <= set(actions)  # looking at the log is logged too


def test_the_report_reads_without_codes_ids_or_iso_dates_and_a_repeated_act_is_one_line(app, client, auth):
    """The Logboek keeps the details as stored; the worker reads them as people write them (privacy/wording.py)."""
    from webapp.audit.operations import record

    bas = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen")
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    staff = auth.login("supervisor", name="Peter")
    with app.test_request_context():  # as the views write them, by Peter
        from flask_login import login_user
        login_user(staff)
        record("enrol", bas, "lnw fase - vanaf 2026-05-01")
        record("payout", bas, "viavia 2026-W47 900 cent")
        for item in range(1, 13):
            record("checklist_score", bas, f"checklist 31: medewerker, item {item}")
        record("signup_move", bas, "ronde 4 → ronde 5: overgezet van Bus 1 naar Bus 2")
        db.session.commit()
    client.post("/uitloggen")
    auth.login("counsellor", name="Els")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get(f"/medewerkers/{bas.id}/inzage").get_data(as_text=True)))
    assert "Peter (werkbegeleider): traject gewijzigd · Loon naar Werken vanaf 1 mei 2026" in page
    assert "uitbetaald · Via Via 2026-W47 € 9,00" in page
    assert page.count("checklist ingevuld") == 1 and "checklist ingevuld (12×)" in page
    assert "overgezet naar een andere bus · overgezet van Bus 1 naar Bus 2" in page
    with app.test_request_context():
        from flask_login import login_user
        login_user(staff)
        record("view", bas, "zrm")
        record("zrm", bas, "intake 2026-11-23: 3 3 3 3 3 3 3 3 3 3 3 3 3")
        db.session.commit()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get(f"/medewerkers/{bas.id}/inzage").get_data(as_text=True)))
    assert "Peter (werkbegeleider) bekeek de ZRM" in page and "Peter (werkbegeleider): ZRM afgenomen" in page
    assert "van ma 24 nov 2025 tot en met ma 23 nov 2026" in page  # the period with its years
    assert not any(raw in page for raw in ("2026-05-01", "lnw", "900 cent", "checklist 31", "item 4"))
    client.post("/uitloggen")
    auth.login("admin")
    logboek = client.get("/beheer/logboek").get_data(as_text=True)
    assert "lnw fase - vanaf 2026-05-01" in logboek and "checklist 31: medewerker, item 12" in logboek


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
