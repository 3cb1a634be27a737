"""Journey: the morning bus round, from starting the round to the print view."""
import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp import clock
from webapp.attendance.models import Attendance
from webapp.extensions import db
from webapp.rounds.models import SignUp

from .conftest import login, via_via_on_board


def tap_regulars(page, stop, count, which=".regulars .tap-row:not([disabled])"):
    """Sign up the first `count` regulars at a stop with one tap each, confirming a conditions warning if shown."""
    sid = stop.get_attribute("id")
    for _ in range(count):
        after = f"#{sid}[data-signups='{int(stop.get_attribute('data-signups')) + 1}']"
        stop.locator(which).first.click()
        expect(page.locator(f"{after}, #{sid} .confirm")).to_have_count(1)
        if page.locator(f"#{sid} .confirm").count():
            # the question is where the eyes are: focused, so the phone scrolled to it from the tapped row below
            expect(page.locator(f"#{sid} .confirm")).to_be_focused()
            expect(page.locator(f"#{sid} .confirm")).to_be_in_viewport()
            expect(stop.get_by_text("Dat is een voorwaarde voor Loon naar Werken.")).to_be_visible()
            stop.get_by_role("button", name="Toch aanmelden").click()
        expect(page.locator(after)).to_have_count(1)


def test_assistant_runs_the_morning_round(page, base, shot, server_app):
    """An assistant starts today's round, signs up 10 people at 3 stops for an 8-seat bus,
    accepts the rotation's proposal with one swap, checks everyone off as they board,
    arrives (creating their Loon naar Werken attendance) and opens the print view."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.locator("#seat-counter")).to_contain_text("0/8")
    shot("round-start")

    stops = page.locator("details.stop")
    via_via_name = None  # one Via Via regular signed up on purpose (the demo's ranks depend on the date)
    for index, count in ((0, 4), (1, 3), (2, 3)):
        stop = stops.nth(index)
        if stop.get_attribute("open") is None:
            stop.locator("> summary").click()
        via_via = stop.locator(".regulars .tap-row[data-lnw='0']:not([disabled])")
        if via_via_name is None and via_via.count():
            via_via_name = via_via.first.get_attribute("data-worker-name")
            tap_regulars(page, stop, 1, ".regulars .tap-row[data-lnw='0']:not([disabled])")
            count -= 1
        tap_regulars(page, stop, count)
        shot(f"round-stop-{index + 1}", full_page=False)
    assert via_via_name, "the demo has a Via Via regular at one of the first three stops"
    expect(page.locator("#seat-counter")).to_contain_text("2 te veel")

    proposal = page.locator(".proposal input[type=checkbox]")
    expect(proposal).to_have_count(10)
    shot("round-proposal")
    round_url = page.url
    count = page.locator("#riders .chosen-count")
    expect(count).to_have_text("8 gekozen voor 8 plaatsen")
    via_via_box = page.locator(".proposal li").filter(has_text=via_via_name).locator("input[type=checkbox]")
    extra = via_via_box if not via_via_box.is_checked() else page.locator(".proposal input[type=checkbox]:not(:checked)").first
    extra_value = extra.get_attribute("value")
    extra.check()  # one more rides: 9 for 8 seats, said before "Vastleggen"...
    expect(count).to_have_text("9 gekozen voor 8 plaatsen")
    expect(count).to_have_class(re.compile("warn"))
    proposal.nth(0).scroll_into_view_if_needed()  # back up the list: the count and its button stay in view
    tabbar, button = page.locator(".tabbar").bounding_box(), page.get_by_role("button", name="Vastleggen wie meerijdt")
    expect(count).to_be_in_viewport()
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= tabbar["y"] + 1  # above the tab bar, not under it
    page.get_by_role("button", name="Vastleggen wie meerijdt").click()
    refusal = page.get_by_role("alert").filter(has_text="Je koos 9 mensen voor 8 plaatsen")
    expect(refusal.last).to_be_focused()  # said beside the button, where the thumb is, and the list kept
    expect(refusal.last).to_be_in_viewport()
    expect(page.locator(f".proposal input[value='{extra_value}']")).to_be_checked()
    assert page.url == round_url  # a reload shows the round, not the form's address
    page.locator(".proposal li").filter(has_not_text=via_via_name).locator("input:checked").first.uncheck()  # ...a swap
    expect(page.locator("#riders .chosen-count")).to_have_text("8 gekozen voor 8 plaatsen")
    page.get_by_role("button", name="Vastleggen wie meerijdt").click()
    expect(page.get_by_text("Vastgelegd wie er meerijdt.")).to_be_visible()
    expect(page.locator(".board-row")).to_have_count(8)

    for _ in range(8):
        row_id = page.locator(".board-row:not(.boarded)").first.get_attribute("id")
        page.locator(f"#{row_id}").get_by_role("button", name="Instappen").click()
        expect(page.locator(f"#{row_id}.boarded")).to_have_count(1)
    expect(page.locator("#seat-counter")).to_contain_text("8 ingestapt")
    page.locator(".board-row").get_by_role("button", name="Ingestapt ✓").last.click()  # undo one
    expect(page.locator("#seat-counter")).to_contain_text("7 ingestapt")
    page.locator(".board-row").get_by_role("button", name="Instappen").click()
    expect(page.locator("#seat-counter")).to_contain_text("8 ingestapt")
    shot("round-boarded")

    # a Via Via rider's dagdeel is tapped on the Via Via board: the arrival does not count them here too
    via_via = via_via_on_board(server_app, clock.today())
    assert via_via, "the demo puts a Via Via rider on the bus"
    counted = 8 - len(via_via)
    page.get_by_role("link", name="Aangekomen op het werk").click()
    expect(page.locator("input[name=present]:checked")).to_have_count(counted)
    expect(page.locator("#arrive-list .via-via")).to_have_count(len(via_via))
    expect(page.locator("#arrive-list .via-via").first).to_contain_text("Via Via: aanwezig melden op het Via Via-bord")
    shot("round-arrive")
    page.get_by_role("button", name="Aankomst bevestigen").click()
    expect(page.get_by_text(f"Aangekomen: {counted} mensen staan aanwezig")).to_be_visible()
    with server_app.app_context():
        today = clock.today()
        present = set(db.session.scalars(select(Attendance.worker_id).where(
            Attendance.date == today, Attendance.status == "aanwezig")))
        assert len(present) == counted and not present & via_via
        assert db.session.scalar(select(func.count(SignUp.id)).where(
            SignUp.date == today, SignUp.selected.is_(False))) == 2

    page.get_by_role("link", name="Printversie").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ophaalronde Bus 1")
    expect(page.get_by_text("meegereden")).to_have_count(8)
    expect(page.get_by_text("achtergebleven — vol — voorrang volgende keer", exact=False)).to_have_count(2)
    shot("round-print")
