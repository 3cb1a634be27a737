"""Journey: two buses on one day; the person left behind by Bus 1 rides Bus 2 while the phone is offline."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from webapp.attendance.models import Attendance
from webapp.extensions import db
from webapp.org.models import Bus, Shelter, Workshop
from webapp.payouts.models import LedgerLine
from webapp.rounds import queries
from webapp.rounds.models import PickupRound, RoundStop, SignUp

from .conftest import PHONE, SCREENSHOTS, login, next_monday
from .waits import controlled, evaluate, sync

LOCAL = ZoneInfo("Europe/Amsterdam")


def bus_1_left_him_behind(server_app, day):
    """Bus 1 (one seat) rode at 07:45 with someone else; the top regular of the first stop stayed behind.
    A second bus is available for the day. Returns (his id, his name, the rider's id, his stop)."""
    with server_app.app_context():
        bus = db.session.scalar(select(Bus).where(Bus.name == "Bus 1"))
        bus.seats = 1
        # Bus 2 (8 seats) is in the demo.
        shelters = db.session.scalars(select(Shelter).where(Shelter.active.is_(True)).order_by(Shelter.route_order)).all()
        first = shelters[0]
        him, rider = [w for w in queries.regulars(first.id, day) if w.uitkering and w.postadres and w.ingeschreven][:2]
        pickup = PickupRound(date=day, bus_id=bus.id, stops=[RoundStop(shelter_id=s.id, position=i) for i, s in enumerate(shelters)],
                             decided_at=_at(day, "07:45"))
        db.session.add(pickup)
        db.session.flush()
        db.session.add_all([
            SignUp(round_id=pickup.id, worker_id=rider.id, shelter_id=first.id, date=day, signed_up_at=_at(day, "07:30"),
                   selected=True, boarded_at=_at(day, "07:50")),
            SignUp(round_id=pickup.id, worker_id=him.id, shelter_id=first.id, date=day, signed_up_at=_at(day, "07:35"),
                   selected=False, selection_reason="vol — voorrang volgende keer")])
        db.session.commit()
        return him.id, him.display_name, rider.id, first.id


def _at(day, hhmm: str) -> datetime:
    """This day at local hh:mm, as an aware moment."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=LOCAL)


def test_left_behind_by_bus_1_he_rides_bus_2_offline_and_his_workday_lands(page, base, server_app, context, shot):
    """Bus 1 left Sjef behind. The assistant starts Bus 2, sees him marked "in Bus 1 · achtergebleven" and,
    without network, signs him up at 09:35, boards him at 09:40 and confirms arrival at 09:50; the phone
    shows him on the Loon naar Werken board. The network returns at 09:52: his sign-up moves from Bus 1 to Bus 2
    (Bus 1 had no seat for him), he is boarded at 09:40 and present at 09:50, with no conflict; at 14:05 he is
    paid. A supervisor then settles a mistaken second check-off."""
    day = next_monday(server_app)
    server_app.config["DAGDEEL_NOW"] = f"{day.isoformat()}T09:30"
    try:
        him, name, rider, stop = bus_1_left_him_behind(server_app, day)
        login(page, base, "assistent@dagdeel.test", "demo-assistent")
        page.goto(f"{base}/ronde/")
        page.get_by_role("button", name="Ronde starten").click()
        expect(page.locator("#seat-counter")).to_contain_text("0/8")
        round_url = page.url
        bus_2 = int(round_url.rstrip("/").split("/")[-1])
        controlled(page)
        with server_app.app_context():
            assert db.session.get(PickupRound, bus_2).bus.name == "Bus 2"
            bus_1 = db.session.scalar(select(PickupRound.id).where(PickupRound.date == day, PickupRound.id != bus_2))
            lnw_board = f"{base}/werkvloer/{db.session.scalar(select(Workshop.id).where(Workshop.programme == 'lnw'))}"
        page.goto(lnw_board)
        page.goto(f"{base}/uitbetaling/")
        page.goto(round_url)
        page.wait_for_timeout(500)  # let the service worker finish prefetching today's screens
        his_stop = page.locator(f"#stop-{stop}")
        if his_stop.get_attribute("open") is None:
            his_stop.locator("> summary").click()
        his_row = his_stop.locator(f'.regulars .tap-row[data-worker-ref="{him}"]')
        expect(his_row).to_contain_text("in Bus 1 · achtergebleven")  # marked: left behind, so he may come along
        his_row.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "two-buses-marked.png"))

        context.set_offline(True)
        page.clock.set_fixed_time(_at(day, "09:35"))
        his_row.click()
        expect(page.locator(".regulars li.pending")).to_have_count(1)
        page.clock.set_fixed_time(_at(day, "09:40"))
        page.locator(f'#riders .board-row[data-worker="{him}"]').get_by_role("button", name="Instappen").click()
        expect(page.locator("#riders .board-row.boarded")).to_have_count(1)
        page.get_by_role("link", name="Aangekomen op het werk").click()
        expect(page.locator("#arrive-list")).to_contain_text(name)
        page.clock.set_fixed_time(_at(day, "09:50"))
        page.get_by_role("button", name="Aankomst bevestigen").click()
        expect(page.locator("#sync-count")).to_have_text("3")
        page.goto(lnw_board)
        expect(page.locator(".att-row.offline-added", has_text=name)).to_have_count(1)

        server_app.config["DAGDEEL_NOW"] = f"{day.isoformat()}T09:52"  # the network returns two minutes later
        page.clock.set_fixed_time(_at(day, "09:52"))
        context.set_offline(False)
        sync(page)
        assert evaluate(page, "Dagdeel.conflicts()") == []
        with server_app.app_context():
            signup = db.session.scalar(select(SignUp).where(SignUp.worker_id == him, SignUp.date == day))
            assert (signup.round_id, signup.moved_from_round_id, signup.shelter_id) == (bus_2, bus_1, stop)
            assert signup.boarded_at == _at(day, "09:40") and signup.rides
            record = db.session.scalar(select(Attendance).where(Attendance.worker_id == him, Attendance.date == day))
            assert record.status == "aanwezig" and record.device_at == _at(day, "09:50")
            assert db.session.get(PickupRound, bus_2).arrived_at == _at(day, "09:50")

        page.goto(round_url)
        expect(page.get_by_text("Aangekomen om 09:50")).to_be_visible()
        expect(page.locator(".board-row", has_text=name)).to_contain_text("overgezet van Bus 1 door Sanne Assistent")
        page.locator(".board-row", has_text=name).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "two-buses-moved.png"))
        page.goto(lnw_board)
        expect(page.locator(f"#row-{him}")).to_have_class(re.compile("status-aanwezig"))
        expect(page.locator(f"#row-{him}")).to_contain_text("aangekomen 09:50")

        server_app.config["DAGDEEL_NOW"] = f"{day.isoformat()}T14:05"  # after the workday: payable
        page.clock.set_fixed_time(_at(day, "14:05"))
        page.goto(f"{base}/uitbetaling/")
        page.locator(f"#pay-{him} .tap-pay").click()
        expect(page.locator(f"#pay-{him}")).to_contain_text("✓ Betaald")
        with server_app.app_context():
            paid = db.session.scalars(select(LedgerLine).where(LedgerLine.worker_id == him, LedgerLine.kind == "payout")).all()
            assert [line.duplicate for line in paid] == [False]

        # A mistaken check-off of him on Bus 1, afterwards: a conflict on both rounds, settled by a supervisor.
        evaluate(page, f"Dagdeel.submit('/ronde/{bus_1}/instappen', {{worker_id: '{him}', boarded: '1'}}).then(() => true)")
        sync(page)
        page.locator(".usermenu summary").click()
        page.get_by_role("button", name="Uitloggen").click()
        expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
        login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
        page.goto(round_url)
        conflict = page.locator("#double-board")
        expect(conflict).to_contain_text(f"{name} is afgevinkt in Bus 2 (09:40) én in Bus 1")
        conflict.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "two-buses-conflict.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        conflict.get_by_role("button", name="Zat in Bus 2").click()
        expect(page.get_by_text(f"Vastgelegd: {name} zat in Bus 2.")).to_be_visible()
        expect(page.locator("#double-board")).to_have_count(0)
        with server_app.app_context():
            signup = db.session.scalar(select(SignUp).where(SignUp.worker_id == him, SignUp.date == day))
            assert (signup.round_id, signup.conflict_round_id) == (bus_2, None)
    finally:
        server_app.config["DAGDEEL_NOW"] = None
