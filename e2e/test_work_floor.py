"""Journey: a supervisor runs the morning's attendance on the Via Via board."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.attendance.models import Attendance, ContactLog
from webapp.extensions import db

from .conftest import login


def test_supervisor_runs_the_mornings_attendance(page, base, shot, server_app, monday_morning):
    """Open the Via Via board, add who was not expected, tap 12 people present, send one home with a reason,
    follow up the no-shows with a call, and look at the week grid."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.get_by_role("link", name="Via Via").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Via Via")
    expect(page.locator(".blocktab.current")).to_contain_text("ochtend")
    shot("floor-board")

    rows = page.locator(".att-row")
    search = page.get_by_label("Iemand toevoegen die niet ingeroosterd is")
    while rows.count() < 13:  # twelve to tap present, one to send home
        search.fill("a")
        search.fill("an")
        page.locator("#add-results").get_by_role("button", name="Aanwezig").first.click()
        page.wait_for_load_state()
    present_before = page.locator(".status-aanwezig").count()

    for _ in range(12 - present_before):
        row_id = page.locator(".att-row:not(.pending):has(.tap-present)").first.get_attribute("id")
        page.locator(f"#{row_id} .tap-present").click()
        expect(page.locator(f"#{row_id}.status-aanwezig")).to_have_count(1)  # the row answered
    expect(page.locator(".status-aanwezig")).to_have_count(12)
    expect(page.locator("#tally")).to_contain_text("12 aanwezig")
    shot("floor-tapped")

    open_row = page.locator(".att-row.status-open, .att-row:not(.status-aanwezig)").first
    open_row.locator(".status-menu > summary").click()
    open_row.get_by_label("naar huis gestuurd").check()
    open_row.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Geef een reden.")).to_be_visible()
    row = page.locator(".att-row").filter(has_text="Geef een reden.")
    row.locator(".status-menu > summary").click()
    counts = row.get_by_label("vroeg weg telt mee als gewerkt dagdeel")
    row.get_by_role("radio", name="te laat").check()
    expect(counts).to_be_hidden()  # a supervisor's "telt mee" is about leaving early only
    row.get_by_role("radio", name="vroeg weg", exact=True).check()
    expect(counts).to_be_visible()
    row.get_by_label("naar huis gestuurd").check()
    expect(counts).to_be_hidden()
    row.get_by_label("Toelichting").fill("onder invloed")
    shot("floor-status-menu", full_page=False)
    row.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".status-naar_huis")).to_contain_text("naar huis gestuurd")
    expect(page.locator(".status-naar_huis")).to_contain_text("onder invloed")

    page.get_by_role("link", name="Kort op de man").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kort op de man")
    shot("floor-no-shows")
    missing = page.locator(".noshow")
    if missing.count():
        first = missing.first
        first.get_by_label("Contact vastleggen").fill("gebeld, komt morgen")
        first.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("gebeld, komt morgen")).to_be_visible()
        with server_app.app_context():
            assert db.session.scalar(select(func.count(ContactLog.id))) == 1

    page.get_by_role("link", name="Terug").click()
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.locator(".week-grid")).to_be_visible()
    expect(page.locator(".week-grid td.status-aanwezig")).to_have_count(12)
    shot("floor-week")
    with server_app.app_context():
        assert db.session.scalar(select(func.count(Attendance.id)).where(
            Attendance.date == monday_morning, Attendance.status == "aanwezig")) == 12


