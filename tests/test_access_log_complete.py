"""The access log is complete for what shows personal data (issue 18 item 1, NEN 7513): every page about one worker
logs that worker; every list, search, print and export logs what was asked (the search term, the period) and how
many it showed. A new page about a worker must be added here on purpose."""
from datetime import time

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.payouts import operations as payout_operations
from webapp.workers import operations as worker_operations

from . import factories
from .test_worker_photos import _jpeg

# Pages about one worker: (path with {w}, a role that may open it).
ONE_WORKER = [
    ("/medewerkers/{w}", "assistant"), ("/medewerkers/{w}/foto", "assistant"),
    ("/medewerkers/{w}/bewerken", "supervisor"), ("/medewerkers/{w}/rooster", "supervisor"),
    ("/medewerkers/{w}/traject", "supervisor"), ("/medewerkers/{w}/inzage", "counsellor"),
    ("/medewerkers/{w}/inzage/afdruk", "counsellor"), ("/medewerkers/{w}/gegevens.zip", "counsellor"),
    ("/trajecten/medewerker/{w}", "counsellor"), ("/trajecten/medewerker/{w}/intake", "counsellor"),
    ("/trajecten/medewerker/{w}/evaluatie", "counsellor"), ("/trajecten/medewerker/{w}/leefgebied/wonen", "counsellor"),
    ("/trajecten/medewerker/{w}/zrm", "counsellor"), ("/trajecten/medewerker/{w}/participatieladder", "counsellor"),
    ("/werkvloer/medewerker/{w}/week", "supervisor"),
]
# Pages that list or find workers: (path, role, words the log line must hold).
LISTS = [
    ("/medewerkers/?q=Verm", "assistant", ["Verm"]),
    ("/werkvloer/{workshop}/zoeken?q=Verm", "assistant", ["Verm"]),
    ("/werkvloer/{workshop}/week", "supervisor", ["week"]),
    ("/uitbetaling/overzicht?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "2026-11-30"]),
    ("/uitbetaling/export.csv?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "regels"]),
    ("/werkvloer/export.csv?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "regels"]),
    ("/medewerkers/export.csv", "supervisor", ["regels"]),
    ("/ronde/{round}/print", "assistant", ["ronde", "aanmeldingen"]),
]


@pytest.fixture
def scene(app, catalogue):
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    payout_operations.ensure_default_rules()
    workshop = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    worker = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen")
    db.session.flush()
    worker_operations.set_photo(worker, _jpeg())
    pickup = factories.RoundFactory()
    db.session.commit()
    return {"w": worker.id, "workshop": workshop.id, "round": pickup.id}


def _lines(**where):
    return db.session.scalar(select(func.count(AccessLog.id)).filter_by(**where))


@pytest.mark.parametrize(("path", "role"), ONE_WORKER)
def test_every_page_about_one_worker_logs_that_worker(client, auth, scene, path, role):
    auth.login(role)
    before = _lines(worker_id=scene["w"])
    response = client.get(path.format(**scene))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert _lines(worker_id=scene["w"]) == before + 1


@pytest.mark.parametrize(("path", "role", "words"), LISTS)
def test_every_list_search_and_export_logs_what_was_asked(client, auth, scene, path, role, words):
    auth.login(role)
    newest = db.session.scalar(select(func.max(AccessLog.id))) or 0
    response = client.get(path.format(**scene))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    details = db.session.scalars(select(AccessLog.detail).where(AccessLog.id > newest)).all()
    assert any(all(word in detail for word in words) for detail in details), details


def test_a_refused_note_that_answers_the_whole_card_logs_the_view(client, auth, scene):
    auth.login("assistant")
    before = _lines(worker_id=scene["w"], action="view")
    response = client.post(f"/medewerkers/{scene['w']}/afspraken", data={"text": ""})
    assert response.status_code == 422 and "Vermeulen" in response.get_data(as_text=True)
    assert _lines(worker_id=scene["w"], action="view") == before + 1


def test_a_change_logs_the_old_and_the_new_value(client, auth, scene):
    from webapp.workers.models import Worker

    auth.login("supervisor")
    worker = db.session.get(Worker, scene["w"])
    old_phone = worker.phone
    form = {"external_id": worker.external_id, "first_name": "Bas", "last_name": "Vermeulen", "phone": "0611111111",
            "travel_euros": "0", "shelter_id": "0", "counsellor_id": "0"}
    assert client.post(f"/medewerkers/{scene['w']}/bewerken", data=form).status_code == 302
    detail = db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "update"))
    assert f"phone: {old_phone!r} → '0611111111'" in detail
