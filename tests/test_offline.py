"""Server side of offline work: idempotent writes by client UUID, answers a queue can trust, the PWA files."""
import json
from datetime import date, time

import pytest
from sqlalchemy import func, select

from webapp import clock
from webapp.attendance.models import Attendance, AttendanceChange
from webapp.extensions import db
from webapp.offline.models import AppliedWrite
from webapp.workers.models import ScheduleSlot

from . import factories
from .conftest import Auth

UUID = "3b6f1c1e-8d1a-4c1b-9a57-0a1b2c3d4e5f"


@pytest.fixture
def board(app, auth):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"
    workshop = factories.WorkshopFactory(name="Hout")
    worker = factories.WorkerFactory()
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=workshop.blocks[0].id, weekday=0))
    db.session.commit()
    auth.login("supervisor")
    return {"url": f"/werkvloer/{workshop.id}/markeren", "form": {"worker_id": worker.id, "blok": workshop.blocks[0].id,
                                                                   "datum": "2026-11-23", "client_id": UUID}}


def test_the_same_uuid_twice_is_one_change_and_both_answers_name_it(client, board):
    for attempt in range(2):
        response = client.post(board["url"], data={**board["form"], "status": "aanwezig",
                                                   "device_at": f"2026-11-23T08:0{attempt}:00Z", "offline": str(attempt)},
                               headers={"Dagdeel-Replay": "1"})
        assert response.status_code == 200
        assert response.headers["Dagdeel-Applied"] == UUID
    assert db.session.scalar(select(func.count(AttendanceChange.id))) == 1
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 1


def test_the_same_uuid_with_other_data_is_refused(client, board):
    client.post(board["url"], data={**board["form"], "status": "aanwezig"})
    response = client.post(board["url"], data={**board["form"], "status": "naar_huis", "reason": "ziek"})
    assert response.status_code == 422 and "Dagdeel-Applied" not in response.headers
    assert db.session.scalar(select(Attendance.status)) == "aanwezig"


def test_a_refused_write_is_not_recorded_as_applied(client, board):
    htmx = {"HX-Request": "true"}
    response = client.post(board["url"], data={**board["form"], "status": "vroeg_weg"}, headers=htmx)  # no reason
    assert response.status_code == 422 and "Dagdeel-Applied" not in response.headers
    assert db.session.scalar(select(AppliedWrite)) is None
    fixed = client.post(board["url"], data={**board["form"], "status": "vroeg_weg", "reason": "afspraak"}, headers=htmx)
    assert fixed.status_code == 200 and fixed.headers["Dagdeel-Applied"] == UUID


def test_a_redirecting_write_answers_a_background_request_itself(app, client, auth):
    workshop = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    pickup = factories.RoundFactory()
    signup = factories.SignUpFactory(round=pickup, shelter_id=pickup.stops[0].shelter_id)
    db.session.commit()
    auth.login("assistant")
    client.post(f"/ronde/{pickup.id}/aanmeldingen/{signup.id}/instappen", data={"boarded": "1"})
    response = client.post(f"/ronde/{pickup.id}/aankomst", headers={"HX-Request": "true"},
                           data={"present": [signup.id], "client_id": UUID})
    assert response.status_code == 200
    assert response.headers["HX-Location"] == f"/ronde/{pickup.id}" and response.headers["Dagdeel-Applied"] == UUID
    again = client.post(f"/ronde/{pickup.id}/aankomst", headers={"Dagdeel-Replay": "1"},
                        data={"present": [signup.id], "client_id": UUID})
    assert again.status_code == 200 and again.headers["Dagdeel-Applied"] == UUID  # applied before: not a conflict
    assert db.session.scalar(select(func.count(Attendance.id)).where(Attendance.block_id == workshop.blocks[0].id)) == 1


def test_an_expired_session_answers_401_to_the_queue_not_the_login_page(client, board):
    client.post("/uitloggen")
    response = client.post(board["url"], data={**board["form"], "status": "aanwezig"}, headers={"Dagdeel-Replay": "1"})
    assert response.status_code == 401


def test_a_prefetch_after_logout_leaves_the_login_pages_message_for_the_person(client, auth):
    """The service worker may still be prefetching today's screens when someone logs out: the prefetch gets a 401,
    not the login page, which would show (and so use up) "Je bent uitgelogd." before the person sees it."""
    auth.login("assistant")
    client.post("/uitloggen")
    prefetch = client.get("/ronde/", headers={"Dagdeel-Prefetch": "1"})
    assert prefetch.status_code == 401
    assert "Je bent uitgelogd." in client.get("/inloggen").get_data(as_text=True)


