"""Accessibility (issue 14 item 7, WCAG 2.2 AA): axe-core on every main page at 390 × 844, names that say whose
button it is, status shown by text and not by colour alone, and a focus order that follows the screen."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import empty_tables, load_demo
from webapp.extensions import db
from webapp.org.models import Workshop
from webapp.payouts.rules import week_unit
from webapp.trajectory.checklist_models import ChecklistSession
from webapp.workers.models import Worker

from .conftest import login, next_monday
from .test_offline import lnw_attendance

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

ACCOUNTS = {
    "assistant": ("assistent@dagdeel.test", "demo-assistent"),
    "supervisor": ("werkbegeleider@dagdeel.test", "demo-werkbegeleider"),
    "counsellor": ("trajectbegeleider@dagdeel.test", "demo-trajectbegeleider"),
    "admin": ("beheer@dagdeel.test", "demo-beheerder"),
}


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (page.evaluate is not subject to the CSP, a script tag would be) on the WCAG 2.x A/AA rules."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # From the top: a row scrolled half under the sticky seat counter is "partially obscured" for target-size, a
    # fact of where the page was scrolled (a sign-up keeps its row under the thumb), not of the page.
    page.evaluate("window.scrollTo(0, 0)")
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => ({checked: r.passes.length + r.violations.length + r.incomplete.length,
                violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.split('\\n').slice(1).join(' ') : ''))}))}))""",
        WCAG_AA)
    assert result["checked"] >= 10, result  # the rules ran on something (an empty or broken page passes every rule)
    return result["violations"]


def report(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:8]) for v in violations)


def assert_accessible(page, where: str) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert blocking == [], f"axe-core on {where}:\n{report(blocking)}"


def accessible_name(page, locator) -> tuple[str, str]:
    """Chromium's own role and accessible name for an element, as a screen reader gets them (Playwright's get_by_role
    does not know <summary>, which Chromium exposes as a disclosure button)."""
    cdp = page.context.new_cdp_session(page)
    locator.evaluate("e => e.setAttribute('data-ax-probe', '')")
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-ax-probe]"})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    finally:
        locator.evaluate("e => e.removeAttribute('data-ax-probe')")
        cdp.detach()
    return ax["role"]["value"], ax.get("name", {}).get("value", "")


def test_the_check_finds_what_it_looks_for(page, base):
    """The check is not blind: a button without a name and grey-on-grey text on the login page are reported."""
    page.goto(f"{base}/inloggen")
    page.evaluate("""() => { const b = document.createElement('button'); b.className = 'planted';
        const p = document.createElement('p'); p.textContent = 'nauwelijks te lezen'; p.style.color = '#bbb';
        document.querySelector('main').append(b, p); }""")
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert found.get("button-name") == "critical" and found.get("color-contrast") == "serious", found


# What each page needs before it is checked: (role, steps). Steps take (page, base, world) and leave the page on screen.

def _round_open_stop(page, base, world):
    """Today's round started, two people signed up at the stop the bus is at."""
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.locator("#seat-counter")).to_contain_text("0/8")
    stop = page.locator("details.stop[open]")
    for n in (1, 2):
        stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").first.click()
        expect(page.locator("details.stop[open]")).to_have_attribute("data-signups", str(n))


def _round_boarding(page, base, world):
    """Ten signed up for eight seats, the proposal recorded: the boarding list, one person boarded."""
    _round_open_stop(page, base, world)
    _round_decided(page)


def _round_decided(page):
    """From two sign-ups at the first stop: eight more at the next three, the proposal checked and recorded, one boarded."""
    for index in range(1, 4):
        page.locator("details.stop[open] [data-next-stop]").click()
        stop = page.locator("details.stop").nth(index)
        expect(stop).to_have_attribute("open", "")
        for _ in range((3, 3, 2)[index - 1]):
            before = int(stop.get_attribute("data-signups"))
            stop.locator(".regulars .tap-row:not(.taken):not([data-unmet])").first.click()
            expect(stop).to_have_attribute("data-signups", str(before + 1))
    assert_accessible(page, "the round with its proposal")
    page.get_by_role("button", name="Vastleggen wie meerijdt").click()
    expect(page.locator(".board-row")).to_have_count(8)
    page.locator(".board-row").first.get_by_role("button", name="Instappen").click()
    expect(page.locator(".board-row.boarded")).to_have_count(1)


def _board(name):
    def go(page, base, world):
        page.goto(f"{base}/werkvloer/{world[name]}")
        expect(page.locator(".att-row").first).to_be_visible()
        if page.locator(".att-row .tap-present").count():  # one present, so the board shows both states
            page.locator(".att-row .tap-present").first.click()
        expect(page.locator(".att-row.status-aanwezig:not(.pending)")).not_to_have_count(0)  # the server answered
    return go


