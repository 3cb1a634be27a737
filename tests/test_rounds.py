"""The ophaalronde end to end through HTTP: start, sign up, rotation, board, arrive, print."""
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.attendance.models import Attendance, AttendanceChange
from webapp.extensions import db
from webapp.rounds import queries
from webapp.rounds.models import PickupRound, SignUp
from webapp.workers.models import Agreement, Worker

from . import factories

TODAY = date(2026, 11, 23)
OK = {"uitkering": True, "postadres": True, "ingeschreven": True}


@pytest.fixture
def setup(app):
    """Monday 09:35 with a bus of 8 seats, two shelters on the route, and a Loon naar Werken workday."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:35"
    boei = factories.ShelterFactory(name="De Boei", route_order=1)
    anker = factories.ShelterFactory(name="Het Anker", route_order=2)
    bus = factories.BusFactory(name="Bus 1", seats=8)
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    db.session.commit()
    return {"boei": boei, "anker": anker, "bus": bus, "block": lnw.blocks[0]}


@pytest.fixture
def pickup(setup, client, auth):
    auth.login("assistant")
    response = client.post("/ronde/start")
    assert response.status_code == 302
    return db.session.scalar(select(PickupRound))



def text(html: str) -> str:
    """What the screen says, without markup."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def visible_text(html: str) -> str:
    """What the screen shows: the text outside any element marked `hidden`."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.words = [], []

        def handle_starttag(self, tag, attrs):
            self.stack.append(any(name == "hidden" for name, _ in attrs) or (bool(self.stack) and self.stack[-1]))

        def handle_endtag(self, tag):
            if self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if not (self.stack and self.stack[-1]):
                self.words.append(data)

    parser = Visible()
    parser.feed(html)
    return " ".join("".join(parser.words).split())


def sign_up(client, pickup, worker, shelter, **extra):
    return client.post(f"/ronde/{pickup.id}/aanmelden", headers={"HX-Request": "true"},
                       data={"worker_id": worker.id, "shelter_id": shelter.id, **extra})


def test_start_uses_the_default_plan(pickup, setup, auth):
    assert pickup.date == TODAY and pickup.bus.name == "Bus 1"
    assert [s.shelter.name for s in pickup.stops] == ["De Boei", "Het Anker"]
    assert [s.staff_id for s in pickup.staff] == [auth.staff.id]


def test_second_start_with_one_bus_says_so(pickup, client):
    response = client.post("/ronde/start", follow_redirects=True)
    assert "Alle bussen rijden vandaag al een ronde." in response.get_data(as_text=True)


def test_no_start_button_while_every_bus_rides(pickup, client):
    """With its only bus out, the round list offers no start that could only be refused."""
    page = client.get("/ronde/").get_data(as_text=True)
    assert "Alle bussen rijden vandaag al een ronde." in page and "ronde starten" not in page


def test_one_tap_sign_up_returns_the_stop_and_the_seat_counter(pickup, setup, client):
    worker = factories.WorkerFactory(roepnaam="Sjef", **OK)
    db.session.commit()
    response = sign_up(client, pickup, worker, setup["boei"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="stop-{setup["boei"].id}"' in page and "Sjef" in page
    assert 'id="seat-counter" class="seat-counter" hx-swap-oob="true"' in page and "1/8 plaatsen" in text(page)
    assert db.session.scalar(select(func.count(SignUp.id))) == 1


def test_unmet_conditions_warn_first_and_save_only_when_confirmed(pickup, setup, client):
    worker = factories.WorkerFactory(roepnaam="Toon", uitkering=True, postadres=False, ingeschreven=False)
    db.session.commit()
    page = sign_up(client, pickup, worker, setup["boei"]).get_data(as_text=True)
    assert "Let op: Toon" in page and "geen postadres, niet ingeschreven in de gemeente" in page and "Toch aanmelden" in page
    assert db.session.scalar(select(SignUp)) is None
    sign_up(client, pickup, worker, setup["boei"], confirmed="1")
    assert db.session.scalar(select(SignUp.conditions_waived)) == "geen postadres, niet ingeschreven in de gemeente"


def test_signed_up_once_per_date_the_second_tap_says_where(pickup, setup, client):
    worker = factories.WorkerFactory(roepnaam="Kees", **OK)
    db.session.commit()
    sign_up(client, pickup, worker, setup["boei"])
    response = sign_up(client, pickup, worker, setup["anker"])
    assert response.status_code == 422
    assert "Kees" in response.get_data(as_text=True) and "al aangemeld bij De Boei (Bus 1)" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SignUp.id))) == 1


def test_database_refuses_a_second_sign_up_on_the_same_date(pickup, setup):
    worker = factories.WorkerFactory()
    other_round = factories.RoundFactory(date=TODAY, stops=[setup["anker"]])
    db.session.add(SignUp(round_id=pickup.id, worker_id=worker.id, shelter_id=setup["boei"].id, date=TODAY))
    db.session.commit()
    db.session.add(SignUp(round_id=other_round.id, worker_id=worker.id, shelter_id=setup["anker"].id, date=TODAY))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_replayed_sign_up_is_applied_once(pickup, setup, client):
    worker = factories.WorkerFactory(**OK)
    db.session.commit()
    for _ in range(2):
        assert sign_up(client, pickup, worker, setup["boei"], client_id="5f0c8a52-0000-4000-8000-000000000001").status_code == 200
    assert db.session.scalar(select(func.count(SignUp.id))) == 1


def test_a_deactivated_worker_is_not_found_by_the_round(pickup, setup, client):
    """Deactivated workers are for counsellors and admins only (trajectory/access.py): to the round's staff a
    sign-up of one is the Dutch 404, which a phone's queue shows as a conflict."""
    worker = factories.WorkerFactory(roepnaam="Piet", active=False, **OK)
    db.session.commit()
    response = sign_up(client, pickup, worker, setup["boei"])
    assert response.status_code == 404 and "bestaat niet (meer)" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SignUp.id))) == 0