def test_manifest_and_service_worker(client):
    manifest = json.loads(client.get("/manifest.webmanifest").get_data(as_text=True))
    assert (manifest["name"], manifest["lang"], manifest["display"], manifest["start_url"]) == ("Dagdeel", "nl", "standalone", "/ronde/")
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker.headers["Content-Type"].startswith("text/javascript") and worker.headers["Cache-Control"] == "no-cache"
    script = worker.get_data(as_text=True)
    assert "/static/js/app.js" in script and '"/offline"' in script and '"/offline/beurt"' in script
    assert client.get("/offline").status_code == 200
    turn = client.get("/offline/beurt")  # kept without a session: the worker's turn without network
    assert turn.status_code == 200 and "Geef de telefoon terug aan je begeleider." in turn.get_data(as_text=True)
    assert "tabbar" not in turn.get_data(as_text=True)


def test_pages_vary_on_hx_request_and_are_not_stored_by_the_browser(client, board):
    response = client.get("/medewerkers/")
    assert "HX-Request" in response.headers["Vary"] and response.headers["Cache-Control"] == "no-store"
    assert '"historyCacheSize": 0' in response.get_data(as_text=True)


def test_a_client_id_longer_than_a_uuid_is_refused_not_a_server_error(client, board):
    """Found by the load test: a 41-character id reached the database and failed there (500 on PostgreSQL)."""
    response = client.post(board["url"], headers={"HX-Request": "true"}, data={**board["form"], "client_id": "x" * 41})
    assert response.status_code == 422


@pytest.fixture
def cash_box(app, auth):
    app.config["DAGDEEL_NOW"] = "2026-11-23T08:00"
    staff = auth.login("assistant")
    box = factories.CashBoxFactory(staff=staff, date=date(2026, 11, 23))
    db.session.commit()
    return box


def test_a_resent_float_does_not_undo_a_later_change(client, cash_box):
    """Float 50 (A), changed to 60 (B); A arrives again from the queue: still 60, and A's answer says applied."""
    url, other = f"/uitbetaling/kas/{cash_box.id}/begin", "7c1d2e3f-4a5b-4c6d-8e7f-809a1b2c3d4e"
    client.post(url, data={"amount": "50", "vouchers": "3", "client_id": UUID}, headers={"HX-Request": "true"})
    client.post(url, data={"amount": "60", "vouchers": "3", "client_id": other}, headers={"HX-Request": "true"})
    again = client.post(url, data={"amount": "50", "vouchers": "3", "client_id": UUID}, headers={"Dagdeel-Replay": "1"})
    assert again.status_code == 200 and again.headers["Dagdeel-Applied"] == UUID
    db.session.refresh(cash_box)
    assert cash_box.opening_cents == 6000


def test_the_path_is_part_of_the_write(client, cash_box):
    """The same UUID and form sent to another step (or box) is another write: refused, not applied."""
    client.post(f"/uitbetaling/kas/{cash_box.id}/begin", data={"amount": "50", "vouchers": "3", "client_id": UUID})
    other = client.post(f"/uitbetaling/kas/{cash_box.id}/tellen", headers={"Dagdeel-Replay": "1"},
                        data={"amount": "50", "vouchers": "3", "client_id": UUID})
    assert other.status_code == 422 and "Dagdeel-Applied" not in other.headers
    assert 'role="alert"' in other.get_data(as_text=True)
    db.session.refresh(cash_box)
    assert (cash_box.opening_cents, cash_box.counted_cents) == (5000, None)


def test_a_plain_form_resent_goes_back_to_its_page(client, cash_box):
    """Without JavaScript a resent form is not applied again either; the browser is sent back where it was."""
    url, data = f"/uitbetaling/kas/{cash_box.id}/begin", {"amount": "50", "vouchers": "3", "client_id": UUID}
    client.post(url, data=data)
    again = client.post(url, data=data, headers={"Referer": "http://localhost/uitbetaling/kas?datum=2026-11-23"})
    assert again.status_code == 303 and again.headers["Location"] == "/uitbetaling/kas?datum=2026-11-23"
    assert client.post(url, data=data, headers={"Referer": "https://evil.example/"}).headers["Location"] == "/"


@pytest.mark.parametrize("client_id", ["not-a-uuid", "3B6F1C1E-8D1A-4C1B-9A57-0A1B2C3D4E5F", "{%s}" % UUID,
                                       UUID + "\r\nSet-Cookie: session=stolen", UUID.replace("-", ""), " " + UUID])
def test_a_client_id_that_is_not_a_canonical_uuid_is_refused(client, board, client_id):
    """Never stored, never echoed in a header: a Dutch 422 before the view runs."""
    response = client.post(board["url"], headers={"Dagdeel-Replay": "1"},
                           data={**board["form"], "status": "aanwezig", "client_id": client_id})
    assert response.status_code == 422 and "Dagdeel-Applied" not in response.headers
    assert "actie-id" in response.get_data(as_text=True) and 'role="alert"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 0
    assert db.session.scalar(select(func.count(Attendance.id))) == 0


