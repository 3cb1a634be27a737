"""Two buses on one day: facts (boarded, arrived) win over plans (the sign-up list), and keep their own time."""
import re
from datetime import datetime, time, timezone

import pytest
from sqlalchemy import select

from webapp.attendance.models import Attendance
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.rounds.models import PickupRound, SignUp

from . import factories

TODAY = "2026-11-23"
OK = {"uitkering": True, "postadres": True, "ingeschreven": True}
UUID = "7d1e6c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6"
HTMX = {"HX-Request": "true"}


def utc(hhmm: str) -> datetime:
    """A moment this Monday (the test's day) at local time hh:mm (CET: UTC+1), as aware UTC."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2026, 11, 23, hours - 1, minutes, tzinfo=timezone.utc)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def day(app, client, auth):
    """Monday 09:52: Bus 1 and Bus 2 both ride past De Boei and Het Anker; an assistant is logged in."""
    app.config["DAGDEEL_NOW"] = f"{TODAY}T09:52"
    boei = factories.ShelterFactory(name="De Boei", route_order=1)
    anker = factories.ShelterFactory(name="Het Anker", route_order=2)
    factories.BusFactory(name="Bus 1", seats=8)
    factories.BusFactory(name="Bus 2", seats=8)
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    db.session.commit()
    auth.login("assistant", name="Anna Assistent")
    assert client.post("/ronde/start").status_code == 302
    assert client.post("/ronde/start").status_code == 302
    one, two = db.session.scalars(select(PickupRound).order_by(PickupRound.id)).all()
    assert (one.bus.name, two.bus.name) == ("Bus 1", "Bus 2")
    return {"one": one, "two": two, "boei": boei, "anker": anker, "block": lnw.blocks[0], "auth": auth}


def as_supervisor(client, auth, name="Sam Super"):
    client.post("/uitloggen")
    return auth.login("supervisor", name=name)


def sign_up(client, pickup, worker, shelter, **extra):
    return client.post(f"/ronde/{pickup.id}/aanmelden", headers=HTMX,
                       data={"worker_id": worker.id, "shelter_id": shelter.id, **extra})


def board(client, pickup, reference, boarded="1", **extra):
    return client.post(f"/ronde/{pickup.id}/instappen", headers=HTMX,
                       data={"worker_id": reference, "boarded": boarded, **extra})


def signup_of(worker) -> SignUp:
    db.session.expire_all()
    return db.session.scalar(select(SignUp).where(SignUp.worker_id == worker.id))


def left_behind_by_bus_1(client, day, name="Sjef"):
    """Two sign-ups on Bus 1 with one seat: the second person stays behind ("vol — voorrang volgende keer")."""
    rider, left = factories.WorkerFactory(roepnaam="Rijder", **OK), factories.WorkerFactory(roepnaam=name, **OK)
    day["one"].bus.seats = 1
    db.session.commit()
    sign_up(client, day["one"], rider, day["boei"])
    sign_up(client, day["one"], left, day["boei"])
    client.post(f"/ronde/{day['one'].id}/keuze", data={"rides": [signup_of(rider).id]})
    assert signup_of(left).selected is False
    return left


def test_the_finding_refused_sign_up_then_boarding_and_arrival_still_land_at_the_taps_time(client, day):
    """The phone, offline on Bus 2, signed up someone who is still on Bus 1's list (Bus 1 has not chosen yet),
    boarded him at 09:40 and confirmed arrival at 09:50; the queue reaches the server at 09:52. The sign-up is
    refused (he is on Bus 1's list), but his boarding moves him to Bus 2 and the arrival makes him present,
    at the taps' own times."""
    sjef = factories.WorkerFactory(roepnaam="Sjef", **OK)
    db.session.commit()
    sign_up(client, day["one"], sjef, day["boei"])
    refused = sign_up(client, day["two"], sjef, day["anker"], client_id=UUID, device_at=utc("09:35").isoformat())
    assert refused.status_code == 422 and "is vandaag al aangemeld bij De Boei (Bus 1)" in refused.get_data(as_text=True)

    boarded = board(client, day["two"], sjef.id, device_at=utc("09:40").isoformat())
    assert boarded.status_code == 200, boarded.get_data(as_text=True)
    moved = signup_of(sjef)
    assert (moved.round_id, moved.shelter_id, moved.boarded_at) == (day["two"].id, day["boei"].id, utc("09:40"))
    assert moved.rides and moved.moved_from_round_id == day["one"].id

    arrived = client.post(f"/ronde/{day['two'].id}/aankomst", data={"present_worker": [str(sjef.id)],
                                                                     "device_at": "2026-11-23T08:50:00Z"})
    assert arrived.status_code == 302
    record = db.session.scalar(select(Attendance).where(Attendance.worker_id == sjef.id))
    assert (record.status, record.block_id, record.device_at) == ("aanwezig", day["block"].id, utc("09:50"))
    assert "aangekomen 09:50" in record.note
    db.session.expire_all()
    assert db.session.get(PickupRound, day["two"].id).arrived_at == utc("09:50")
    page = text(client.get(f"/ronde/{day['two'].id}").get_data(as_text=True))
    assert "Aangekomen om 09:50" in page and "overgezet van Bus 1 door Anna Assistent" in page


def taken_buttons(html: str) -> dict[str, str]:
    """The one-tap sign-up buttons that say why their person is not free today: that reason, and whether the button
    is greyed out and cannot be tapped ("taken": offline too, where no server refuses it) or offered as usual ("free")."""
    found = re.findall(r'<button class="tap-row( taken)?"([^>]*)>(?:(?!</button>).)*<small class="badge badge-taken">([^<]*)</small>', html, re.S)
    assert all(bool(greyed) == (" disabled" in attributes) for greyed, attributes, _ in found), found
    return {reason: "taken" if greyed else "free" for greyed, _, reason in found}


def test_someone_left_behind_by_bus_1_signs_up_on_bus_2_and_rides_along(client, day):
    """Bus 1 had no seat for Sjef ("vol — voorrang volgende keer"); Bus 2 passes his stop: one tap signs him up
    there. Not a refusal: his sign-up moves to Bus 2, picked up at this stop, and says where it came from."""
    sjef = left_behind_by_bus_1(client, day)
    sjef.shelter_id = day["anker"].id
    db.session.commit()
    page = client.get(f"/ronde/{day['two'].id}").get_data(as_text=True)
    assert taken_buttons(page) == {"in Bus 1 · achtergebleven": "free"}
    answer = sign_up(client, day["two"], sjef, day["anker"], client_id=UUID)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    moved = signup_of(sjef)
    assert (moved.round_id, moved.shelter_id, moved.moved_from_round_id) == (day["two"].id, day["anker"].id, day["one"].id)
    assert moved.rides and moved.boarded_at is None
    assert "overgezet van Bus 1 door Anna Assistent" in text(client.get(f"/ronde/{day['two'].id}").get_data(as_text=True))
    assert sign_up(client, day["two"], sjef, day["anker"], client_id=UUID).headers["Dagdeel-Applied"] == UUID  # replay: once
    again = sign_up(client, day["one"], sjef, day["boei"])  # back on Bus 1? He is on Bus 2's list now: refused
    assert again.status_code == 422 and "(Bus 2)" in again.get_data(as_text=True)


@pytest.mark.parametrize("how", ["worker id", "client uuid", "sign-up id"])
def test_boarding_on_bus_2_moves_a_sign_up_that_did_not_board_bus_1(client, day, how):
    kees = factories.WorkerFactory(roepnaam="Kees", **OK)
    db.session.commit()
    sign_up(client, day["one"], kees, day["boei"], client_id=UUID)
    signup_id = signup_of(kees).id
    if how == "sign-up id":  # a phone that still shows the sign-up on the round it was moved from
        response = client.post(f"/ronde/{day['two'].id}/aanmeldingen/{signup_id}/instappen", headers=HTMX, data={"boarded": "1"})
    else:
        response = board(client, day["two"], kees.id if how == "worker id" else UUID)
    assert response.status_code == 200
    moved = signup_of(kees)
    assert (moved.id, moved.round_id, moved.moved_by.name) == (signup_id, day["two"].id, "Anna Assistent")
    assert moved.boarded_at == utc("09:52")
    log = db.session.scalar(select(AccessLog).where(AccessLog.action == "signup_move"))
    assert log.worker_id == kees.id and "overgezet van Bus 1 naar Bus 2 door Anna Assistent" in log.detail
    assert "Kees" not in text(client.get(f"/ronde/{day['one'].id}").get_data(as_text=True)).split("Instappen")[-1]


def test_bus_1_arrived_without_him_boarding_him_on_bus_2_clears_the_no_show(client, day):
    piet, other = factories.WorkerFactory(roepnaam="Piet", **OK), factories.WorkerFactory(roepnaam="Ander", **OK)
    db.session.commit()
    sign_up(client, day["one"], piet, day["boei"])
    sign_up(client, day["one"], other, day["boei"])
    board(client, day["one"], other.id)
    assert client.post(f"/ronde/{day['one'].id}/aankomst", data={"present": [signup_of(other).id]}).status_code == 302
    assert signup_of(piet).no_show
    assert board(client, day["two"], piet.id).status_code == 200
    moved = signup_of(piet)
    assert (moved.round_id, moved.no_show, moved.boarded_at is not None) == (day["two"].id, False, True)


def test_boarded_on_both_is_a_conflict_on_both_pages_resolved_by_a_supervisor(client, day, auth):
    lies = factories.WorkerFactory(roepnaam="Lies", **OK)
    db.session.commit()
    sign_up(client, day["one"], lies, day["boei"])
    board(client, day["one"], lies.id, device_at=utc("09:30").isoformat())
    response = board(client, day["two"], lies.id, device_at=utc("09:45").isoformat())
    assert response.status_code == 200 and "Ingestapt in twee bussen" in response.get_data(as_text=True)
    signup = signup_of(lies)
    assert (signup.round_id, signup.conflict_round_id, signup.conflict_boarded_at) == (day["one"].id, day["two"].id, utc("09:45"))
    for pickup in (day["one"], day["two"]):
        page = text(client.get(f"/ronde/{pickup.id}").get_data(as_text=True))
        assert "Lies" in page and "is afgevinkt in Bus 1 (09:30) én in Bus 2 (09:45, door Anna Assistent)" in page
        assert "Zat in Bus 2" not in page and "Een werkbegeleider legt vast" in page  # an assistant cannot settle it
    url = f"/ronde/{day['two'].id}/aanmeldingen/{signup.id}/dubbel"
    assert client.post(url, data={"rode": day["two"].id}).status_code == 403

    as_supervisor(client, auth)
    page = client.get(f"/ronde/{day['two'].id}").get_data(as_text=True)
    assert "Zat in Bus 1" in page and "Zat in Bus 2" in page
    assert client.post(url, data={"rode": day["two"].id, "client_id": UUID}).status_code == 302
    settled = signup_of(lies)
    assert (settled.round_id, settled.conflict_round_id, settled.boarded_at) == (day["two"].id, None, utc("09:45"))
    assert "overgezet van Bus 1 door Sam Super" in text(client.get(f"/ronde/{day['two'].id}").get_data(as_text=True))
    assert "Ingestapt in twee bussen" not in client.get(f"/ronde/{day['one'].id}").get_data(as_text=True)
    assert client.post(url, data={"rode": day["two"].id, "client_id": UUID}).status_code in (200, 302, 303)  # replay: once


def test_the_other_answer_keeps_him_on_bus_1_and_undoing_the_second_boarding_clears_it(client, day, auth):
    lies = factories.WorkerFactory(roepnaam="Lies", **OK)
    db.session.commit()
    sign_up(client, day["one"], lies, day["boei"])
    board(client, day["one"], lies.id)
    board(client, day["two"], lies.id)
    board(client, day["two"], lies.id, boarded="0")  # checked off on Bus 2 by mistake, undone
    assert signup_of(lies).conflict_round_id is None
    board(client, day["two"], lies.id)
    as_supervisor(client, auth)
    client.post(f"/ronde/{day['one'].id}/aanmeldingen/{signup_of(lies).id}/dubbel", data={"rode": day["one"].id})
    kept = signup_of(lies)
    assert (kept.round_id, kept.conflict_round_id, kept.moved_from_round_id) == (day["one"].id, None, None)


def test_attendance_from_an_arrival_is_kept_when_the_sign_up_moves(client, day, auth):
    """Bus 1 arrives with Lies present; Bus 2's phone had also checked her off and arrives with her: she is
    present once, and settling the conflict for Bus 2 moves the sign-up but leaves her workday alone."""
    lies, other = factories.WorkerFactory(roepnaam="Lies", **OK), factories.WorkerFactory(roepnaam="Ander", **OK)
    db.session.commit()
    sign_up(client, day["one"], lies, day["boei"])
    sign_up(client, day["two"], other, day["anker"])
    board(client, day["one"], lies.id)
    board(client, day["two"], other.id)
    board(client, day["two"], lies.id)
    assert "ook afgevinkt in Bus 1" in client.get(f"/ronde/{day['two'].id}/aankomst").get_data(as_text=True)
    client.post(f"/ronde/{day['one'].id}/aankomst", data={"present": [signup_of(lies).id]})
    client.post(f"/ronde/{day['two'].id}/aankomst", data={"present_worker": [str(lies.id), str(other.id)]})
    present = db.session.scalars(select(Attendance.worker_id).where(Attendance.status == "aanwezig")).all()
    assert sorted(present) == sorted([lies.id, other.id])
    as_supervisor(client, auth)
    client.post(f"/ronde/{day['two'].id}/aanmeldingen/{signup_of(lies).id}/dubbel", data={"rode": day["two"].id})
    assert signup_of(lies).round_id == day["two"].id
    assert db.session.scalar(select(Attendance.status).where(Attendance.worker_id == lies.id)) == "aanwezig"


def test_the_second_bus_marks_who_is_on_another_bus_or_already_at_work(client, day):
    left = left_behind_by_bus_1(client, day, name="Achter")
    working = factories.WorkerFactory(roepnaam="Werkt", shelter_id=day["boei"].id, **OK)
    free = factories.WorkerFactory(roepnaam="Vrij", shelter_id=day["boei"].id, **OK)
    left.shelter_id = day["boei"].id
    db.session.commit()
    from webapp.attendance.operations import set_status

    set_status(working.id, db.session.get(PickupRound, day["two"].id).date, day["block"].id, "aanwezig")
    db.session.commit()
    page = client.get(f"/ronde/{day['two'].id}").get_data(as_text=True)
    boei = page.split(f'id="stop-{day["boei"].id}"')[1].split("</details>")[0]
    # each one-tap button: who, and (in its name, as a badge) why they are not free: "Aanmelden — Achter … in Bus 1 · …"
    buttons = re.findall(r'<button class="tap-row[^"]*"[^>]*>(.*?)</button>', boei, re.S)
    named = [re.sub(r"\s+", " ", re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>|<[^>]+>', " ", b)).strip() for b in buttons]
    marked = [(re.match(r"Aanmelden — (\S+)", n).group(1), re.sub(r"^Aanmelden — \S+ \S+ ?", "", n)) for n in named]
    assert sorted(marked[:2]) == [("Achter", "in Bus 1 · achtergebleven"), ("Vrij", "")]  # who may come along first
    assert marked[2:] == [("Werkt", "al aan het werk")]
    # left behind may still come along (a plain button); at work may not (greyed: class "taken")
    assert taken_buttons(boei) == {"in Bus 1 · achtergebleven": "free", "al aan het werk": "taken"}
    rider = client.get(f"/ronde/{day['two'].id}/zoeken?shelter_id={day['anker'].id}&q=Rijder").get_data(as_text=True)
    assert "in Bus 1 · aangemeld" in rider
    found = client.get(f"/ronde/{day['two'].id}/zoeken?shelter_id={day['anker'].id}&q=Werkt").get_data(as_text=True)
    assert "al aan het werk" in found and free.roepnaam not in found


@pytest.mark.parametrize("path, data", [
    ("/ronde/{two}/instappen", {"worker_id": "99999999999999999999", "boarded": "1"}),
    ("/ronde/{two}/instappen", {"worker_id": "", "boarded": "1"}),
    ("/ronde/{two}/instappen", {"worker_id": "x" * 80, "boarded": "ja"}),
    ("/ronde/{two}/aanmeldingen/99999999999999999999/instappen", {"boarded": "1"}),
    ("/ronde/99999999999999999999/instappen", {"worker_id": "1"}),
    ("/ronde/{two}/aanmelden", {"worker_id": "1e9", "shelter_id": "{boei}"}),
    ("/ronde/{two}/aanmelden", {"worker_id": "99999999999999999999", "shelter_id": "{boei}"}),
    ("/ronde/{two}/aanmelden", {"worker_id": "{worker}", "shelter_id": "99999999999999999999"}),
    ("/ronde/{two}/aanmelden", {"worker_id": "{worker}", "shelter_id": "{boei}", "client_id": "a\r\nb"}),
    ("/ronde/{two}/nieuw", {"shelter_id": "{boei}", "name": "x" * 500}),
    ("/ronde/{two}/keuze", {"rides": "99999999999999999999"}),
    ("/ronde/{two}/keuze", {"rides": "abc"}),
    ("/ronde/{two}/aankomst", {"present": "99999999999999999999", "device_at": "2099-01-01T00:00"}),
    ("/ronde/{two}/aanmeldingen/99999999999999999999/intrekken", {}),
    ("/ronde/{two}/aanmeldingen/{signup}/dubbel", {"rode": "99999999999999999999"}),
    ("/ronde/{two}/aanmeldingen/{signup}/dubbel", {"rode": "nee"}),
    ("/ronde/plannen", {"date": "9999-12-31", "bus_id": "1", "stop-1": "1", "order-1": "x", "staff": "99999999999999999999"}),
    ("/ronde/plannen", {"date": "2026-02-30", "bus_id": "1"}),
])
def test_bad_input_on_the_round_is_a_dutch_4xx(client, day, auth, path, data):
    worker = factories.WorkerFactory(**OK)
    db.session.commit()
    sign_up(client, day["one"], worker, day["boei"])
    as_supervisor(client, auth)
    ids = {"two": day["two"].id, "boei": day["boei"].id, "worker": worker.id, "signup": signup_of(worker).id}
    response = client.post(path.format(**ids), data={k: v.format(**ids) for k, v in data.items()}, headers=HTMX)
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:300])
    assert re.search(r"Niet gevonden|Ongeldig|Klopt niet|Kies|geldige|bestaat niet|nog niemand|aangemeld|Vul", response.get_data(as_text=True))


def test_a_boarding_for_someone_signed_up_nowhere_today_says_so(client, day):
    nobody = factories.WorkerFactory(roepnaam="Niemand", **OK)
    db.session.commit()
    response = board(client, day["two"], nobody.id)
    assert response.status_code == 422 and "Niemand" in response.get_data(as_text=True)
    assert "is vandaag nergens aangemeld" in response.get_data(as_text=True)


def test_a_refused_boarding_from_the_queue_comes_back_as_a_refusal(client, day):
    """Replayed from the phone's queue (no htmx), a refused boarding is a 422 with its reason, never 'applied'."""
    nobody = factories.WorkerFactory(roepnaam="Niemand", **OK)
    db.session.commit()
    response = client.post(f"/ronde/{day['two'].id}/instappen", headers={"Dagdeel-Replay": "1"},
                           data={"worker_id": nobody.id, "boarded": "1", "client_id": UUID})
    assert response.status_code == 422 and "Dagdeel-Applied" not in response.headers
    assert "Niemand" in response.get_data(as_text=True) and "is vandaag nergens aangemeld" in response.get_data(as_text=True)


@pytest.mark.parametrize("sent, kept", [("09:40", "09:40"), ("10:30", "09:52"), ("2026-11-21T08:00:00Z", "09:52")])
def test_boarding_records_the_taps_time_clamped(client, day, sent, kept):
    kees = factories.WorkerFactory(**OK)
    db.session.commit()
    sign_up(client, day["two"], kees, day["boei"])
    board(client, day["two"], kees.id, device_at=sent if "T" in sent else utc(sent).isoformat())
    assert signup_of(kees).boarded_at == utc(kept)


def test_an_arrival_with_a_clock_we_do_not_believe_uses_the_servers_time_and_says_so(client, day):
    kees = factories.WorkerFactory(**OK)
    db.session.commit()
    sign_up(client, day["two"], kees, day["boei"])
    board(client, day["two"], kees.id)
    client.post(f"/ronde/{day['two'].id}/aankomst", data={"present_worker": [str(kees.id)], "device_at": "2099-01-01T08:00:00Z"})
    record = db.session.scalar(select(Attendance).where(Attendance.worker_id == kees.id))
    assert record.device_at is None and "aangekomen 09:52" in record.note and "niet geloofd" in record.note
    db.session.expire_all()
    assert db.session.get(PickupRound, day["two"].id).arrived_at == utc("09:52")
