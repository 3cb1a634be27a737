"""Journeys that count every tap and every typing action on the demo at 390 × 844, and fail over budget (issue 14)."""
import re
from datetime import timedelta

import pytest
from flask_login import login_user
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp import clock
from webapp.attendance.models import Attendance
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.org.models import Bus
from webapp.payouts import operations as payout_operations
from webapp.payouts.models import LedgerLine
from webapp.trajectory import checklists
from webapp.trajectory.checklist_models import ChecklistSession
from webapp.trajectory.domain_models import ActionPoint, ActionVersion
from webapp.workers.models import Worker

from .conftest import PHONE, SCREENSHOTS, login, next_monday, via_via_on_board
from .test_offline import lnw_attendance
from .waits import wait_for_queue

PAY_BUDGET = 11  # taps for paying 10 people with their remembered card (paper list: 1 tick per person)


@pytest.fixture
def monday(server_app):
    yield next_monday(server_app)
    server_app.config["DAGDEEL_NOW"] = None


class PayTaps:
    """Counts the journey's taps and typing: every action goes through tap() or type()."""

    def __init__(self):
        self.taps = self.typing = 0

    def tap(self, locator):
        locator.click()
        self.taps += 1

    def type(self, locator, text):
        locator.fill(text)
        self.typing += 1


def pay_remembered_cards(server_app, monday, worker_ids):
    """Last week each of them was paid with a card (maaltijd and slaaphuis in turn): the card the list remembers."""
    last_week = monday - timedelta(days=7)
    lnw_attendance(server_app, last_week, len(worker_ids))
    server_app.config["DAGDEEL_NOW"] = f"{last_week.isoformat()}T14:05"
    cards = {}
    with server_app.test_request_context():
        login_user(db.session.scalar(select(Staff).where(Staff.email == "werkbegeleider@dagdeel.test")))
        for i, worker_id in enumerate(worker_ids):
            cards[worker_id] = ("maaltijd", "slaaphuis")[i % 2]
            payout_operations.pay(worker_id, "lnw", last_week.isoformat(), cards[worker_id])
        db.session.commit()
    return cards


PAY_ROW_GEOMETRY = """rows => rows.map((r) => {
    const name = r.querySelector('.pay-who > strong'), targets = [...r.querySelectorAll('.tap-pay, select[name=voucher_type]')]
        .filter((t) => t.getClientRects().length);  // a row waiting to be sent hides its controls
    return {state: r.className, height: r.getBoundingClientRect().height, nameHeight: name.getBoundingClientRect().height,
            lineHeight: parseFloat(getComputedStyle(name).lineHeight), name: name.textContent,
            cut: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1,
            smallestTarget: Math.min(99, ...targets.map((t) => Math.min(t.getBoundingClientRect().height, t.getBoundingClientRect().width)))}; })"""


CUT = "els => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent)"  # names cut off by an ellipsis


def pay_visible_rows(page) -> int:
    """How many payout rows are wholly on screen between the top bar and the tab bar."""
    return page.evaluate("""() => {
        const top = document.querySelector('.topbar').getBoundingClientRect().bottom;
        const bottom = document.querySelector('.tabbar').getBoundingClientRect().top;
        return [...document.querySelectorAll('.pay-row')].filter((r) => {
            const box = r.getBoundingClientRect(); return box.top >= top - 1 && box.bottom <= bottom + 1; }).length; }""")