def test_a_refusal_to_the_queue_is_only_the_reason(client, board):
    """A queued write to something that is gone gets the refusal itself, not a page (the phone shows it as is)."""
    response = client.post("/medewerkers/999999/afspraken", data={"text": "x", "client_id": UUID},
                           headers={"Dagdeel-Replay": "1"})
    assert response.status_code == 404
    assert response.get_data(as_text=True) == '<p class="error" role="alert">Niet gevonden: deze pagina of medewerker bestaat niet (meer).</p>'


def test_a_refused_cash_write_from_the_queue_is_a_refusal(client, cash_box):
    """A refused write must not look applied to the queue: a float for a box already signed off comes back as
    a 422 with the reason (a conflict on the phone), nothing is recorded as applied, and the same UUID may come
    again; without JavaScript the cash page says why, as a 422 too (issue 13: no flash and redirect)."""
    cash_box.signed_off_at = clock.now()
    db.session.commit()
    url = f"/uitbetaling/kas/{cash_box.id}/begin"
    answer = client.post(url, data={"amount": "50", "vouchers": "3", "client_id": UUID}, headers={"Dagdeel-Replay": "1"})
    assert answer.status_code == 422 and "Dagdeel-Applied" not in answer.headers
    assert "al afgetekend" in answer.get_data(as_text=True) and 'role="alert"' in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 0
    db.session.refresh(cash_box)
    assert cash_box.opening_cents is None
    page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert "al afgetekend" not in page  # the refusal went to the phone's conflict list, not to a later page
    plain = client.post(url, data={"amount": "50", "vouchers": "3", "client_id": UUID})  # without JavaScript
    assert plain.status_code == 422 and "al afgetekend" in plain.get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, {"Dagdeel-Replay": "1"}, {"HX-Request": "true", "HX-Boosted": "true"}])
@pytest.mark.parametrize("step, data, reason", [
    ("begin", {"amount": "50", "vouchers": "3"}, "al afgetekend"),
    ("tellen", {"amount": "50", "vouchers": "3", "note": ""}, "al afgetekend"),
    ("aftekenen", {}, "al afgetekend"),
])
def test_a_refused_cash_write_is_never_recorded_as_applied(client, cash_box, headers, step, data, reason):
    """Every cash write the server refuses (a plain form, a replay from the queue, a boosted form) is a 422
    with the reason in a role="alert" element, and its UUID is not in applied_write: the same write may come
    again once the reason is gone. Before issue 13 a plain form's refusal was a flash and a redirect, which
    the replay guard recorded as applied."""
    cash_box.signed_off_at = clock.now()
    db.session.commit()
    if step == "aftekenen":
        client.post("/uitloggen")
        Auth(client).login("supervisor")
    answer = client.post(f"/uitbetaling/kas/{cash_box.id}/{step}", data={**data, "client_id": UUID}, headers=headers)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Dagdeel-Applied" not in answer.headers
    assert reason in text and 'role="alert"' in text
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 0


def test_a_cash_count_that_cannot_be_read_keeps_what_was_typed(client, cash_box):
    """A count with an amount that is no amount is a Dutch 422 on the cash page, with what was typed still in
    the form it came from."""
    answer = client.post(f"/uitbetaling/kas/{cash_box.id}/tellen", data={"amount": "zeven", "vouchers": "2",
                                                                         "note": "fooi", "client_id": UUID})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Schrijf een bedrag als 4,60." in text
    assert 'value="zeven"' in text and 'value="fooi"' in text
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 0


def test_a_count_with_a_difference_and_no_explanation_is_kept_and_asks_for_one(client, cash_box):
    """The count is what was counted (kept, never lost), but a difference without a word gets a warning."""
    cash_box.opening_cents, cash_box.vouchers_taken = 8800, 0
    db.session.commit()
    answer = client.post(f"/uitbetaling/kas/{cash_box.id}/tellen", data={"amount": "85,50", "vouchers": "0", "note": ""})
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    form = page.split("Tellen (eind van de dag)")[1].split("</details>")[0]  # asked in the open form, at the field
    assert '<details class="add-note" open><summary class="btn">Tellen' in page and "schrijf hier wat er is gebeurd" in form
    assert 'aria-describedby="note-why-' in form and "autofocus" in form
    db.session.refresh(cash_box)
    assert cash_box.counted_cents == 8550


def test_the_favicon_is_the_apps_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.get_data()[:8] == b"\x89PNG\r\n\x1a\n"