def test_first_timer_is_added_with_a_name_and_flagged_for_intake(pickup, setup, client):
    response = client.post(f"/ronde/{pickup.id}/nieuw", headers={"HX-Request": "true"},
                           data={"shelter_id": setup["boei"].id, "name": "Lei van Dijk", "uitkering": "1",
                                 "postadres": "1", "ingeschreven": "1"})
    assert "nieuw — intake vandaag" in response.get_data(as_text=True)
    worker = db.session.scalar(select(Worker))
    assert (worker.roepnaam, worker.last_name, worker.intake_pending, worker.shelter_id) == ("Lei", "van Dijk", True, setup["boei"].id)


def test_first_timer_without_conditions_needs_confirmation_and_keeps_the_name(pickup, setup, client):
    response = client.post(f"/ronde/{pickup.id}/nieuw", headers={"HX-Request": "true"},
                           data={"shelter_id": setup["boei"].id, "name": "Door"})
    page = response.get_data(as_text=True)
    assert "Let op: Door heeft geen uitkering" in page and 'name="name" value="Door"' in page
    assert db.session.scalar(select(Worker)) is None


def test_empty_first_timer_name_is_refused(pickup, setup, client):
    response = client.post(f"/ronde/{pickup.id}/nieuw", headers={"HX-Request": "true"}, data={"shelter_id": setup["boei"].id})
    assert response.status_code == 422 and "Vul een naam in" in response.get_data(as_text=True)


def test_a_first_timer_name_longer_than_the_field_is_refused_not_cut(pickup, setup, client):
    response = client.post(f"/ronde/{pickup.id}/nieuw", headers={"HX-Request": "true"},
                           data={"shelter_id": setup["boei"].id, "name": "Bartholomeus " * 7})
    assert response.status_code == 422 and "Hoogstens 80 tekens" in response.get_data(as_text=True)
    assert db.session.scalar(select(Worker)) is None


def test_regulars_are_who_signed_up_here_most_often(setup, app):
    boei = setup["boei"]
    often, once, lives_here, elsewhere = (factories.WorkerFactory(roepnaam=n) for n in ("Vaak", "Eens", "Woont", "Ander"))
    lives_here.shelter_id = boei.id
    for days_ago in (1, 2, 3):
        past = factories.RoundFactory(date=TODAY - timedelta(days=days_ago), stops=[boei])
        db.session.add(SignUp(round_id=past.id, worker_id=often.id, shelter_id=boei.id, date=past.date))
        if days_ago == 2:
            db.session.add(SignUp(round_id=past.id, worker_id=once.id, shelter_id=boei.id, date=past.date))
    db.session.commit()
    assert [w.roepnaam for w in queries.regulars(boei.id, TODAY)] == ["Vaak", "Eens", "Woont"]