def assert_compact_rows(page) -> None:
    """Every payout row is at most 64 px: the name whole, on one line or two (never cut: two Mohameds are two
    people), tap targets of 44 px, no sideways scroll."""
    geometry = page.locator(".pay-row").evaluate_all(PAY_ROW_GEOMETRY)
    assert max(g["height"] for g in geometry) <= 64, [g for g in geometry if g["height"] > 64]
    assert not [g for g in geometry if g["cut"]], f"a name is cut off: {geometry}"
    assert all(g["nameHeight"] <= g["lineHeight"] * 2.3 for g in geometry), f"a name takes three lines: {geometry}"
    assert min(g["smallestTarget"] for g in geometry) >= 44, geometry
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_payout_taps(page, base, shot, server_app, monday):
    """At 14:05 the supervisor opens Uitbetaling and pays 10 people who arrived today; each line already holds the
    card they took last time, so paying is one tap per person: ≤ 11 taps in all, no typing. A line is one row of
    at most 64 px, so ten people, paid or not, fit between the top bar and the tab bar, no name cut off (a long one
    takes two lines)."""
    worker_ids = lnw_attendance(server_app, monday, 12)
    with server_app.app_context():
        db.session.get(Worker, worker_ids[0]).last_name = "Abdelkader"  # wider than one line of the name's room
        db.session.commit()
    cards = pay_remembered_cards(server_app, monday, worker_ids)
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T14:05"
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    count = PayTaps()

    count.tap(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitbetaling"))
    rows = page.locator(".pay-row")
    expect(rows).to_have_count(12)
    expect(page.locator(".tap-pay").first).to_contain_text("Betaal € 6,00 + kaart")
    assert_compact_rows(page)
    for i in range(10):
        count.tap(page.locator(".pay-row.state-due .tap-pay").first)
        expect(page.locator(".pay-row.state-paid")).to_have_count(i + 1)
        if i == 4:  # half paid: a look at the list scrolled up under the top bar (not counted)
            wait_for_queue(page, 0)
            expect(page.locator("#sync-bar")).to_be_hidden()
            assert_compact_rows(page)
            page.evaluate("""() => window.scrollBy(0, document.querySelector('.pay-row').getBoundingClientRect().top
                                                      - document.querySelector('.topbar').getBoundingClientRect().bottom)""")
            visible = pay_visible_rows(page)
            shot("payout-list", full_page=False)
            assert visible >= 10, visible
    wait_for_queue(page, 0)
    assert_compact_rows(page)
    expect(page.locator(".pay-row.state-paid").first).to_contain_text("✓ Betaald 14:05 ·")
    shot("payout-paid-all", full_page=False)

    print(f"\npayout of 10 with remembered card: {count.taps} taps, {count.typing} typing (budget {PAY_BUDGET}; paper list: "
          f"10 ticks); {visible} rows per screen")
    assert count.taps <= PAY_BUDGET and count.typing == 0
    with server_app.app_context():
        paid = dict(db.session.execute(select(LedgerLine.worker_id, LedgerLine.voucher_type).where(
            LedgerLine.kind == "payout", LedgerLine.unit == monday.isoformat())).all())
    assert len(paid) == 10 and all(paid[w] == cards[w] for w in paid), (paid, cards)  # each the card of last time, nobody twice


class RoundTaps:
    """The morning round's counter: every click goes through `tap` under a step's name; nothing is typed."""

    def __init__(self):
        self.steps: dict[str, int] = {}
        self.typing = 0

    def tap(self, step: str, locator) -> None:
        locator.click()
        self.steps[step] = self.steps.get(step, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.steps.values())

    def report(self) -> str:
        parts = ", ".join(f"{step} {n}" for step, n in self.steps.items())
        return f"morning round: {self.total} taps ({parts}), {self.typing} typing"


def round_sign_up(page, taps: RoundTaps, stop, count: int) -> None:
    """At the open stop, sign up the first `count` free regulars who meet the conditions (one tap each)."""
    sid = stop.get_attribute("id")
    for _ in range(count):
        after = int(stop.get_attribute("data-signups")) + 1
        taps.tap("sign-ups", stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").first)
        expect(page.locator(f"#{sid}[data-signups='{after}']")).to_have_count(1)


def test_morning_round_taps(page, base, shot, server_app):
    """10 regulars over 4 stops for an 8-seat bus, the rotation's proposal, boarding and arrival: at most 22 taps
    and no typing (status quo 25; a paper list: 1 tick per person, 10). Only the stop the bus is at is open; each
    stop's people board with one tap on a button that names them; a second bus's list marks who is on Bus 1."""
    taps = RoundTaps()
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    taps.tap("start", page.get_by_role("button", name="Ronde starten"))
    expect(page.locator("#seat-counter")).to_contain_text("0/8")

    stops = page.locator("details.stop")
    expect(stops).to_have_count(4)
    expect(page.locator("details.stop[open]")).to_have_count(1)  # only the first stop: the bus is there
    for index, count in enumerate((3, 3, 2, 2)):
        stop = stops.nth(index)
        if index:
            taps.tap("next stop", page.locator("details.stop[open] [data-next-stop]"))  # "Verder naar …"
            expect(stop).to_have_attribute("open", "")
            expect(page.locator("details.stop[open]")).to_have_count(1)  # the stop just left folds
        round_sign_up(page, taps, stop, count)
    expect(page.locator("details.stop:not([open]) .stop-count")).to_have_text(["· 3 aangemeld", "· 3 aangemeld", "· 2 aangemeld"])
    assert page.locator(".stop-name").evaluate_all(CUT) == []  # folded too: "Nachtopvang Brun…" could be two shelters
    page.evaluate("window.scrollTo(0, 0)")
    shot("round-folded", full_page=False)

    bar = page.locator("#seat-counter .jump-bar")
    expect(bar).to_have_text("Wie rijdt mee? (10 voor 8 plaatsen) ›")
    taps.tap("rotation", bar)
    heading = page.get_by_role("heading", name="Wie rijdt mee?")
    counter_bottom = page.locator("#seat-counter").bounding_box()
    assert heading.bounding_box()["y"] >= counter_bottom["y"] + counter_bottom["height"]  # not under the counter
    taps.tap("rotation", page.get_by_role("button", name="Vastleggen wie meerijdt"))
    expect(page.get_by_text("Vastgelegd wie er meerijdt.")).to_be_visible()
    expect(page.locator(".board-row")).to_have_count(8)
    shot("round-boarding", full_page=False)

    for stop in page.locator(".board-stop").all():  # one tap per stop: the button names who boards
        group = stop.locator("[data-board-stop]")
        riders = page.locator(".board-row:not(.boarded)")
        before = riders.count()
        if group.count():
            taps.tap("boarding", group)
        else:
            taps.tap("boarding", page.locator(".board-row:not(.boarded)").first.get_by_role("button", name="Instappen"))
        expect(riders).not_to_have_count(before)
    expect(page.locator("#seat-counter")).to_contain_text("8 ingestapt")
    assert page.locator(".board-stop .stop-name").evaluate_all(CUT) == []
    shot("round-boarded-per-stop", full_page=False)

    counted = 8 - len(via_via_on_board(server_app, clock.today()))  # a Via Via rider is counted on the Via Via board
    taps.tap("arrival", page.get_by_role("link", name="Aangekomen op het werk"))
    expect(page.locator("input[name=present]:checked")).to_have_count(counted)
    taps.tap("arrival", page.get_by_role("button", name="Aankomst bevestigen"))
    expect(page.get_by_text(f"Aangekomen: {counted} mensen staan aanwezig")).to_be_visible()
    with server_app.app_context():
        assert db.session.scalar(select(func.count(Attendance.id)).where(
            Attendance.date == clock.today(), Attendance.status == "aanwezig")) == counted

    print(f"\n{taps.report()} — budget 22, status quo 25, paper list 10 ticks")
    assert taps.typing == 0 and taps.total <= 22, taps.report()

    # Not counted: a second bus the same morning marks who is already on Bus 1 (boarded, or left behind).
    with server_app.app_context():
        bus = db.session.scalar(select(Bus).where(Bus.name == "Bus 1"))
        if db.session.scalar(select(Bus).where(Bus.name == "Bus 2")) is None:  # the demo may have it already
            db.session.add(Bus(name="Bus 2", seats=8, site_id=bus.site_id))
            db.session.commit()
    page.get_by_role("link", name="Ronde", exact=True).first.click()
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.locator(".round-meta")).to_contain_text("Bus 2")
    marked = page.locator("details.stop[open] .regulars .badge-taken")
    expect(marked.first).to_be_visible()
    assert all(text.startswith("in Bus 1 · ") or text == "al aan het werk" for text in marked.all_inner_texts())


BOARD_TAPS = 42       # 40 people present, navigation included
BOARD_SCREENS = 4     # scrolling, in steps of one screen


@pytest.fixture
def board_monday(server_app):
    """Next Monday, 08:20: the Assemblage morning has begun, its forty people are expected."""
    monday = next_monday(server_app)
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T08:20"
    yield monday
    server_app.config["DAGDEEL_NOW"] = None


BOARD_STEP = """(row, usable) => {
    const box = row.getBoundingClientRect();
    if (box.bottom <= document.querySelector('.tabbar').getBoundingClientRect().top) return 0;
    const under = document.querySelector('.topbar').getBoundingClientRect().bottom
                  + document.getElementById('tally').getBoundingClientRect().height + 10;  // where the sticky tally ends
    return Math.min(usable, box.top - under); }"""


def board_visible_rows(page) -> int:
    """How many board rows are wholly on screen between the sticky tally and the tab bar."""
    return page.evaluate("""() => {
        const top = document.getElementById('tally').getBoundingClientRect().bottom;
        const bottom = document.querySelector('.tabbar').getBoundingClientRect().top;
        return [...document.querySelectorAll('.att-row')].filter((r) => {
            const box = r.getBoundingClientRect(); return box.top >= top - 1 && box.bottom <= bottom + 1; }).length; }""")


BOARD_ROW_GEOMETRY = """rows => rows.map((r) => {
    const name = r.querySelector('.att-name'), buttons = [...r.querySelectorAll('.tap-present, .undo-button, .status-menu > summary')];
    const cut = (e) => e.clientWidth > 0 && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
    return {who: r.dataset.name, height: r.getBoundingClientRect().height, nameHeight: name.getBoundingClientRect().height,
            lineHeight: parseFloat(getComputedStyle(name).lineHeight), cut: [name, ...name.children].some(cut),
            smallestTarget: Math.min(...buttons.filter((b) => b.getClientRects().length).map(
                (b) => Math.min(b.getBoundingClientRect().height, b.getBoundingClientRect().width)))}; })"""


def assert_whole_names(page, rows) -> None:
    """Every board row at most 64 px with 44 px buttons, no sideways scroll, and every name whole: on one line or
    two, never cut off with an ellipsis (the undo after a tap included)."""
    geometry = rows.evaluate_all(BOARD_ROW_GEOMETRY)
    assert max(g["height"] for g in geometry) <= 64, [g for g in geometry if g["height"] > 64]
    assert [g["who"] for g in geometry if g["cut"]] == [], "a name is cut off"
    assert all(g["nameHeight"] <= g["lineHeight"] * 2.3 for g in geometry), "a name takes more than two lines"
    assert min(g["smallestTarget"] for g in geometry) >= 44, geometry
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_board_fits_a_360_px_phone(page, base, server_app, board_monday):
    """On the narrowest common Android phone (360 px) the tally above the board shows every count with its words (a
    second line rather than "37 nog ni"), no name is cut off and nothing scrolls sideways."""
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.locator(".tabbar").get_by_role("link", name="Werkvloer").click()
    page.get_by_role("link", name="Assemblage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assemblage")
    clipped = page.evaluate("""() => { const box = document.getElementById('tally').getBoundingClientRect();
        return [...document.querySelectorAll('#tally > span')].filter((s) => s.getBoundingClientRect().right > box.right + 0.5
                                                                    || s.getBoundingClientRect().bottom > box.bottom + 0.5)
                                                          .map((s) => s.textContent.trim()); }""")
    assert clipped == [], clipped
    assert [g["who"] for g in page.locator(".att-row").evaluate_all(BOARD_ROW_GEOMETRY) if g["cut"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_board_of_forty_taps(page, base, server_app, board_monday):
    """An assistant opens the Werkvloer on a fresh phone, picks Assemblage and taps all forty people present,
    scrolling a screen at a time: at most 42 taps and 4 screens, ten rows per screen, no name cut off (the undo
    after a tap included), the chips above the board all on screen."""
    SCREENSHOTS.mkdir(exist_ok=True)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")  # the phone's login, before the count
    taps, screens = 0, 0
    page.locator(".tabbar").get_by_role("link", name="Werkvloer").click()
    taps += 1
    page.get_by_role("link", name="Assemblage").click()
    taps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Assemblage")
    rows = page.locator(".att-row")
    people = rows.count()
    assert people == 40, people

    assert_whole_names(page, rows)
    chips = page.locator("nav.subnav .btn").evaluate_all("cs => cs.map((c) => [c.textContent.trim(), c.getBoundingClientRect().right])")
    assert [name for name, right in chips if right > PHONE["width"]] == [], chips  # "Week", "Trainingen" not off-screen

    usable = page.evaluate("""() => document.querySelector('.tabbar').getBoundingClientRect().top
                                    - document.querySelector('.topbar').getBoundingClientRect().bottom
                                    - document.getElementById('tally').getBoundingClientRect().height""")
    # a look first (not counted): with the list scrolled up under the sticky tally, ten rows show in full
    page.evaluate("""() => window.scrollBy(0, document.querySelector('.att-row').getBoundingClientRect().top
                                              - document.querySelector('.topbar').getBoundingClientRect().bottom
                                              - document.getElementById('tally').getBoundingClientRect().height - 10)""")
    visible = board_visible_rows(page)
    page.screenshot(path=str(SCREENSHOTS / "board-40.png"))
    assert visible >= 10, visible
    page.evaluate("window.scrollTo(0, 0)")

    for i in range(people):
        row = rows.nth(i)
        button = row.locator(".tap-present")
        for _ in range(100):
            # the next row is not wholly on screen: scroll by at most one screen, so it comes up under the tally
            if step := row.evaluate(BOARD_STEP, usable):
                page.evaluate("(step) => window.scrollBy(0, step)", step)
                screens += 1
            box = button.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            if button.evaluate("(b, p) => b.contains(document.elementFromPoint(p[0], p[1]))", [x, y]):
                break
            page.wait_for_timeout(30)  # the page is still moving (the sync bar came or went)
        page.mouse.click(x, y)  # a tap where the thumb sees the button: the robot does not scroll for us
        taps += 1
        expect(row).to_have_class(re.compile("status-aanwezig"))
        wait_for_queue(page, 0)
        if i == 5:  # sent, while its undo still shows (8 s): the name keeps its room (not counted)
            expect(row.locator(".undo-button")).to_be_visible()
            assert_whole_names(page, rows)
            page.screenshot(path=str(SCREENSHOTS / "board-40-undo.png"))
        expect(page.locator("#sync-bar")).to_be_hidden()  # sent: the page stands still again before the next look
    expect(page.locator("#tally [data-tally=present]")).to_have_text("40")
    page.screenshot(path=str(SCREENSHOTS / "board-40-done.png"))
    print(f"\nBoard of {people} people, all present: {visible} rows per screen, {taps} taps (budget {BOARD_TAPS}), 0 typing, "
          f"{screens} screens of scrolling (budget {BOARD_SCREENS}, one step = {usable:.0f} px, the screen below "
          f"the header and tally); paper list: {people} ticks")
    assert taps <= BOARD_TAPS
    assert screens <= BOARD_SCREENS


TAP_AREAS = """els => els.filter((e) => e.getClientRects().length).map((e) => {
    const boxes = [e, e.closest('label')].filter(Boolean).map((b) => b.getBoundingClientRect());  // a label is the target too
    return {what: e.getAttribute('aria-label') || e.textContent.trim() || e.name,
            height: Math.max(...boxes.map((b) => b.height)), width: Math.max(...boxes.map((b) => b.width))}; })"""


def small_targets(page, selector: str) -> list[dict]:
    """The visible matches of `selector` whose tap area (with their label) is under 44 × 44 px; there must be some."""
    areas = page.locator(selector).evaluate_all(TAP_AREAS)
    assert areas, f"nothing visible matches {selector}"
    return [a for a in areas if min(a["height"], a["width"]) < 44]


def test_trajectory_targets_are_44px(page, base, server_app, shot):
    """The counsellor's smaller controls, at 390 × 844: the trainings' session chips and the series page's session
    links, the plan's people, the proefweek's dagdelen, a life domain's status, its 'actiepunten gedaan' and the overleg's domain cells all
    have a tap area of at least 44 × 44 px (a control's label counts)."""
    with server_app.app_context():
        ready = db.session.scalar(select(Worker).where(Worker.external_id == "P001")).id
        point = db.session.scalar(select(ActionPoint).join(ActionVersion).where(ActionVersion.done_on.is_not(None)))
        done = (point.worker_id, point.domain.code)  # a life domain with an action point done
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    small = {}
    page.goto(f"{base}/trajecten/trainingen")
    small["session chips"] = small_targets(page, ".chips a")
    page.locator(".chips").first.locator("xpath=..").get_by_role("link").first.click()  # the series' name
    expect(page.get_by_role("heading", name="Bijeenkomsten")).to_be_visible()
    small["sessions"] = small_targets(page, "#sessions-h ~ ol > li > a")
    shot("training-series-targets", full_page=False)
    page.goto(f"{base}/trajecten/trainingen/nieuw")
    small["participants"] = small_targets(page, "input[name=workers]")
    page.goto(f"{base}/trajecten/medewerker/{ready}")
    small["proefweek"] = small_targets(page, ".trial-schedule input[type=checkbox]")
    page.locator(".trial-schedule").scroll_into_view_if_needed()
    shot("proefweek-dagdelen", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{base}/trajecten/medewerker/{ready}/leefgebied/wonen")
    small["life domain"] = small_targets(page, "input[name=status]")
    page.goto(f"{base}/trajecten/overleg")
    small["overleg"] = small_targets(page, ".dom-cell a")
    page.goto(f"{base}/trajecten/medewerker/{done[0]}/leefgebied/{done[1]}")
    small["actiepunten gedaan"] = small_targets(page, ".done-actions > summary")
    assert {where: found for where, found in small.items() if found} == {}


def test_the_checklist_links_on_the_trajectory_page_are_44px(page, base, server_app):
    """New-user walk: 'Algemene Arbeidstraining · ma 7 dec' was 317 × 20 px; the Plan's link to the agreed goals
    too is a thumb's tap."""
    with server_app.app_context():
        sitting = db.session.scalar(select(ChecklistSession).order_by(ChecklistSession.id))
        checklists.add_goal(sitting, sitting.by, sitting.version.items[0].name, "Elke ochtend op tijd",
                            ("medewerker", None, ""), None, None)
        worker_id = sitting.worker_id
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    assert small_targets(page, ".checklists .list a") == []
    assert small_targets(page, ".plan .more a") == []