def _status_menu(page, base, world):
    _board("viavia")(page, base, world)
    page.locator(".att-row .status-menu > summary").first.click()
    expect(page.locator(".att-row .status-menu[open] .status-form")).to_be_visible()


def _payouts(page, base, world):
    """The Loon naar Werken day list at 14:05, one person paid."""
    page.goto(f"{base}/uitbetaling/")
    expect(page.locator(".pay-row").first).to_be_visible()
    page.locator(".pay-row.state-due .tap-pay").first.click()
    expect(page.locator(".pay-row.state-paid:not(.pending)")).not_to_have_count(0)  # the server answered


def _checklist_turn(page, base, world):
    """A new checklist for the demo's checklist worker: the supervisor's list (checked), handed over, the worker's
    first item, then 'Stoppen' (the password form, checked last)."""
    page.goto(f"{base}/trajecten/medewerker/{world['checklist_worker']}")
    page.get_by_role("button", name="Nieuwe checklist").click()
    for fieldset in page.locator("fieldset.levels").all():
        fieldset.locator("input[value='2']").check()
    assert_accessible(page, "the supervisor's checklist")
    page.get_by_role("button", name="Scores opslaan").click()
    assert_accessible(page, "the hand-over")
    page.get_by_role("button", name=re.compile("^Geef de telefoon aan")).click()
    page.get_by_role("button", name=re.compile("^3 ")).click()
    expect(page.locator(".turn-progress")).to_have_text(re.compile("^2 van"))
    assert_accessible(page, "the worker's turn")
    page.get_by_role("link", name="Stoppen").click()


# The pages that are only looked at: (role, path), all on one demo organisation.
VISITS = {
    "login": (None, "/inloggen"),
    "home": ("assistant", "/"),
    "round list": ("assistant", "/ronde/"),
    "round plan": ("admin", "/ronde/plannen"),
    "werkvloer list": ("supervisor", "/werkvloer/?kies=1"),
    "no-shows": ("supervisor", "/werkvloer/{viavia}/kort-op-de-man"),
    "week grid": ("supervisor", "/werkvloer/{viavia}/week"),
    "worker week": ("supervisor", "/werkvloer/medewerker/{worker}/week"),
    "via via week payouts": ("supervisor", "/uitbetaling/viavia?week={last_week}&werkplaats=alle"),
    "cash check": ("supervisor", "/uitbetaling/kas"),
    "payout overview": ("counsellor", "/uitbetaling/overzicht"),
    "worker list": ("counsellor", "/medewerkers/"),
    "worker card": ("counsellor", "/medewerkers/{worker}"),
    "worker form": ("counsellor", "/medewerkers/{worker}/bewerken"),
    "new worker": ("counsellor", "/medewerkers/nieuw"),
    "worker schedule": ("counsellor", "/medewerkers/{worker}/rooster"),
    "worker enrolment": ("counsellor", "/medewerkers/{worker}/traject"),
    "worker import": ("counsellor", "/medewerkers/import"),
    "attendance import": ("supervisor", "/werkvloer/import"),
    "trajectory catalogue": ("counsellor", "/trajecten"),
    "life domain": ("counsellor", "/trajecten/medewerker/{worker}/leefgebied/wonen"),
    "overleg": ("counsellor", "/trajecten/overleg"),
    "zrm form": ("counsellor", "/trajecten/medewerker/{worker}/zrm"),
    "participatieladder": ("counsellor", "/trajecten/medewerker/{worker}/participatieladder"),
    "access report": ("counsellor", "/medewerkers/{worker}/inzage"),
    "overleg per workshop": ("supervisor", "/trajecten/overleg?werkplaats={viavia}"),
    "admin": ("admin", "/beheer/"),
    "admin workshops": ("admin", "/beheer/werkplaatsen"),
    "admin workshop form": ("admin", "/beheer/werkplaatsen/nieuw"),
    "admin shelters": ("admin", "/beheer/opvang"),
    "admin buses": ("admin", "/beheer/bussen"),
    "admin staff": ("admin", "/beheer/personeel"),
    "admin staff form": ("admin", "/beheer/personeel/nieuw"),
    "access log": ("admin", "/beheer/logboek"),
    "payout rules": ("admin", "/uitbetaling/regels"),
    "trajectory page with checklists": ("supervisor", "/trajecten/medewerker/{checklist_worker}"),
    "checklist gap": ("supervisor", "/trajecten/checklist/{checklist}"),
    "offline page": ("assistant", "/offline"),
}
# The pages worked on first: (role, steps), each on a fresh demo.
WORKED = {
    "round with an open stop": ("assistant", _round_open_stop),
    "round boarding": ("assistant", _round_boarding),
    "via via board": ("supervisor", _board("viavia")),
    "lnw board": ("supervisor", _board("lnw")),
    "status menu": ("supervisor", _status_menu),
    "lnw day payouts": ("supervisor", _payouts),
    "checklist turn": ("supervisor", _checklist_turn),
}