def _fill(client, pickup, setup, n):
    workers = [factories.WorkerFactory(roepnaam=f"P{i:02d}", **OK) for i in range(n)]
    db.session.commit()
    for w in workers:
        sign_up(client, pickup, w, setup["boei"])
    return workers


def test_over_capacity_shows_the_proposal_with_reasons(pickup, setup, client):
    _fill(client, pickup, setup, 10)
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert "10 aanmeldingen voor 8 plaatsen" in page and "2 te veel" in text(page)
    assert page.count("vol — voorrang volgende keer") == 2 and "0× gewerkt in 14 dagen" in page


def test_decision_with_a_swap_is_recorded_with_who_made_it(pickup, setup, client, auth):
    _fill(client, pickup, setup, 10)
    proposal = queries.proposal(db.session.get(PickupRound, pickup.id))
    riders = [c.signup_id for c in proposal if c.rides]
    left = [c.signup_id for c in proposal if not c.rides]
    too_many = client.post(f"/ronde/{pickup.id}/keuze", data={"rides": riders + left[:1]})
    assert too_many.status_code == 422 and "Je koos 9 mensen voor 8 plaatsen" in too_many.get_data(as_text=True)
    beside = too_many.get_data(as_text=True).split('role="alert" tabindex="-1" autofocus>')[1]  # said at the button
    assert beside.startswith("Je koos 9 mensen") and beside.index("Vastleggen wie meerijdt") < 400
    swapped = riders[1:] + left[:1]
    assert client.post(f"/ronde/{pickup.id}/keuze", data={"rides": swapped}).status_code == 302
    db.session.expire_all()
    chosen = {s.id: s for s in db.session.scalars(select(SignUp))}
    assert {i for i, s in chosen.items() if s.selected} == set(swapped)
    assert chosen[riders[0]].selection_reason == f"vol — voorrang volgende keer · gewisseld door {auth.staff.name}"
    assert chosen[left[0]].selection_reason == f"gewisseld door {auth.staff.name}"
    assert db.session.get(PickupRound, pickup.id).decided_by_id == auth.staff.id


def test_left_behind_yesterday_get_priority_today(setup, client, auth):
    worker, rival = factories.WorkerFactory(roepnaam="Gisteren", **OK), factories.WorkerFactory(roepnaam="Eerder", **OK)
    yesterday = factories.RoundFactory(date=TODAY - timedelta(days=1), bus=setup["bus"], stops=[setup["boei"]])
    db.session.add(SignUp(round_id=yesterday.id, worker_id=worker.id, shelter_id=setup["boei"].id,
                          date=yesterday.date, selected=False))
    setup["bus"].seats = 1
    db.session.commit()
    auth.login("assistant")
    client.post("/ronde/start")
    pickup = db.session.scalar(select(PickupRound).where(PickupRound.date == TODAY))
    sign_up(client, pickup, rival, setup["boei"])
    sign_up(client, pickup, worker, setup["boei"])
    first = queries.proposal(db.session.get(PickupRound, pickup.id))[0]
    assert db.session.get(SignUp, first.signup_id).worker_id == worker.id
    assert "gisteren niet meegekund" in first.reason


def test_standing_agreement_rides_first(setup, client, pickup):
    workers = _fill(client, pickup, setup, 9)
    db.session.add(Agreement(worker_id=workers[-1].id, text="Proeftijd: rijdt mee", rides_bus=True))
    db.session.commit()
    first = queries.proposal(db.session.get(PickupRound, pickup.id))[0]
    assert db.session.get(SignUp, first.signup_id).worker_id == workers[-1].id


