"""Worker records: create, edit, search, card, agreements, incidents, photo, enrolment, schedule."""
import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory.models import Enrolment
from webapp.workers.models import Agreement, Incident, ScheduleSlot, Worker

from . import factories

NEW_WORKER = {"first_name": "Johannes", "roepnaam": "Sjef", "last_name": "Smeets", "phone": "06-11112222",
              "shelter_id": "0", "uitkering": "y", "travel_euros": "4,60", "external_id": ""}


def _jpeg(size=(1200, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_supervisor_creates_a_worker_with_travel_rate_and_flags(client, auth):
    auth.login("supervisor")
    response = client.post("/medewerkers/nieuw", data=NEW_WORKER)
    assert response.status_code == 302
    worker = db.session.scalar(select(Worker))
    assert (worker.display_name, worker.travel_cents, worker.uitkering, worker.postadres) == ("Sjef Smeets", 460, True, False)
    assert worker.external_id.startswith("M")
    assert db.session.scalar(select(AccessLog.action).where(AccessLog.worker_id == worker.id)) == "create"


def test_invalid_worker_form_keeps_what_was_typed(client, auth):
    auth.login("counsellor")
    response = client.post("/medewerkers/nieuw", data={**NEW_WORKER, "first_name": "", "travel_euros": "vier"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dit veld is verplicht." in page
    assert 'value="Smeets"' in page and 'value="06-11112222"' in page
    assert db.session.scalar(select(Worker)) is None


def test_bad_travel_amount_says_how_to_write_it(client, auth):
    auth.login("counsellor")
    response = client.post("/medewerkers/nieuw", data={**NEW_WORKER, "travel_euros": "vier"})
    assert response.status_code == 422
    assert "Schrijf een bedrag als 4,60." in response.get_data(as_text=True)


def test_duplicate_registration_number_is_refused(client, auth):
    factories.WorkerFactory(external_id="R100")
    db.session.commit()
    auth.login("supervisor")
    response = client.post("/medewerkers/nieuw", data={**NEW_WORKER, "external_id": "R100"})
    assert response.status_code == 422
    assert "al in gebruik" in response.get_data(as_text=True)


def test_photo_is_stored_small_and_served_to_the_team(client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("supervisor")
    data = {**NEW_WORKER, "photo": (io.BytesIO(_jpeg()), "foto.jpg")}
    assert client.post(f"/medewerkers/{worker.id}/bewerken", data=data, content_type="multipart/form-data").status_code == 302
    photo = client.get(f"/medewerkers/{worker.id}/foto")
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(photo.data)).size) <= 480


def test_a_file_that_is_no_photo_gets_a_dutch_error(client, auth):
    worker = factories.WorkerFactory(first_name="Kees")
    db.session.commit()
    auth.login("supervisor")
    data = {**NEW_WORKER, "first_name": "Kees", "photo": (io.BytesIO(b"not an image"), "foto.jpg")}
    response = client.post(f"/medewerkers/{worker.id}/bewerken", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "geen foto" in response.get_data(as_text=True)


def test_search_as_you_type_returns_only_the_list_fragment(client, auth):
    factories.WorkerFactory(first_name="Marco", roepnaam="Mars", last_name="Dassen")
    factories.WorkerFactory(first_name="Ingrid", last_name="Vossen")
    db.session.commit()
    auth.login("assistant")
    response = client.get("/medewerkers/?q=mars", headers={"HX-Request": "true", "HX-Target": "worker-list"})
    page = response.get_data(as_text=True)
    assert "Mars Dassen" in page and "Vossen" not in page
    assert "<html" not in page


def test_the_list_is_alphabetical_as_people_read_it(client, auth):
    """Not capitals first, as bytes sort: "Frans de Jong" before "Frans Willems", "anna" among the A's."""
    for first, last in (("Frans", "Willems"), ("Frans", "de Jong"), ("anna", "Zegers"), ("Bram", "Aarts")):
        factories.WorkerFactory(first_name=first, roepnaam="", last_name=last)
    db.session.commit()
    auth.login("assistant")
    page = client.get("/medewerkers/").get_data(as_text=True)
    shown = [name for name in ("anna Zegers", "Bram Aarts", "Frans de Jong", "Frans Willems") if name in page]
    assert len(shown) == 4 and sorted(shown, key=page.index) == ["anna Zegers", "Bram Aarts", "Frans de Jong", "Frans Willems"]


@pytest.mark.parametrize("typed", ["%", "_", "\\", "a%s", "M_rs"])
def test_search_takes_wildcard_characters_literally(client, auth, typed):
    """A stray % or _ from a phone keyboard finds nobody instead of everybody."""
    factories.WorkerFactory(first_name="Marco", roepnaam="Mars", last_name="Dassen")
    db.session.commit()
    auth.login("assistant")
    page = client.get("/medewerkers/", query_string={"q": typed}, headers={"HX-Request": "true", "HX-Target": "worker-list"})
    assert "Mars Dassen" not in page.get_data(as_text=True)
    found = client.get("/medewerkers/?q=ar", headers={"HX-Request": "true", "HX-Target": "worker-list"})
    assert "Mars Dassen" in found.get_data(as_text=True)


def test_deactivated_workers_leave_the_list_but_keep_their_card_for_counsellors(client, auth):
    worker = factories.WorkerFactory(first_name="Bas", last_name="Bakker")
    db.session.commit()
    auth.login("supervisor")
    response = client.post(f"/medewerkers/{worker.id}/actief", data={"active": "0"}, follow_redirects=True)
    assert response.status_code == 200 and "Bas Bakker is gedeactiveerd." in response.get_data(as_text=True)
    assert "Bas Bakker" not in client.get("/medewerkers/").get_data(as_text=True)
    assert "Bas Bakker" not in client.get("/medewerkers/?inactief=1").get_data(as_text=True)  # counsellors, admins
    assert client.get(f"/medewerkers/{worker.id}").status_code == 404
    client.post("/uitloggen")
    auth.login("counsellor")
    assert "Bas Bakker" in client.get("/medewerkers/?inactief=1").get_data(as_text=True)
    assert "gedeactiveerd" in client.get(f"/medewerkers/{worker.id}").get_data(as_text=True)


def test_viewing_a_card_is_in_the_access_log(client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    staff = auth.login("assistant")
    client.get(f"/medewerkers/{worker.id}")
    line = db.session.scalar(select(AccessLog).where(AccessLog.action == "view"))
    assert (line.staff_id, line.worker_id, line.ip) == (staff.id, worker.id, "127.0.0.1")


def test_assistant_card_shows_floor_data_but_not_the_record(client, auth):
    worker = factories.WorkerFactory(first_name="Toon", phone="06-99998888")
    db.session.commit()
    auth.login("assistant")
    page = client.get(f"/medewerkers/{worker.id}").get_data(as_text=True)
    assert "tel:0699998888" in page and "Afspraken" in page
    assert "uitkering" not in page and "Deactiveren" not in page


def test_agreement_added_from_the_card_comes_back_as_fragment(client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("assistant")
    response = client.post(f"/medewerkers/{worker.id}/afspraken", data={"text": "Geen voorschot."},
                           headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Geen voorschot." in page and "<html" not in page
    assert db.session.scalar(select(Agreement.text)) == "Geen voorschot."


def test_empty_incident_is_refused_with_422_and_nothing_saved(client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("assistant")
    response = client.post(f"/medewerkers/{worker.id}/incidenten", data={"text": " "}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Schrijf kort" in response.get_data(as_text=True)
    assert db.session.scalar(select(Incident)) is None


def test_supervisor_ends_an_agreement_and_it_leaves_the_card(client, auth):
    worker = factories.WorkerFactory()
    agreement = Agreement(worker_id=worker.id, text="Komt om 08:00")
    db.session.add(agreement)
    db.session.commit()
    auth.login("supervisor")
    page = client.post(f"/medewerkers/{worker.id}/afspraken/{agreement.id}/einde", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Komt om 08:00" not in page
    db.session.refresh(agreement)
    assert agreement.ended_at is not None


def test_enrolment_history_keeps_one_current(client, auth, catalogue):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("counsellor")
    from webapp.trajectory.catalogue import find

    lnw, _ = find("lnw", None)
    viavia, phase1 = find("viavia", 1)
    assert client.post(f"/medewerkers/{worker.id}/traject", data={"module_phase": f"{lnw.id}:", "start_date": "2026-01-05"}).status_code == 302
    assert client.post(f"/medewerkers/{worker.id}/traject", data={"module_phase": f"{viavia.id}:{phase1.id}", "start_date": "2026-03-02"}).status_code == 302
    rows = db.session.scalars(select(Enrolment).order_by(Enrolment.start_date)).all()
    assert [(r.module.code, r.start_date, r.end_date) for r in rows] == [
        ("lnw", date(2026, 1, 5), date(2026, 3, 2)), ("viavia", date(2026, 3, 2), None)]
    page = client.get(f"/medewerkers/{worker.id}").get_data(as_text=True)
    assert "Via Via" in page and "ma 2 mrt" in page


def test_enrolment_before_the_current_start_is_refused(client, auth, catalogue):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("counsellor")
    from webapp.trajectory.catalogue import find

    lnw, _ = find("lnw", None)
    gewenning, _ = find("gewenning", None)
    client.post(f"/medewerkers/{worker.id}/traject", data={"module_phase": f"{lnw.id}:", "start_date": "2026-03-01"})
    response = client.post(f"/medewerkers/{worker.id}/traject", data={"module_phase": f"{gewenning.id}:", "start_date": "2026-02-01"})
    assert response.status_code == 422
    assert "vóór de start" in response.get_data(as_text=True)


def test_weekly_schedule_is_saved_per_block_and_day(client, auth):
    worker = factories.WorkerFactory()
    workshop = factories.WorkshopFactory(name="Hout")
    db.session.commit()
    morning, afternoon = workshop.blocks
    auth.login("supervisor")
    page = client.get(f"/medewerkers/{worker.id}/rooster").get_data(as_text=True)
    assert "Hout" in page
    client.post(f"/medewerkers/{worker.id}/rooster", data={"slot": [f"{morning.id}:0", f"{afternoon.id}:0", f"{morning.id}:3", "999:1", "x"]})
    slots = {(s.block_id, s.weekday) for s in db.session.scalars(select(ScheduleSlot))}
    assert slots == {(morning.id, 0), (afternoon.id, 0), (morning.id, 3)}
    page = client.get(f"/medewerkers/{worker.id}/rooster").get_data(as_text=True)
    ticked = {box.split('value="')[1].split('"')[0] for box in page.split("<input")[1:] if 'name="slot"' in box
              and box.split(">")[0].rstrip().endswith("checked")}
    assert ticked == {f"{morning.id}:0", f"{afternoon.id}:0", f"{morning.id}:3"}


def test_the_card_of_a_former_worker_says_when_and_why_they_left(app, client, auth, catalogue):
    """The trajectory page's line: "Uitgestroomd op … · reason (class)", for those who may read trajectories."""
    from webapp.trajectory import catalogue as methods
    from webapp.trajectory.operations import end_trajectory, enrol

    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"
    left = factories.WorkerFactory(first_name="Lot", last_name="Weg")
    staying = factories.WorkerFactory(first_name="Bas", last_name="Blijft")
    module, _ = methods.find("algemeen", None)
    for person in (left, staying):
        enrol(person, module, None, date(2026, 3, 2), commit=False)
    db.session.flush()
    end_trajectory(left, date(2026, 8, 31), "regulier_werk", "Schoonmaker bij de gemeente")
    db.session.commit()
    auth.login("supervisor")
    line = "Uitgestroomd op ma 31 aug · <strong>Regulier werk</strong>"
    card = client.get(f"/medewerkers/{left.id}").get_data(as_text=True)
    assert line in card and "(positief)" in card
    trajectory = client.get(f"/trajecten/medewerker/{left.id}").get_data(as_text=True)
    assert line in trajectory and "(positief)" in trajectory  # the same words on both
    assert "Uitgestroomd" not in client.get(f"/medewerkers/{staying.id}").get_data(as_text=True)
    floor = app.test_client()
    from .conftest import Auth
    Auth(floor).login("assistant")
    assert "Uitgestroomd" not in floor.get(f"/medewerkers/{left.id}").get_data(as_text=True)
