"""Journeys without network: a real service worker and the IndexedDB queue in Chromium, a real server."""
import os
import random
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Error as PlaywrightError, expect
from sqlalchemy import func, select

from webapp.attendance.models import Attendance, AttendanceChange
from webapp import clock
from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.offline.models import AppliedWrite
from webapp.org.models import Bus, Shelter, Workshop
from webapp.payouts.models import LedgerLine
from webapp.rounds.models import PickupRound, RoundStop, SignUp
from webapp.workers.models import Agreement, Worker
from webapp.workers.queries import list_name

from .conftest import PHONE, SCREENSHOTS, login, next_monday, via_via_on_board
from .waits import controlled, evaluate, poll, queued, sync, wait_for_queue

SEQUENCES = int(os.environ.get("DAGDEEL_RANDOM_SEQUENCES", "200"))
LOCAL = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def monday(server_app):
    """Next Monday at 14:05 (after the Loon naar Werken workday, so payouts are allowed)."""
    day = next_monday(server_app)
    server_app.config["DAGDEEL_NOW"] = f"{day.isoformat()}T14:05"
    yield day
    server_app.config["DAGDEEL_NOW"] = None
    server_app.config["FAULTS"] = []
    server_app.config.pop("SW_RELEASE", None)
    server_app.config["QUEUE_TIMEOUT_MS"] = 8000


@pytest.fixture
def phone(browser_type, browser_type_launch_args, tmp_path):
    """Open the same phone (a persistent browser profile) as often as a test likes."""
    opened = []

    def open_phone():
        context = browser_type.launch_persistent_context(
            str(tmp_path / "profile"), **browser_type_launch_args, viewport=PHONE, is_mobile=True, has_touch=True,
            locale="nl-NL", timezone_id="Europe/Amsterdam")
        opened.append(context)
        return context

    yield open_phone
    for context in opened:
        try:
            context.close()
        except Exception:
            pass


def lnw_attendance(server_app, day, n):
    with server_app.app_context():
        block = db.session.scalar(select(Workshop).where(Workshop.programme == "lnw")).blocks[0]
        workers = db.session.scalars(select(Worker).order_by(Worker.external_id.desc())).all()[:n]
        for w in workers:
            set_status(w.id, day, block.id, "aanwezig")
        db.session.commit()
        return [w.id for w in workers]


def counts(server_app, day):
    with server_app.app_context():
        return {
            "signups": db.session.scalar(select(func.count(SignUp.id)).where(SignUp.date == day)),
            "boarded": db.session.scalar(select(func.count(SignUp.id)).where(SignUp.date == day, SignUp.boarded_at.is_not(None))),
            "present": db.session.scalar(select(func.count(Attendance.id)).where(Attendance.date == day, Attendance.status == "aanwezig")),
            "changes": db.session.scalar(select(func.count(AttendanceChange.id)).join(
                Attendance, AttendanceChange.attendance_id == Attendance.id).where(Attendance.date == day)),
            "paid": db.session.scalar(select(func.count(LedgerLine.id)).where(LedgerLine.kind == "payout", LedgerLine.duplicate.is_(False))),
            "duplicates": db.session.scalar(select(func.count(LedgerLine.id)).where(LedgerLine.duplicate.is_(True))),
        }