def test_board_undo_and_arrive_create_attendance(pickup, setup, client):
    a, b, c = _fill(client, pickup, setup, 3)
    signups = {s.worker_id: s for s in db.session.scalars(select(SignUp))}
    url = f"/ronde/{pickup.id}/aanmeldingen/{{}}/instappen"
    for w in (a, b):
        page = client.post(url.format(signups[w.id].id), data={"boarded": "1"}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Ingestapt ✓" in page and "<strong>2</strong>" not in page and "2 ingestapt" in text(page)
    client.post(url.format(signups[b.id].id), data={"boarded": "0"})  # undo
    client.post(url.format(signups[b.id].id), data={"boarded": "1"})
    client.post(url.format(signups[b.id].id), data={"boarded": "1"})  # replay: still boarded once
    response = client.post(f"/ronde/{pickup.id}/aankomst", data={"present": [signups[a.id].id]})
    assert response.status_code == 302
    records = db.session.scalars(select(Attendance)).all()
    assert [(r.worker_id, r.date, r.block_id, r.status) for r in records] == [(a.id, TODAY, setup["block"].id, "aanwezig")]
    assert db.session.scalar(select(AttendanceChange.changed_by_id)) is not None
    db.session.expire_all()
    assert db.session.get(SignUp, signups[c.id].id).no_show and not db.session.get(SignUp, signups[b.id].id).no_show
    latecomer = factories.WorkerFactory(**OK)
    db.session.commit()
    late = sign_up(client, pickup, latecomer, setup["boei"])
    assert late.status_code == 422 and "al aangekomen" in late.get_data(as_text=True)


def test_arrival_counts_a_via_via_rider_on_the_via_via_board_not_at_loon_naar_werken(pickup, setup, client, catalogue):
    """Someone in Via Via (or on a proefweek) who rides the bus works a Via Via dagdeel: arrival does not also make
    them present at Loon naar Werken, which would pay the same day twice."""
    from webapp.trajectory import catalogue as methods
    from webapp.trajectory.operations import enrol

    a, b = _fill(client, pickup, setup, 2)
    module, phase = methods.find("viavia", 1)
    enrol(b, module, phase, TODAY - timedelta(days=3))
    signups = {s.worker_id: s for s in db.session.scalars(select(SignUp))}
    for w in (a, b):
        client.post(f"/ronde/{pickup.id}/aanmeldingen/{signups[w.id].id}/instappen", data={"boarded": "1"})
    page = client.get(f"/ronde/{pickup.id}/aankomst").get_data(as_text=True)
    assert "Via Via: aanwezig melden op het Via Via-bord" in page
    client.post(f"/ronde/{pickup.id}/aankomst", data={"present": [signups[a.id].id, signups[b.id].id]})
    assert [r.worker_id for r in db.session.scalars(select(Attendance))] == [a.id]


def test_the_round_tells_the_phone_who_the_arrival_counts_at_loon_naar_werken(pickup, setup, client, catalogue):
    """The phone draws the arrival offline from the rows' data-lnw (rounds.rules.arrives_at_lnw, decided here):
    "0" for a Via Via rider (a proefweek too) on the sign-up row, the boarding button and the stop's one tap;
    the server ignores a phone that names them anyway (by worker reference)."""
    from webapp.rounds import rules
    from webapp.trajectory import catalogue as methods
    from webapp.trajectory.operations import enrol

    a, b, c = _fill(client, pickup, setup, 3)
    module, phase = methods.find("viavia", 1)
    enrol(b, module, phase, TODAY - timedelta(days=3))
    gewenning, first = methods.find("gewenning", 1)
    enrol(c, gewenning, first, TODAY - timedelta(days=30))  # another Loon naar Werken-track module: counts there
    assert [rules.arrives_at_lnw(w) for w in (a, b, c)] == [True, False, True]
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    rows = dict(re.findall(r'class="signup-row" data-ref="(\d+)".*?data-lnw="(\d)"', page, re.S))
    assert rows == {str(a.id): "1", str(b.id): "0", str(c.id): "1"}
    assert 'data-rider-lnw="[&#34;1&#34;, &#34;0&#34;, &#34;1&#34;]"' in page  # "Alle 3 instappen"
    assert re.search(rf'data-worker-ref="{b.id}" data-worker-name="[^"]*" data-lnw="0"', page)
    client.post(f"/ronde/{pickup.id}/stops/{setup['boei'].id}/instappen", data={"worker": [str(w.id) for w in (a, b, c)]})
    arrival = client.get(f"/ronde/{pickup.id}/aankomst").get_data(as_text=True)
    assert arrival.count('name="present"') == 2 and f'class="via-via" data-ref="{b.id}"' in arrival
    client.post(f"/ronde/{pickup.id}/aankomst", data={"present_worker": [str(w.id) for w in (a, b, c)]})
    assert sorted(r.worker_id for r in db.session.scalars(select(Attendance))) == sorted([a.id, c.id])


def test_the_seat_counter_counts_who_is_in_the_bus_once_boarding_started(pickup, setup, client):
    """Someone left behind who takes a free seat does not make it 9/8: once boarding started the counter says who
    boarded, who is still to be picked up (never more than the seats left) and the seats."""
    setup["bus"].seats = 2
    db.session.commit()
    a, b, c = _fill(client, pickup, setup, 3)
    by_worker = {s.worker_id: s for s in db.session.scalars(select(SignUp))}
    client.post(f"/ronde/{pickup.id}/keuze", data={"rides": [by_worker[a.id].id, by_worker[b.id].id]})

    def counter():
        page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
        return visible_text(page[page.index('<div id="seat-counter"'):page.index("</div>", page.index('id="seat-counter"'))])

    assert "2/2 plaatsen" in counter() and "0 vrij" in counter()
    client.post(f"/ronde/{pickup.id}/aanmeldingen/{by_worker[a.id].id}/instappen", data={"boarded": "1"})
    now = counter()
    assert "1 ingestapt" in now and "1 nog op te halen" in now and "2 plaatsen" in now and "2/2" not in now
    client.post(f"/ronde/{pickup.id}/aanmeldingen/{by_worker[c.id].id}/instappen", data={"boarded": "1"})  # b did not come
    now = counter()
    assert "2 ingestapt" in now and "nog op te halen" not in now and "0 vrij" in now and "3/2" not in now


def test_a_whole_stop_boards_in_one_tap_naming_each_person(pickup, setup, client):
    a, b, c = _fill(client, pickup, setup, 3)
    anker = factories.WorkerFactory(roepnaam="Ankertje", **OK)
    db.session.commit()
    sign_up(client, pickup, anker, setup["anker"])
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert re.search(r'aria-label="Alle 3 instappen: P00 [^,]+, P01 [^,]+, P02 [^,"]+">Alle 3 instappen<', page)  # names who it boards
    signups = {s.worker_id: s.id for s in db.session.scalars(select(SignUp))}
    client.post(f"/ronde/{pickup.id}/aanmeldingen/{signups[b.id]}/instappen", data={"boarded": "1"})
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert re.search(r'"Alle 2 instappen: P00 [^,]+, P02 [^,"]+"', page) and "Alle 1" not in page  # one left at Het Anker: their own button
    url = f"/ronde/{pickup.id}/stops/{setup['boei'].id}/instappen"
    response = client.post(url, data={"signup": [signups[a.id], signups[c.id]]}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "3 ingestapt" in text(response.get_data(as_text=True))
    db.session.expire_all()
    boarded = {s.worker_id for s in db.session.scalars(select(SignUp).where(SignUp.boarded_at.is_not(None)))}
    assert boarded == {a.id, b.id, c.id}  # never Ankertje, who was not named


def test_a_stop_tap_naming_someone_not_riding_boards_nobody(pickup, setup, client):
    setup["bus"].seats = 1
    db.session.commit()
    a, b = _fill(client, pickup, setup, 2)
    signups = {s.worker_id: s.id for s in db.session.scalars(select(SignUp))}
    client.post(f"/ronde/{pickup.id}/keuze", data={"rides": [signups[a.id]]})
    url = f"/ronde/{pickup.id}/stops/{setup['boei'].id}/instappen"
    response = client.post(url, data={"signup": [signups[a.id], signups[b.id]]}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and f"{b.display_name} staat niet op de lijst" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SignUp.id)).where(SignUp.boarded_at.is_not(None))) == 0