def test_a_refused_tap_leaves_the_row_and_the_tally_as_they_were(page, base, server_app, monday_morning):
    """An assistant opens last Friday's board and taps someone present: the server refuses in Dutch (only a
    supervisor changes another day), the row goes back to what it was and the tally does not count the tap."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    friday = monday_morning - timedelta(days=3)
    page.goto(f"{page.url.split('?')[0]}?datum={friday}")
    tally = page.locator("#tally [data-tally=present]")
    before = tally.inner_text()
    for row_id in page.locator(".att-row.status-open").evaluate_all("rows => rows.slice(0, 4).map(r => r.id)"):
        with page.expect_response(lambda r: "markeren" in r.url) as answer:
            page.locator(f"#{row_id}").get_by_role("button", name="Aanwezig").click()
        assert answer.value.status == 422
        expect(page.locator(f"#{row_id}")).to_contain_text("Alleen vandaag")
        expect(page.locator(f"#{row_id}")).to_have_class(re.compile("status-open"))
    page.wait_for_timeout(300)  # the queue settles a few milliseconds after the swap (the race this test is about)
    expect(tally).to_have_text(before)


def test_the_status_menu_closes_without_changing_anything(page, base, server_app, monday_morning):
    """On the Assemblage board the assistant opens a person's status menu and leaves it four ways — Annuleren,
    Escape, a tap outside, the phone's back button — and nothing is written. It opens on the current status:
    nothing chosen for someone not yet marked (Opslaan cannot write a default), "aanwezig" once they are."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.locator(".tabbar").get_by_role("link", name="Werkvloer").click()
    page.get_by_role("link", name="Assemblage").click()
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    row = page.locator(".att-row").first
    menu, summary = row.locator(".status-menu"), row.locator(".status-menu > summary")
    board_url = page.url

    summary.click()
    expect(menu).to_have_attribute("open", "")
    expect(row.locator(".menu-who")).to_be_visible()  # the full name, in the menu
    expect(row.locator("input[name=status]:checked")).to_have_count(0)
    row.get_by_role("button", name="Opslaan").click()  # nothing chosen: the browser asks, nothing is sent
    expect(menu).to_have_attribute("open", "")
    row.get_by_role("button", name="Annuleren").click()
    expect(menu).not_to_have_attribute("open", "")

    summary.click()
    row.get_by_label("afwezig met bericht").check()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")

    summary.click()
    expect(row.locator("input[name=status]:checked")).to_have_count(0)  # the choice left behind is gone
    page.mouse.click(195, 70)  # outside the sheet: closes it, taps nothing underneath
    expect(menu).not_to_have_attribute("open", "")

    summary.click()
    page.go_back()
    expect(menu).not_to_have_attribute("open", "")
    assert page.url == board_url  # back closed the menu and stayed on the board
    assert posts == []
    expect(row).to_have_class(re.compile("status-open"))

    row.locator(".tap-present").click()
    expect(row).to_have_class(re.compile("status-aanwezig"))
    # The server's row (who changed it, when): a press on "⋯" that the answer's swap cuts in two (finger down on the
    # old row, up on the new one) is no click in Chromium; the menu on a tap not yet answered has its own test below.
    expect(row.locator(".changed")).to_be_visible()
    row.locator(".status-menu > summary").click()
    expect(row.get_by_label("aanwezig", exact=True)).to_be_checked()
    page.keyboard.press("Escape")
    expect(row.locator(".status-menu")).not_to_have_attribute("open", "")


def test_the_status_menu_opens_on_a_tap_not_yet_answered(page, base, server_app, monday_morning):
    """The menu opens on what the row shows now: a tap queued offline (or still on its way) is the current status,
    also when the menu was opened before the tap (its sheet was made for the status the row had then)."""
    from .waits import queued, wait_for_queue

    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.locator(".tabbar").get_by_role("link", name="Werkvloer").click()
    page.get_by_role("link", name="Assemblage").click()
    row = page.locator(".att-row.status-open").first
    row_id = row.get_attribute("id")
    row = page.locator(f"#{row_id}")
    menu, summary = row.locator(".status-menu"), row.locator(".status-menu > summary")
    summary.click()
    expect(row.locator("input[name=status]:checked")).to_have_count(0)
    row.get_by_role("button", name="Annuleren").click()
    expect(menu).not_to_have_attribute("open", "")

    page.context.set_offline(True)
    row.locator(".tap-present").click()
    expect(row).to_have_class(re.compile("status-aanwezig"))
    summary.click()
    expect(row.get_by_label("aanwezig", exact=True)).to_be_checked()
    row.get_by_role("button", name="Annuleren").click()
    assert queued(page) == 1  # opening and closing the menu wrote nothing
    page.context.set_offline(False)
    wait_for_queue(page, 0, seconds=30)


def test_the_status_menu_stays_open_when_the_tap_is_answered(page, base, server_app, monday_morning):
    """The assistant taps "Aanwezig" and opens the menu before the server answers (a slow bus connection): the
    answer does not close the menu under their thumb, it still opens on "aanwezig", and a choice made before the
    answer is kept."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.locator(".tabbar").get_by_role("link", name="Werkvloer").click()
    page.get_by_role("link", name="Assemblage").click()
    rows = page.locator(".att-row.status-open")
    first, second = (page.locator(f"#{rows.nth(i).get_attribute('id')}") for i in (0, 1))
    saved = {key: server_app.config.get(key) for key in ("SLOW_SECONDS", "FAULTS")}
    try:
        for row, choose in ((first, None), (second, "te laat")):
            server_app.config.update(SLOW_SECONDS=1.5, FAULTS=["slow"])
            with page.expect_response(lambda r: r.request.method == "POST" and "/markeren" in r.url):
                row.locator(".tap-present").click()
                row.locator(".status-menu > summary").click()
                expect(row.get_by_label("aanwezig", exact=True)).to_be_checked()
                if choose:
                    row.get_by_label(choose, exact=True).check()
            expect(row.locator(".changed")).to_be_visible()  # the server's row is in
            expect(row.locator(".status-menu")).to_have_attribute("open", "")
            expect(row.get_by_label(choose or "aanwezig", exact=True)).to_be_checked()
            page.keyboard.press("Escape")
            expect(row.locator(".status-menu")).not_to_have_attribute("open", "")
            expect(row).to_have_class(re.compile("status-aanwezig"))
    finally:
        server_app.config.update(saved)