def test_a_workday_without_network_arrives_exactly_once(base, server_app, monday, phone):
    """Online in the morning the screens are loaded and two people signed up; then, in airplane mode, the
    assistant signs up ten more (a first-timer and someone missing a condition among them: twelve for eight
    seats), records the
    phone's rotation proposal, boards the eight (a stop's people with one tap "Alle N instappen", as online),
    arrives, sees them on the Loon naar Werken board — but not a Via Via rider, whose dagdeel is tapped on the Via
    Via board (the server said so on the row: data-lnw) —, taps twelve attendances and pays those who arrived,
    among them people who arrived offline. The app answers at once,
    survives a reload and the phone being closed, and when the network returns everything reaches the
    server exactly once."""
    lnw_attendance(server_app, monday, 2)
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "toch aanmelden?" for a missing condition
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Ronde starten").click()
    controlled(page)
    first_stop = page.locator("details.stop").first
    for _ in range(2):  # two people signed up while there is still network
        before = int(first_stop.get_attribute("data-signups"))
        first_stop.locator(".regulars li:not(:has(.conditions)) .tap-row").first.click()
        expect(page.locator(f"#{first_stop.get_attribute('id')}[data-signups='{before + 1}']")).to_have_count(1)
    round_url = page.url
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    via_via = page.url
    page.goto(f"{base}/uitbetaling/")
    page.goto(round_url)
    page.wait_for_timeout(500)  # let the service worker finish prefetching today's screens
    with server_app.app_context():
        lnw_board = f"{base}/werkvloer/{db.session.scalar(select(Workshop).where(Workshop.programme == 'lnw')).id}"
    before = counts(server_app, monday)

    context.set_offline(True)
    page.goto(round_url)
    expect(page.get_by_text("Offline — laatst bijgewerkt")).to_be_visible()
    def regular(which: str):
        """The first regular of the open stop not yet signed up here; "Verder naar …" opens the next stop."""
        rows = page.locator(f"details.stop[open] .regulars li:not(.pending){which} .tap-row")
        while not rows.count():
            page.locator("details.stop[open] [data-next-stop]").click()  # one stop open at a time
        return rows.first

    page.locator("details.stop[open] input[type=search]").fill("Jan")  # searching needs the server: it says so
    expect(page.locator("details.stop[open] .unanswered")).to_contain_text("Zoeken lukt alleen met verbinding")
    for i in range(8):
        regular(":not(:has(.conditions))").click()
        expect(page.locator(".regulars li.pending")).to_have_count(i + 1)
    expect(page.locator(".regulars li.pending .tap-plus").first).to_be_hidden()  # no "+" offering it again
    regular(":has(.conditions)").click()  # confirmed in the dialog
    expect(page.locator(".regulars li.pending")).to_have_count(9)
    first_timer = page.locator("details.stop[open] details.add-note")
    first_timer.locator("summary").click()
    expect(first_timer.get_by_label("Naam (roepnaam mag)")).to_be_focused()  # the keyboard is up at once
    first_timer.get_by_label("Naam (roepnaam mag)").fill("Nel Nieuw")
    for condition in ("heeft een uitkering", "heeft een postadres", "ingeschreven in de gemeente"):
        first_timer.get_by_label(condition).check()
    first_timer.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("#sync-count")).to_have_text("10")

    # twelve for eight seats: the phone proposes by the rotation's ranks, and the choice is queued
    expect(page.locator("#riders .proposal input")).to_have_count(12)
    expect(page.locator("#riders .proposal input:checked")).to_have_count(8)
    expect(page.locator("#riders .chosen-count")).to_have_text("8 gekozen voor 8 plaatsen")  # counted on the phone too
    expect(page.locator("#seat-counter")).to_contain_text("4 te veel")
    page.screenshot(path=str(SCREENSHOTS / "offline-proposal.png"))
    left_behind = page.locator("#riders .proposal li:has(input:not(:checked)) strong").all_inner_texts()
    page.get_by_role("button", name="Vastleggen wie meerijdt").click()
    expect(page.locator("#riders .board-row")).to_have_count(8)
    via_via_riders = page.locator("#riders .board-row [data-lnw='0']").count()  # as the server said per row
    assert 0 < via_via_riders < 8, "the demo's regulars include someone in Via Via"
    # the phone draws each stop's "Alle N instappen" as online: one tap boards the people it names
    boarding = 0
    for stop in page.locator("#riders .board-stop").all():
        group = stop.locator("[data-board-stop]")
        if not group.count():
            continue
        named = int(re.search(r"Alle (\d+) instappen", group.inner_text()).group(1))
        boarded = page.locator(".board-row.boarded").count()
        group.click()
        expect(page.locator(".board-row.boarded")).to_have_count(boarded + named)
        expect(page.locator("#seat-counter [data-count=boarded]")).to_have_text(str(boarded + named))
        if boarded + named < 8:  # boarding started: who is in the bus, and who is still to be picked up
            expect(page.locator("#seat-counter [data-show=fetch]")).to_have_text(f"{8 - boarded - named} nog op te halen")
            expect(page.locator("#seat-counter [data-show=planning]")).to_be_hidden()
        boarding += 1
    assert boarding, "some stop has two or more riders: its one tap is offered offline"
    while page.locator(".board-row:not(.boarded)").count():
        boarded = page.locator(".board-row.boarded").count()
        page.locator(".board-row:not(.boarded)").get_by_role("button", name="Instappen").first.click()
        expect(page.locator(".board-row.boarded")).to_have_count(boarded + 1)
        boarding += 1
    assert boarding < 8  # fewer taps than people
    expect(page.locator("#seat-counter [data-count=boarded]")).to_have_text("8")
    expect(page.locator("#seat-counter [data-show=fetch]")).to_be_hidden()
    expect(page.locator("#seat-counter [data-count=free]")).to_have_text("0")
    writes = 11 + boarding  # ten sign-ups, the choice and the boarding taps
    expect(page.locator("#sync-count")).to_have_text(str(writes))
    page.screenshot(path=str(SCREENSHOTS / "offline-round.png"))
    page.get_by_role("link", name="Aangekomen op het werk").click()
    arrived = 8 - via_via_riders
    expect(page.locator("#arrive-list input:checked")).to_have_count(arrived)
    expect(page.locator("#arrive-list .via-via")).to_have_count(via_via_riders)
    via_via_names = [name.split(" Via Via:")[0].strip() for name in page.locator("#arrive-list .via-via").all_inner_texts()]
    expect(page.locator("#arrive-list")).to_contain_text("Nel Nieuw")
    page.get_by_role("button", name="Aankomst bevestigen").click()
    writes += 1
    expect(page.locator("#sync-count")).to_have_text(str(writes))

    # the Loon naar Werken board shows who arrived on this phone (not a Via Via rider); one of them came late
    page.goto(lnw_board)
    expect(page.locator(".att-row.offline-added")).to_have_count(arrived)
    expect(page.locator("#tally [data-tally=present]")).to_have_text(str(2 + arrived))
    for name in via_via_names:
        expect(page.locator(".att-row.offline-added", has_text=name)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sticks out sideways
    nel = page.locator(".att-row.offline-added", has_text="Nel Nieuw")
    nel.locator(".status-menu summary").click()
    nel.get_by_role("radio", name="te laat").check()
    nel.get_by_role("button", name="Opslaan").click()
    expect(nel).to_have_class(re.compile("status-te_laat"))
    page.screenshot(path=str(SCREENSHOTS / "offline-lnw-board.png"))
    writes += 1
    expect(page.locator("#sync-count")).to_have_text(str(writes))  # stored on the phone before leaving the page
    page.goto(via_via)
    taps = min(page.locator(".att-row:not(.status-aanwezig) .tap-present").count(), 11)
    for i in range(taps):
        page.locator(".att-row:not(.pending) .tap-present").first.click()
        expect(page.locator(".att-row.pending.status-aanwezig")).to_have_count(i + 1)
    # a small afternoon (14:05): the rest are corrections, first of those just tapped, then at Loon naar Werken
    here = min(11 - taps, taps)
    for n in range(here):
        row = page.locator(".att-row.pending.status-aanwezig").first
        row.locator(".status-menu summary").click()
        expect(row.locator(".status-menu")).to_have_attribute("open", "")
        row.get_by_role("radio", name="te laat").check()
        row.get_by_role("button", name="Opslaan").click()
        expect(page.locator(".att-row.pending.status-te_laat")).to_have_count(n + 1)
    for n in range(11 - taps - here):
        expect(page.locator("#sync-count")).to_have_text(str(writes + taps + here + n))  # stored before leaving
        page.goto(lnw_board)
        expect(page.locator(".att-row.offline-added")).to_have_count(arrived)  # drawn from the queue: wait for them
        # someone present (arrived on this phone, or there already) came late
        row = page.locator(".att-row:is(.offline-added, .status-aanwezig):not(.status-te_laat)").first
        row.locator(".status-menu summary").click()
        expect(row.locator(".status-menu")).to_have_attribute("open", "")
        row.get_by_role("radio", name="te laat").check()
        row.get_by_role("button", name="Opslaan").click()
        expect(page.locator(".att-row.status-te_laat")).to_have_count(n + 2)  # Nel and these
    writes += 11
    expect(page.locator("#sync-count")).to_have_text(str(writes))

    # the day list at 14:05: the two who were there already and those who arrived on this phone at LnW
    page.goto(f"{base}/uitbetaling/")
    expect(page.locator(".pay-row")).to_have_count(2 + arrived)
    expect(page.locator(".pay-row.offline-added")).to_have_count(arrived)
    for name in via_via_names:
        expect(page.locator(".pay-row.offline-added", has_text=name)).to_have_count(0)
    for i in range(arrived):
        page.locator(".pay-row:not(.pending) .tap-pay").first.click()
        expect(page.locator(".pay-row.pending")).to_have_count(i + 1)
    writes += arrived
    expect(page.locator("#sync-count")).to_have_text(str(writes))
    # each a write of its own from the list's one form: its person, its own card (no other row's), its own client id
    pays = evaluate(page, "Dagdeel.queued().then(q => q.filter(e => e.url.endsWith('/uitbetaling/betalen')).map(e => [e.label, e.body]))")
    assert len({body["worker_id"] for _, body in pays}) == len({body["client_id"] for _, body in pays}) == arrived, pays
    assert all(body["voucher_type"] in ("slaaphuis", "maaltijd") and not any(k.startswith("voucher_type-") for k in body)
               and label.startswith("Betalen ") and "__NAME__" not in label for label, body in pays), pays
    page.screenshot(path=str(SCREENSHOTS / "offline-payouts.png"))

    page.reload()  # still offline: the screen, what waits and the queue are still there
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitbetaling")
    expect(page.locator(".pay-row.pending")).to_have_count(arrived)
    assert queued(page) == writes
    assert counts(server_app, monday) == before  # nothing reached the server
    context.close()

    context = phone()  # the phone is opened again later, with network
    page = context.pages[0] if context.pages else context.new_page()
    context.set_offline(True)
    page.goto(f"{base}/ronde/")
    assert queued(page) == writes  # the queue survived the phone being closed
    context.set_offline(False)
    wait_for_queue(page, 0, seconds=60)
    after = counts(server_app, monday)
    assert page.evaluate("Dagdeel.conflicts().then(c => c.length)") == 0
    assert after["signups"] == before["signups"] + 10
    assert after["boarded"] == before["boarded"] + 8
    assert after["changes"] == before["changes"] + arrived + 12  # the arrival's and the twelve taps, each once
    assert (after["paid"], after["duplicates"]) == (before["paid"] + arrived, 0)
    # the server agrees with the phone: the same Via Via riders, none of them present at Loon naar Werken
    with server_app.app_context():
        via_via_ids = via_via_on_board(server_app, monday)
        lnw_block = db.session.scalar(select(Workshop).where(Workshop.programme == "lnw")).blocks[0].id
        assert sorted(list_name(db.session.get(Worker, w)) for w in via_via_ids) == sorted(via_via_names)  # as lists call them
        assert not db.session.scalars(select(Attendance).where(
            Attendance.date == monday, Attendance.block_id == lnw_block, Attendance.worker_id.in_(via_via_ids))).all()
    with server_app.app_context():
        nel = db.session.scalar(select(Worker).where(Worker.first_name == "Nel"))
        assert nel.intake_pending and db.session.scalar(select(Attendance.status).where(Attendance.worker_id == nel.id)) == "te_laat"
        stayed = db.session.scalars(select(SignUp).where(SignUp.date == monday, SignUp.selected.is_(False))).all()
        assert sorted(list_name(s.worker) for s in stayed) == sorted(left_behind)  # the phone's choice is the record
    page.reload()
    sync(page)
    assert counts(server_app, monday) == after  # replaying again changes nothing


def decided_round(server_app, day, people: int, seats: int | None = None) -> str:
    """Bus 1's round on `day` with the choice made: the first `people` active workers signed up at the first stop,
    the first `seats` of them riding (all when None), the rest left behind. Returns the round's path."""
    with server_app.app_context():
        bus = db.session.scalar(select(Bus).where(Bus.name == "Bus 1"))
        if seats is not None:
            bus.seats = seats
        riding = people if seats is None else seats
        shelters = db.session.scalars(select(Shelter).where(Shelter.active.is_(True)).order_by(Shelter.route_order)).all()
        workers = db.session.scalars(select(Worker).where(Worker.active.is_(True)).order_by(Worker.id)).all()[:people]
        pickup = PickupRound(date=day, bus_id=bus.id, decided_at=clock.now(),
                             stops=[RoundStop(shelter_id=x.id, position=i) for i, x in enumerate(shelters)])
        db.session.add(pickup)
        db.session.flush()
        db.session.add_all([SignUp(round_id=pickup.id, worker_id=w.id, shelter_id=shelters[0].id, date=day,
                                   signed_up_at=clock.now(), selected=i < riding,
                                   selection_reason="" if i < riding else "vol — voorrang volgende keer")
                            for i, w in enumerate(workers)])
        db.session.commit()
        return f"/ronde/{pickup.id}"


def test_a_free_seat_taken_offline_never_reads_more_than_the_seats(base, server_app, monday, phone):
    """A bus of two seats, three signed up and the choice made (one left behind). Offline, the one left behind
    boards on a free seat ("Toch instappen") and then a chosen rider: the phone's counter says who is in the bus
    and who is still to be picked up, never 3/2; after sync the server says the same."""
    round_url = base + decided_round(server_app, monday, people=3, seats=2)
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(round_url)
    controlled(page)
    counter = page.locator("#seat-counter")
    expect(counter).to_contain_text("2/2 plaatsen")
    context.set_offline(True)
    page.locator(".left-row").get_by_role("button", name="Toch instappen").click()
    expect(counter.locator("[data-count=boarded]")).to_have_text("1")
    expect(counter.locator("[data-show=fetch]")).to_have_text("1 nog op te halen")  # one of the two chosen: one seat left
    expect(counter.locator("[data-count=free]")).to_have_text("0")
    expect(counter.locator("[data-show=planning]")).to_be_hidden()
    page.locator(".board-row:not(.boarded)").get_by_role("button", name="Instappen").first.click()
    expect(counter.locator("[data-count=boarded]")).to_have_text("2")
    expect(counter.locator("[data-show=fetch]")).to_be_hidden()
    expect(counter.locator("[data-count=free]")).to_have_text("0")
    context.set_offline(False)
    sync(page)
    page.goto(round_url)
    expect(counter).to_contain_text("2 ingestapt")
    expect(counter.locator("[data-show=fetch]")).to_be_hidden()
    expect(counter.locator("[data-show=planning]")).to_be_hidden()
    expect(counter.locator("[data-count=free]")).to_have_text("0")
    context.close()


def test_someone_boarded_online_stays_boarded_when_the_rest_of_the_stop_boards_offline(base, server_app, monday, phone):
    """A new-user walk found it: one person boards online (the boarding list is redrawn by the server, the sign-up
    rows are not), then the signal drops and "Alle N instappen" boards the rest of the stop: all of them are in the
    bus on the phone, and after sync on the server too."""
    round_url = base + decided_round(server_app, monday, people=4)
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(round_url)
    controlled(page)
    counter = page.locator("#seat-counter")
    page.locator(".board-row").get_by_role("button", name="Instappen").first.click()  # online
    expect(counter.locator("[data-count=boarded]")).to_have_text("1")
    context.set_offline(True)
    page.get_by_role("button", name="Alle 3 instappen").click()
    expect(counter.locator("[data-count=boarded]")).to_have_text("4")
    expect(page.locator(".board-row.boarded")).to_have_count(4)
    context.set_offline(False)
    sync(page)
    page.goto(round_url)
    expect(counter.locator("[data-count=boarded]")).to_have_text("4")
    context.close()


def two_rounds(server_app, day, per_round=3):
    """Two buses ride on one day, each with its own riders signed up (nobody boarded yet). Returns
    {round id: [sign-up ids]}."""
    with server_app.app_context():
        site = db.session.scalar(select(Bus.site_id))
        shelters = db.session.scalars(select(Shelter).where(Shelter.active.is_(True)).order_by(Shelter.route_order)).all()
        people = iter(db.session.scalars(select(Worker).where(Worker.active.is_(True)).order_by(Worker.id)).all())
        rounds = {}
        for name in ("Bus R1", "Bus R2"):
            bus = Bus(name=name, seats=8, site_id=site)
            pickup = PickupRound(date=day, bus=bus, stops=[RoundStop(shelter_id=s.id, position=i) for i, s in enumerate(shelters)])
            db.session.add(pickup)
            db.session.flush()
            signups = [SignUp(round_id=pickup.id, worker_id=next(people).id, shelter_id=shelters[0].id, date=day,
                              signed_up_at=clock.now(), selected=True) for _ in range(per_round)]
            db.session.add_all(signups)
            db.session.flush()
            rounds[pickup.id] = [s.id for s in signups]
        db.session.commit()
        return rounds


def test_random_outages_lose_nothing_and_duplicate_nothing(page, base, server_app, monday, context):
    """Hundreds of random sequences of taps — attendance on the Via Via board, notes on worker cards, and
    boarding on two buses riding the same day — interleaved with losing the network, server errors, an expired
    session, answers slower than the phone waits, and a captive portal; the last sequence is made offline in the
    evening and synced after midnight. Afterwards the server holds exactly the taps made, each once, and the last
    tap per person wins."""
    server_app.config.update(QUEUE_TIMEOUT_MS=700, SLOW_SECONDS=1.0, FAULTS=[])
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T09:00"
    page.clock.install(time=datetime.combine(monday, time(9, 0), LOCAL))  # the phone's clock: the same morning
    rounds = two_rounds(server_app, monday)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    workshop_id = int(page.url.split("/werkvloer/")[1].split("?")[0])
    block = int(page.locator("input[name=blok]").first.get_attribute("value"))
    workers = [int(i.split("-")[1]) for i in page.locator(".att-row").evaluate_all("rows => rows.map(r => r.id)")]
    mark_url = f"/werkvloer/{workshop_id}/markeren"
    rng = random.Random(2012)
    intended, boarded, notes, sent_ids, faults_seen = {}, {}, [], [], set()
    posts = []  # the queue's requests: through the batch, not one write at a time
    page.on("request", lambda r: posts.append(r.url.removeprefix(base)) if r.method == "POST" else None)

    def tap():
        kind = rng.random()
        if kind < 0.6:
            worker, status = rng.choice(workers), rng.choice(["aanwezig", "te_laat", "afwezig_bericht", "afwezig_zonder_bericht"])
            url, params = mark_url, {"worker_id": str(worker), "status": status, "blok": str(block), "datum": monday.isoformat()}
            intended[worker] = status
        elif kind < 0.8:
            worker, text = rng.choice(workers), f"afspraak {len(notes) + 1}: om 14:00 uitbetaling"
            url, params = f"/medewerkers/{worker}/afspraken", {"text": text}
            notes.append(text)
        else:
            round_id = rng.choice(list(rounds))
            signup, on = rng.choice(rounds[round_id]), rng.choice(["1", "0"])
            url, params = f"/ronde/{round_id}/aanmeldingen/{signup}/instappen", {"boarded": on}
            boarded[signup] = on == "1"
        poll(page, "typeof window.Dagdeel !== 'undefined'")  # a screen reloaded by the last sync has its modules again
        sent_ids.append(page.evaluate("([u, p]) => Dagdeel.submit(u, p)", [url, params]))
        flush_through_reload("Dagdeel.flush()")

    def flush_through_reload(script):
        """Run a flush; an emptied queue may reload the screen to the server's truth meanwhile: wait for it."""
        for _attempt in range(3):
            try:
                page.evaluate(script)
                return
            except PlaywrightError as error:
                if "context was destroyed" not in str(error) and "Dagdeel is not defined" not in str(error):
                    raise
                poll(page, "typeof window.Dagdeel !== 'undefined'")

    def settle():
        context.set_offline(False)
        server_app.config["FAULTS"].clear()
        flush_through_reload("""async () => { for (let i = 0; i < 30; i++) {
            await Dagdeel.flush(); if ((await Dagdeel.queued()).length === 0) return; } }""")
        assert queued(page) == 0

    for _ in range(SEQUENCES):
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.15:
                context.set_offline(True)
            elif roll < 0.25:
                context.set_offline(False)
            elif roll < 0.4:
                fault = rng.choice(["500", "401", "portal", "slow"])
                faults_seen.add(fault)
                server_app.config["FAULTS"].append(fault)
            else:
                tap()
        settle()
    # The evening without network; the phone syncs after midnight, when the server's day is the next one.
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T21:30"
    page.clock.set_system_time(datetime.combine(monday, time(21, 30), LOCAL))
    context.set_offline(True)
    evening = len(sent_ids)
    for _ in range(12):
        tap()
    assert queued(page) == len(sent_ids) - evening
    server_app.config["DAGDEEL_NOW"] = f"{(monday + timedelta(days=1)).isoformat()}T00:30"
    page.clock.set_system_time(datetime.combine(monday + timedelta(days=1), time(0, 30), LOCAL))
    settle()

    if SEQUENCES >= 100:
        assert faults_seen == {"500", "401", "portal", "slow"}
    assert posts and set(posts) == {"/offline/sync"}, set(posts)
    assert page.evaluate("Dagdeel.conflicts().then(c => c.map(x => x.message))") == []
    with server_app.app_context():
        applied = db.session.scalar(select(func.count(AppliedWrite.id)).where(AppliedWrite.client_id.in_(sent_ids)))
        assert applied == len(sent_ids) == len(set(sent_ids))  # each tap once: none lost, none doubled
        final = dict(db.session.execute(select(Attendance.worker_id, Attendance.status).where(
            Attendance.block_id == block, Attendance.date == monday)).all())
        stored = db.session.scalars(select(Agreement.text).where(Agreement.text.like("afspraak %"))).all()
        on_board = dict(db.session.execute(select(SignUp.id, SignUp.boarded_at.is_not(None)).where(
            SignUp.id.in_(list(boarded)))).all())
    assert {w: final[w] for w in intended} == intended
    assert sorted(stored) == sorted(notes)  # every note once
    assert on_board == boarded
    print(f"randomized: {SEQUENCES} sequences, {len(sent_ids)} taps ({len(notes)} notes, {len(boarded)} riders), "
          f"faults {sorted(faults_seen)}")


def test_two_phones_pay_the_same_person_offline(base, server_app, monday, browser, browser_context_args):
    """Two assistants, both without network, pay the same worker at 14:00: after syncing (the server's clock
    says 14:05), one payout counts and the other is kept as a flagged duplicate — both visible in the cash
    check. The phones' clocks agree with the server's: the duplicate is believed because it was tapped before
    the first payout reached the server."""
    worker_id = lnw_attendance(server_app, monday, 1)[0]
    tapped = datetime.combine(monday, time(14, 0), tzinfo=ZoneInfo("Europe/Amsterdam"))
    phones = []
    for email, password in (("werkbegeleider@dagdeel.test", "demo-werkbegeleider"), ("assistent@dagdeel.test", "demo-assistent")):
        context = browser.new_context(**browser_context_args)
        context.clock.set_fixed_time(tapped)
        page = context.new_page()
        login(page, base, email, password)
        page.goto(f"{base}/uitbetaling/")
        controlled(page)
        page.reload()
        phones.append((context, page))
    for context, page in phones:
        context.set_offline(True)
        page.locator(f"#pay-{worker_id} .tap-pay").click()
        expect(page.locator(f"#pay-{worker_id}.pending")).to_have_count(1)
    for context, page in phones:
        context.set_offline(False)
        sync(page)
    with server_app.app_context():
        lines = db.session.scalars(select(LedgerLine).where(LedgerLine.worker_id == worker_id)).all()
        assert sorted(l.duplicate for l in lines) == [False, True]
    supervisor = phones[0][1]
    supervisor.goto(f"{base}/uitbetaling/kas")
    expect(supervisor.get_by_text("Dubbel betaald (1)")).to_be_visible()
    for context, _ in phones:
        context.close()


def test_logout_warns_about_unsent_actions_and_then_wipes_the_phone(page, base, server_app, monday, context):
    """Logging out with something unsent first offers to send it; logging out clears the cached pages,
    the queue and local storage."""
    lnw_attendance(server_app, monday, 1)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/uitbetaling/")
    controlled(page)
    page.reload()
    page.evaluate("localStorage.setItem('probe', '1')")
    context.set_offline(True)
    page.locator(".tap-pay").first.click()
    expect(page.locator("#sync-count")).to_have_text("1")
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    poll(page, "document.querySelector('#sync-count').textContent === '1'")
    page.wait_for_timeout(300)
    assert messages and "nog niet verzonden" in messages[0]
    assert queued(page) == 1  # declined: still logged in, nothing lost
    context.set_offline(False)
    sync(page)
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    assert page.evaluate("caches.keys().then(k => k.filter(n => n === 'dagdeel-pages').length)") == 0  # no personal pages
    assert page.evaluate("localStorage.length") == 0
    assert queued(page) == 0


def test_a_new_version_waits_for_the_queue(page, base, server_app, monday, context):
    """A new service worker installs but does not take over while writes wait; the queue survives the update
    and, once sent, the new version takes over."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    controlled(page)
    server_app.config["FAULTS"] = ["500"] * 50  # every write fails for now
    row = page.locator(".att-row").first
    evaluate(page, f"""Dagdeel.submit('{page.url.split('?')[0]}/markeren', {{worker_id: '{row.get_attribute("id")[4:]}',
        status: 'aanwezig', blok: document.querySelector('input[name=blok]').value}}).then(() => Dagdeel.flush()).then(() => true)""")
    wait_for_queue(page, 1)
    old = page.evaluate("navigator.serviceWorker.controller.scriptURL + '|' + navigator.serviceWorker.controller.state")
    server_app.config["SW_RELEASE"] = "-next"
    evaluate(page, "navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)")
    poll(page, "navigator.serviceWorker.getRegistration().then(r => r.waiting !== null)")
    assert queued(page) == 1
    server_app.config["FAULTS"] = []
    evaluate(page, "Dagdeel.flush().then(() => true)")
    poll(page, "navigator.serviceWorker.getRegistration().then(r => r.waiting === null && r.active !== null)")
    assert queued(page) == 0
    assert old


def test_a_tap_followed_at_once_by_another_tab_is_kept(page, base, server_app, monday, context):
    """Offline, the assistant pays someone and at once taps another tab. The tap reaches the phone's disk a
    few milliseconds after the click; leaving the page inside that window must not take the tap with it."""
    lnw_attendance(server_app, monday, 1)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/uitbetaling/kas")
    page.goto(f"{base}/uitbetaling/")
    controlled(page)
    page.reload()
    context.set_offline(True)
    page.evaluate("""() => {
        document.querySelector('.tap-pay').click();
        document.querySelector('.subnav a[href$="/uitbetaling/kas"]').click();
    }""")
    page.wait_for_url("**/uitbetaling/kas")
    wait_for_queue(page, 1, seconds=5)
    context.set_offline(False)
    sync(page)
    with server_app.app_context():
        assert db.session.scalar(select(func.count(LedgerLine.id)).where(LedgerLine.kind == "payout")) == 1


def test_a_refused_sign_up_shows_the_refusal_with_the_person_and_the_action(page, base, server_app, monday, context):
    """Offline on Bus 2, the assistant signs up someone whom a colleague signed up on Bus 1 meanwhile. After
    the sync the phone shows the server's refusal, and only that, named by the action and the person."""
    with server_app.app_context():
        assert db.session.scalar(select(Bus).where(Bus.name == "Bus 2")), "the demo has a second bus"
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Ronde starten").click()
    round_1 = int(page.url.rstrip("/").split("/")[-1])
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Nog een ronde starten").click()
    controlled(page)
    button = page.locator("details.stop[open] .regulars li:not(:has(.conditions)) .tap-row").first
    name, worker_id = button.get_attribute("data-worker-name"), int(button.get_attribute("value"))
    context.set_offline(True)
    button.click()
    expect(page.locator("#sync-count")).to_have_text("1")
    with server_app.app_context():
        pickup = db.session.get(PickupRound, round_1)
        stop = pickup.stops[0].shelter
        db.session.add(SignUp(round_id=pickup.id, worker_id=worker_id, shelter_id=stop.id, date=monday))
        db.session.commit()
        shelter = stop.name
    context.set_offline(False)
    sync(page)
    refusal = f"{name} is vandaag al aangemeld bij {shelter} (Bus 1)."
    conflicts = evaluate(page, "Dagdeel.conflicts()")
    assert [(c["label"], c["message"]) for c in conflicts] == [(f"Aanmelden {name}", refusal)]
    expect(page.locator("#sync-conflicts li span")).to_have_text(f"Aanmelden {name}: {refusal}")


def test_the_offline_bar_is_one_line_and_a_page_never_kept_is_no_dead_end(page, base, server_app, monday, context, shot):
    """Offline with one payment waiting the bar reads 'Offline · 1 wacht · Nu verzenden' on one line of at most
    40 px; the storage notice goes away for the day; a page this phone never kept shows a way back, the tab bar
    and the screens it did keep."""
    lnw_attendance(server_app, monday, 2)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/uitbetaling/")
    controlled(page)
    page.reload()
    page.wait_for_timeout(500)  # let the service worker keep today's screens
    notice = page.locator("#sync-persist")
    context.set_offline(True)
    page.locator(".tap-pay").first.click()
    expect(page.locator("#sync-count")).to_have_text("1")
    if notice.is_visible():  # this browser may drop the queue: say so once a day
        notice.get_by_role("button", name="Vandaag verbergen").click()
        expect(notice).to_be_hidden()
    bar = page.locator("#sync-bar")
    expect(bar.locator(".sync-line")).to_have_text(re.compile(r"^\s*Offline\b.*·\s*1\s+wacht\s*·\s*Nu verzenden\s*$", re.S))
    expect(bar.get_by_role("button", name="Nu verzenden", exact=True)).to_be_visible()
    assert bar.bounding_box()["height"] <= 40
    shot("offline-bar", full_page=False)
    page.reload()  # kept page, same day: the notice stays away
    expect(page.locator("#sync-count")).to_have_text("1")
    expect(notice).to_be_hidden()
    assert bar.bounding_box()["height"] <= 40

    page.goto(f"{base}/medewerkers/")  # never opened on this phone
    expect(page.get_by_role("heading", name="Geen verbinding").first).to_be_visible()
    tabs = page.get_by_role("navigation", name="Hoofdmenu")
    expect(tabs.get_by_role("link", name="Uitbetaling")).to_be_visible()
    kept = page.locator("[data-offline-screens] a", has_text="Uitbetaling").first
    expect(kept.locator(".not-kept")).to_be_hidden()
    shot("offline-page", full_page=False)
    page.get_by_role("link", name="‹ Terug").click()
    expect(page).to_have_url(f"{base}/uitbetaling/")
    expect(page.locator("#sync-count")).to_have_text("1")
    context.set_offline(False)
    sync(page)


def test_a_namesake_signed_up_offline_keeps_his_number(page, base, server_app, monday, context):
    """The demo has two "Door Peters". Signed up offline, the riders list the phone draws calls him as the server's
    lists do — "Door Peters · D0…" — not a bare name that could be either of them."""
    page.on("dialog", lambda dialog: dialog.accept())  # "toch aanmelden?" if a condition is missing
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Ronde starten").click()
    controlled(page)
    page.reload()
    context.set_offline(True)
    twin = page.locator("details.stop[open] .regulars .tap-row[data-worker-list-name]")
    while not twin.count():
        page.locator("details.stop[open] [data-next-stop]").click()
    listed = twin.first.get_attribute("data-worker-list-name")
    assert re.fullmatch(r"Door Peters · \S+", listed), listed
    twin.first.click()
    expect(page.locator("#sync-count")).to_have_text("1")
    expect(page.locator("#riders")).to_contain_text(listed)
    context.set_offline(False)
    sync(page)


def test_someone_boarded_online_stays_boarded_through_offline_taps(page, base, server_app, monday, context):
    """Four signed up at the first stop; the first boards while there is network; then, offline, the second boards
    and "Alle 2 instappen" takes the rest: the phone redraws the list twice and the first is still in the bus
    (a redraw read him from the list it had drawn itself, which did not say so, and offered him again)."""
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Ronde starten").click()
    controlled(page)
    stop = page.locator("details.stop").first
    for n in range(1, 5):
        stop.locator(".regulars li:not(:has(.conditions)) .tap-row").first.click()
        expect(page.locator(f"#{stop.get_attribute('id')}[data-signups='{n}']")).to_have_count(1)
    rows = page.locator("#riders .board-row")
    expect(rows).to_have_count(4)
    rows.nth(0).get_by_role("button", name="Instappen").click()
    expect(page.locator("#riders .board-row.boarded")).to_have_count(1)  # the server's answer
    context.set_offline(True)
    page.locator("#riders .board-row:not(.boarded)").first.get_by_role("button", name="Instappen").click()
    expect(page.locator("#riders .board-row.boarded")).to_have_count(2)
    page.locator("#riders [data-board-stop]").click()
    expect(page.locator("#riders .board-row.boarded")).to_have_count(4)
    expect(page.locator("#seat-counter [data-count=boarded]")).to_have_text("4")
    context.set_offline(False)
    sync(page)
    with server_app.app_context():
        assert db.session.scalar(select(func.count(SignUp.id)).where(SignUp.date == monday, SignUp.boarded_at.is_not(None))) == 4