def test_only_the_current_stop_is_open_and_the_proposal_bar_jumps_to_it(pickup, setup, client):
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert re.search(rf'id="stop-{setup["boei"].id}"[^>]*open', page)
    assert not re.search(rf'id="stop-{setup["anker"].id}"[^>]*open', page) and "Verder naar Het Anker" in page
    _fill(client, pickup, setup, 9)
    anker = factories.WorkerFactory(roepnaam="Ankertje", **OK)
    db.session.commit()
    sign_up(client, pickup, anker, setup["anker"])
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert not re.search(rf'id="stop-{setup["boei"].id}"[^>]*open', page)  # passed: folded to one line
    assert "De Boei · 9 aangemeld" in text(page)
    assert re.search(rf'id="stop-{setup["anker"].id}"[^>]*open', page)
    assert "Wie rijdt mee? (10 voor 8 plaatsen)" in text(page) and 'href="#riders"' in page


def test_left_behind_boards_on_a_free_seat_and_a_full_bus_says_so(pickup, setup, client):
    """A fact beats the plan: someone left behind who boards while a seat is free (a rider did not show) rides;
    undoing that tap puts them back as left behind; with every seat taken the bus is full."""
    setup["bus"].seats = 1
    db.session.commit()
    a, b = _fill(client, pickup, setup, 2)
    client.post(f"/ronde/{pickup.id}/keuze", data={"rides": [s.id for s in db.session.scalars(select(SignUp)) if s.worker_id == a.id]})
    rider = db.session.scalar(select(SignUp).where(SignUp.worker_id == a.id))
    left = db.session.scalar(select(SignUp).where(SignUp.worker_id == b.id))
    assert "Toch instappen" in client.get(f"/ronde/{pickup.id}").get_data(as_text=True)

    def board(signup, on="1"):
        return client.post(f"/ronde/{pickup.id}/aanmeldingen/{signup.id}/instappen", data={"boarded": on},
                           headers={"HX-Request": "true"})

    assert board(left).status_code == 200
    db.session.refresh(left)
    assert left.rides and left.boarded_at is not None and left.selection_reason == "ingestapt op een vrije plaats"
    response = board(rider)
    assert response.status_code == 422 and "De bus is vol" in response.get_data(as_text=True)
    assert board(left, "0").status_code == 200  # the wrong person: undone
    db.session.refresh(left)
    assert not left.rides and left.boarded_at is None and left.selection_reason.startswith("vol — voorrang")
    assert board(rider).status_code == 200
    full = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)  # every seat taken: no button that would be refused
    assert "bus vol" in full and "Toch instappen" not in full