def _world(server_app) -> dict:
    """Next Monday at 14:05 (the Via Via afternoon, the Loon naar Werken day payable), ten people at Loon naar
    Werken that day, and the ids the pages need."""
    monday = next_monday(server_app)
    lnw_attendance(server_app, monday, 10)
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T14:05"
    with server_app.app_context():
        workshops = {w.programme: w.id for w in db.session.scalars(select(Workshop).where(Workshop.programme.is_not(None)))}
        worker = db.session.scalar(select(Worker).where(Worker.last_name != "").order_by(Worker.id))
        checklist = db.session.scalar(select(ChecklistSession).order_by(ChecklistSession.held_on.desc()))
        return {"viavia": workshops["viavia"], "lnw": workshops["lnw"], "worker": worker.id,
                "last_week": week_unit(monday - timedelta(days=7)), "checklist": checklist.id,
                "checklist_worker": checklist.worker_id}


@pytest.fixture(scope="module")
def shared_world(live_server, server_app):
    """One demo for the pages that are only looked at (loading it takes longer than looking)."""
    load_demo(server_app)
    yield _world(server_app)
    server_app.config["DAGDEEL_NOW"] = None
    empty_tables(server_app)


@pytest.fixture
def world(server_app, base):
    """A fresh demo and its world, for a journey that changes things."""
    yield _world(server_app)
    server_app.config["DAGDEEL_NOW"] = None


@pytest.mark.parametrize("name", list(VISITS))
def test_page_has_no_serious_axe_violations(page, live_server, shot, shared_world, name):
    """Every main page has no serious or critical WCAG 2.2 A/AA violation."""
    role, path = VISITS[name]
    if role:
        login(page, live_server, *ACCOUNTS[role])
    page.goto(live_server + path.format(**shared_world))
    page.wait_for_load_state()
    shot("a11y-" + name.replace(" ", "-"), full_page=False)
    assert_accessible(page, name)


@pytest.mark.parametrize("name", list(WORKED))
def test_worked_page_has_no_serious_axe_violations(page, base, shot, world, name):
    """Every daily screen, in the state a person works it (a tap done, a menu open), has no serious or critical
    WCAG 2.2 A/AA violation."""
    role, steps = WORKED[name]
    login(page, base, *ACCOUNTS[role])
    steps(page, base, world)
    shot("a11y-" + name.replace(" ", "-"), full_page=False)
    assert_accessible(page, name)


def test_buttons_say_whose_they_are(page, base, world):
    """A screen reader hears the person with every tap button: "Aanwezig — Bas Vermeulen" on the board,
    "Betaal € 6,00 + kaart — …" on the payout list; the visible text stays the same and comes first."""
    login(page, base, *ACCOUNTS["supervisor"])
    page.goto(f"{base}/werkvloer/{world['viavia']}")
    row = page.locator("#" + page.locator(".att-row.status-open").first.get_attribute("id"))
    name = row.locator(".att-name").inner_text()
    present = page.get_by_role("button", name=f"Aanwezig — {name}", exact=True)
    expect(present).to_have_text("Aanwezig")
    assert accessible_name(page, row.locator(".status-menu > summary")) == ("DisclosureTriangle", f"Andere status voor {name}")
    present.click()
    expect(row).to_have_class(re.compile(r"status-aanwezig"))
    expect(row.locator(".status-chip")).to_contain_text("aanwezig")

    page.goto(f"{base}/uitbetaling/")
    due = page.locator(".pay-row.state-due").first
    name = due.locator(".pay-who strong").inner_text()
    pay = page.get_by_role("button", name=re.compile(rf"^Betaal € 6,00 \+ kaart — {re.escape(name)}( |$)"))
    expect(pay).to_have_count(1)
    expect(pay.locator("span").first).to_have_text("Betaal € 6,00 + kaart")  # what the eye sees is unchanged
    expect(page.get_by_role("combobox", name=f"Kaart — {name}", exact=True)).to_be_visible()  # the card chip names whose