def test_arrival_with_nobody_boarded_is_refused(pickup, client):
    response = client.post(f"/ronde/{pickup.id}/aankomst", data={})
    assert response.status_code == 422 and "nog niemand ingestapt" in response.get_data(as_text=True)


def test_round_without_sign_ups_and_print_view(pickup, setup, client):
    assert "Nog niemand aangemeld." in client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    _fill(client, pickup, setup, 2)
    page = client.get(f"/ronde/{pickup.id}/print").get_data(as_text=True)
    assert "Ophaalronde Bus 1" in page and "P00" in page and "Het Anker" in page


def test_shelter_deactivated_after_sign_ups_keeps_them_with_a_notice(pickup, setup, client):
    _fill(client, pickup, setup, 1)
    setup["boei"].active = False
    db.session.commit()
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    assert "niet meer actief; aanmeldingen blijven staan" in page and "P00" in page


def test_planning_ahead_and_removing_a_stop_with_sign_ups(setup, client, auth):
    auth.login("supervisor")
    form = {"date": "2026-11-24", "bus_id": setup["bus"].id, f"stop-{setup['anker'].id}": "1", f"order-{setup['anker'].id}": "1",
            f"stop-{setup['boei'].id}": "1", f"order-{setup['boei'].id}": "2", "staff": [auth.staff.id]}
    done = client.post("/ronde/plannen", data=form)
    assert done.status_code == 302
    assert "Ronde op di 24 nov met " in client.get(done.headers["Location"]).get_data(as_text=True)  # not 24-11-2026
    planned = db.session.scalar(select(PickupRound))
    assert [s.shelter.name for s in planned.stops] == ["Het Anker", "De Boei"]
    again = client.post("/ronde/plannen", data=form)
    assert again.status_code == 422 and "rijdt op di 24 nov al een ronde" in again.get_data(as_text=True)
    db.session.add(SignUp(round_id=planned.id, worker_id=factories.WorkerFactory().id, shelter_id=setup["boei"].id, date=planned.date))
    db.session.commit()
    del form[f"stop-{setup['boei'].id}"]
    response = client.post(f"/ronde/{planned.id}/plannen", data=form)
    assert response.status_code == 422 and "Bij De Boei zijn al mensen aangemeld" in response.get_data(as_text=True)