def test_round_buttons_say_whose_they_are(page, base, world):
    """On the round: "Aanmelden — …" for a regular, "Intrekken — …", and "Instappen — …" / "Ingestapt ✓ — …" on
    the boarding list, with the state in the words (and aria-pressed), not only in the colour."""
    login(page, base, *ACCOUNTS["assistant"])
    _round_open_stop(page, base, world)
    regular = page.locator("details.stop[open] .regulars .tap-row:not(.taken)").first
    name = regular.get_attribute("data-worker-name")
    expect(page.get_by_role("button", name=re.compile(rf"^Aanmelden — {re.escape(name)}"))).to_have_count(1)
    signed = page.locator("details.stop[open] .signup-row strong").first.inner_text()
    expect(page.get_by_role("button", name=f"Intrekken — {signed}", exact=True)).to_have_text("Intrekken")

    _round_decided(page)
    boarded, waiting = page.locator(".board-row.boarded").first, page.locator(".board-row:not(.boarded)").first
    boarded_name, waiting_name = (r.locator("strong").inner_text() for r in (boarded, waiting))
    done = page.get_by_role("button", name=f"Ingestapt ✓ — {boarded_name}", exact=True)
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(boarded).to_contain_text(re.compile(r"\d\d:\d\d"))  # boarded: the time, in words beside the colour
    todo = page.get_by_role("button", name=f"Instappen — {waiting_name}", exact=True)
    expect(todo).to_have_attribute("aria-pressed", "false")
    todo.click()
    expect(page.get_by_role("button", name=f"Ingestapt ✓ — {waiting_name}", exact=True)).to_be_visible()


def test_board_states_are_words_not_only_colours(page, base, shot, world):
    """Every row on the board says its state in words: a status chip once marked, the "Aanwezig" button while open;
    the payout list says "✓ Betaald" or what a tap pays."""
    login(page, base, *ACCOUNTS["supervisor"])
    _status_menu(page, base, world)
    menu = page.locator(".att-row .status-menu[open]")
    menu.get_by_label("afwezig met bericht").check()
    menu.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".att-row.status-afwezig_bericht:not(.pending)")).to_have_count(1)
    for row in page.locator(".att-row").all():
        if "status-open" in row.get_attribute("class"):
            expect(row.locator(".tap-present")).to_have_text("Aanwezig")
        else:
            expect(row.locator(".status-chip")).to_have_text(re.compile(r"^(aanwezig|afwezig met bericht)"))
    page.goto(f"{base}/werkvloer/{world['viavia']}/week")
    cell = page.locator(".week-grid td.status-afwezig_bericht").first  # a coloured letter on screen, a word when read
    expect(cell.locator("[aria-hidden=true]")).to_have_text("B")
    expect(cell).to_contain_text("afwezig met bericht")
    shot("a11y-week-grid-marked", full_page=False)
    _payouts(page, base, world)
    expect(page.locator(".pay-row.state-paid .paid-chip").first).to_contain_text("✓ Betaald")
    for row in page.locator(".pay-row.state-due").all():
        expect(row.locator(".tap-pay")).to_contain_text("Betaal €")


def focus_trail(page, stop_selector: str, limit: int = 80) -> list[dict]:
    """Tab from the top of the page until `stop_selector` has the focus: where each focused element sits."""
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate("""stop => { const e = document.activeElement, r = e.getBoundingClientRect();
            return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40),
                    row: e.closest('.att-row') ? e.closest('.att-row').id : null, header: !!e.closest('header'),
                    main: !!e.closest('main'), y: r.top + window.scrollY, stop: e.matches(stop)}; }""", stop_selector)
        trail.append(here)
        if here["stop"]:
            return trail
    raise AssertionError(f"{stop_selector} never got the focus: {trail}")


def test_focus_order_follows_the_board(page, base, world):
    """Tab through the board: the header (menu) first, then the board's own links, then the rows top to bottom, each
    row's name, its "Aanwezig" and its status menu in that order, then the search to add someone."""
    login(page, base, *ACCOUNTS["supervisor"])
    page.goto(f"{base}/werkvloer/{world['viavia']}")
    rows = page.locator(".att-row").evaluate_all("rows => rows.map(r => r.id)")
    trail = focus_trail(page, "#add-q")
    first_row = next(i for i, f in enumerate(trail) if f["row"])
    assert any(f["header"] for f in trail[:first_row]) and not any(f["header"] for f in trail[first_row:])
    visited = [f["row"] for f in trail if f["row"]]
    assert list(dict.fromkeys(visited)) == rows  # every row, in the order shown
    in_main = [f["y"] for f in trail if f["main"]]
    assert in_main == sorted(in_main), trail  # never jumps back up the screen
    for row in rows:
        kinds = [f["tag"] + ":" + f["text"].split(" —")[0] for f in trail if f["row"] == row]
        assert kinds[0].startswith("A:") and kinds[-1].startswith("SUMMARY:Andere status"), kinds