def test_a_first_timer_added_offline_is_boarded_chosen_and_arrived_by_the_uuid_of_the_sign_up(pickup, setup, client):
    """The phone has no worker or sign-up number for someone it signed up offline: it names them by the
    client UUID of that sign-up, which the server resolves once the sign-up has arrived (queue order)."""
    others = _fill(client, pickup, setup, 8)
    ref = "0b9c5f0e-1111-4222-8333-444455556666"
    client.post(f"/ronde/{pickup.id}/nieuw", data={"shelter_id": setup["boei"].id, "name": "Nieuwe Nel", "uitkering": "1",
                                                   "postadres": "1", "ingeschreven": "1", "client_id": ref})
    riders = [str(w.id) for w in others[1:]] + [ref]  # nine sign-ups for eight seats: the first regular stays behind
    assert client.post(f"/ronde/{pickup.id}/keuze", data={"rides_worker": riders, "client_id": "d0000000-0000-4000-8000-000000000001"}).status_code == 302
    nel = db.session.scalar(select(SignUp).where(SignUp.client_id == ref))
    assert nel.selected is True and db.session.scalar(select(SignUp).where(SignUp.worker_id == others[0].id)).selected is False
    board = client.post(f"/ronde/{pickup.id}/instappen", data={"worker_id": ref, "boarded": "1"}, headers={"HX-Request": "true"})
    db.session.expire_all()
    assert board.status_code == 200 and nel.boarded_at is not None
    assert client.post(f"/ronde/{pickup.id}/instappen", data={"worker_id": "no-such-sign-up", "boarded": "1"}).status_code == 404
    assert client.post(f"/ronde/{pickup.id}/aankomst", data={"present_worker": [ref]}).status_code == 302
    record = db.session.scalar(select(Attendance).where(Attendance.worker_id == nel.worker_id))
    assert (record.block_id, record.status) == (setup["block"].id, "aanwezig")
    # on the work floor and at the payout, the same phone names Nel the same way
    mark = client.post(f"/werkvloer/{setup['block'].workshop_id}/markeren", headers={"HX-Request": "true"},
                       data={"worker_id": ref, "status": "te_laat", "at_time": "10:20", "datum": TODAY.isoformat(), "client_id": "a0000000-0000-4000-8000-000000000001"})
    assert mark.status_code == 200 and "Nieuwe" in mark.get_data(as_text=True)
    client.application.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    assert client.get("/uitbetaling/").status_code == 200  # the day list, as the phone opened it
    pay = client.post("/uitbetaling/betalen", headers={"HX-Request": "true"},
                      data={"worker_id": ref, "programme": "lnw", "unit": TODAY.isoformat(), "voucher_type": "maaltijd", "client_id": "b0000000-0000-4000-8000-000000000001"})
    assert pay.status_code == 200 and "· maaltijd" in pay.get_data(as_text=True) and "€\xa06,00 + kaart" in pay.get_data(as_text=True), pay.get_data(as_text=True)


def test_the_round_page_gives_each_person_the_rank_an_offline_proposal_sorts_by(pickup, setup, client):
    workers = _fill(client, pickup, setup, 2)
    db.session.add(Agreement(worker_id=workers[1].id, text="rijdt mee", rides_bus=True))
    db.session.commit()
    page = client.get(f"/ronde/{pickup.id}").get_data(as_text=True)
    ranks = dict(re.findall(r'data-ref="(\d+)" data-signup="\d+" data-name="[^"]*"\s+data-shelter="[^"]*" data-rank="(\d+)"', page))
    assert ranks[str(workers[1].id)] < ranks[str(workers[0].id)]  # the agreement rides first
    assert 'data-first-timer data-rank="1000999' in page  # a first-timer: no agreement, never worked, never left behind


@pytest.mark.parametrize("device_at, kept", [("2026-11-23T07:50:00+00:00", True),   # 08:50 here, queued offline
                                             ("2026-11-23T09:00:00+00:00", False),  # after the server's now
                                             ("2026-11-21T08:00:00+00:00", False)])  # days old: not believed
def test_an_offline_sign_up_counts_from_the_tap_on_the_phone(pickup, setup, client, device_at, kept):
    worker = factories.WorkerFactory(**OK)
    db.session.commit()
    sign_up(client, pickup, worker, setup["boei"], device_at=device_at, client_id="5f0c8a52-0000-4000-8000-000000000051")
    signed = db.session.scalar(select(SignUp)).signed_up_at
    assert (signed.isoformat() == device_at) is kept


def test_worked_days_count_an_attended_dagdeel_by_the_one_rule_a_granted_early_leave_too(setup, app):
    """The rotation's worked days follow attendance.rules: present, late and a granted *vroeg weg* are worked
    days; an ungranted *vroeg weg* and an absence are not (each on its own date; the round itself not counted)."""
    worker = factories.WorkerFactory()
    statuses = [("aanwezig", False), ("te_laat", False), ("vroeg_weg", True), ("vroeg_weg", False),
                ("afwezig_bericht", False)]
    for back, (status, granted) in enumerate(statuses, start=1):
        db.session.add(Attendance(worker_id=worker.id, date=TODAY - timedelta(days=back), block_id=setup["block"].id,
                                  status=status, early_leave_counts=granted))
    db.session.add(Attendance(worker_id=worker.id, date=TODAY, block_id=setup["block"].id, status="aanwezig"))
    db.session.commit()
    assert queries.facts([worker.id], TODAY)[worker.id][1] == 3
    assert worker.id not in queries.at_work(TODAY - timedelta(days=4))  # left early, not granted
    assert worker.id in queries.at_work(TODAY - timedelta(days=3))  # left early, granted


def test_what_a_sign_up_stores_is_dutch_whatever_the_language_of_who_taps(setup, client, auth):
    """An English-speaking assistant confirms a sign-up without a postal address: the waived conditions are
    kept in Dutch (stored data), the warning itself was in English; the full bus's waiting-list reason too."""
    auth.login("assistant", language="en")
    client.post("/ronde/start")
    pickup = db.session.scalar(select(PickupRound))
    worker = factories.WorkerFactory(roepnaam="Toon", uitkering=True, postadres=False, ingeschreven=True)
    db.session.commit()
    assert "no postal address" in sign_up(client, pickup, worker, setup["boei"]).get_data(as_text=True)
    sign_up(client, pickup, worker, setup["boei"], confirmed="1")
    assert db.session.scalar(select(SignUp.conditions_waived)) == "geen postadres"


def test_the_sign_up_list_says_which_condition_is_missing(pickup, setup, client):
    """A row in the sign-up list names what is missing ("geen postadres"), not only that something is."""
    factories.WorkerFactory(first_name="Toon", last_name="Zonderpost", uitkering=True, postadres=False, ingeschreven=True)
    db.session.commit()
    page = client.get(f"/ronde/{pickup.id}/zoeken", query_string={"q": "Zonderpost", "shelter_id": setup["boei"].id})
    html = page.get_data(as_text=True)
    assert '<small class="warn conditions">geen postadres</small>' in html and "voorwaarde ontbreekt" not in html


def test_the_round_page_reads_no_more_for_more_riders_with_trajectories(setup, pickup, client, catalogue):
    """Each rider's row says whether the arrival counts them at Loon naar Werken (data-lnw, from their enrolment):
    read for all riders and regulars at once, not per person (it was a query per person: 115 at 30 riders and their stops' regulars)."""
    from sqlalchemy import event

    from webapp.trajectory.models import Enrolment, Module

    modules = db.session.scalars(select(Module.id).where(Module.code.in_(["lnw", "viavia"]))).all()

    def add(n):
        for i in range(n):
            worker = factories.WorkerFactory(shelter_id=setup["boei"].id, **OK)
            db.session.flush()
            db.session.add(Enrolment(worker_id=worker.id, module_id=modules[i % len(modules)], start_date=TODAY))
            db.session.commit()
            assert sign_up(client, pickup, worker, setup["boei"], confirmed="1").status_code == 200

    def queries_of_the_page():
        counted = []
        listen = lambda *args: counted.append(1)
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(f"/ronde/{pickup.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(counted)

    add(10)  # more than the bus's 8 seats: the rotation's part of the page is there from here on
    few = queries_of_the_page()
    add(20)
    assert queries_of_the_page() == few


def test_a_stops_fragment_reads_only_its_own_regulars(setup, pickup, client):
    """A tap at one stop answers that stop (with the seat counter and the riders): more stops on the route do not
    make it read more (it read every stop's regulars, two queries a stop, to show one)."""
    from sqlalchemy import event

    from webapp.rounds.models import RoundStop

    def queries_of_the_fragment():
        counted = []
        listen = lambda *args: counted.append(1)
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            answer = client.get(f"/ronde/{pickup.id}/stops/{setup['boei'].id}", headers={"HX-Request": "true"})
            assert answer.status_code == 200 and f'id="stop-{setup["boei"].id}"' in answer.get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(counted)

    for shelter in (setup["boei"], setup["anker"]):
        factories.WorkerFactory(shelter_id=shelter.id, **OK)
    db.session.commit()
    two_stops = queries_of_the_fragment()
    for i in range(3):
        shelter = factories.ShelterFactory(name=f"Opvang {i}", route_order=3 + i)
        db.session.flush()
        factories.WorkerFactory(shelter_id=shelter.id, **OK)
        db.session.add(RoundStop(round_id=pickup.id, shelter_id=shelter.id, position=3 + i))
    db.session.commit()
    assert queries_of_the_fragment() == two_stops
