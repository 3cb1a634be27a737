"""Journey (issue 17, Kansen op werk): a KoW worker gets a werkervaringsplaats and a werkmaatje on the trajectory page,
a series of "Weer aan het werk…!" is planned, and on the session boards she is tapped present at 3 of the 10
sessions (absent at 5, excused at 2); the counsellor's work list names the missed sessions and the card shows the
placement and the buddy. Screenshots: the session board, the trajectory page, the work list (390×844)."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.trajectory import catalogue
from webapp.trajectory.operations import enrol
from webapp.workers.models import Worker

from .conftest import login
from .waits import wait_for_queue

PRESENT, ABSENT, EXCUSED = {1, 4, 7}, {2, 3, 5, 8, 9}, {6, 10}


def test_a_kow_worker_attends_3_of_10_sessions_and_the_work_list_says_which_she_missed(page, base, server_app, shot):
    with server_app.app_context():
        today = clock.today()
        counsellor = db.session.scalar(select(Staff).where(Staff.email == "trajectbegeleider@dagdeel.test"))
        worker = Worker(external_id="K010", first_name="Lotte", last_name="Bosman", roepnaam="Lotte",
                        counsellor_id=counsellor.id, uitkering=True, postadres=True, ingeschreven=True)
        db.session.add(worker)
        db.session.flush()
        module, phase = catalogue.find("kow", 2)
        enrol(worker, module, phase, today - timedelta(days=90))
        worker_id = worker.id
        mate = db.session.scalar(select(Worker).where(Worker.external_id == "K002"))
        mate_name = mate.display_name
    first = today - timedelta(weeks=9)  # ten weekly sessions, the last one today
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")

    # The werkervaringsplaats and the werkmaatje, on the trajectory page.
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    page.get_by_role("link", name="Werkervaringsplaats toevoegen").click()
    page.get_by_label("Organisatie").fill("Groenbedrijf De Linde")
    page.get_by_label("Adres").fill("Lindeweg 12, Heerlen")
    page.get_by_label("Contactpersoon").fill("Joyce, 045-5550101")
    page.get_by_label("Werkbegeleider daar").fill("Marco Linde")
    page.get_by_label("Uren per week").fill("12")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-ok")).to_contain_text("Werkervaringsplaats opgeslagen")
    page.get_by_role("link", name="Werkmaatje toevoegen").click()
    page.get_by_label("Een medewerker").select_option(label=mate_name)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-ok")).to_contain_text("Werkmaatje opgeslagen")

    # The series: ten weekly sessions, the enrolled (Lotte among them) ticked.
    page.goto(f"{base}/trajecten/trainingen/nieuw")
    page.get_by_label("Eerste bijeenkomst").fill(first.isoformat())
    page.get_by_label("Of trainer (naam)").fill("Els Hermans")
    expect(page.locator(f'input[name="workers"][value="{worker_id}"]')).to_be_checked()
    page.get_by_role("button", name="Plannen").click()
    expect(page.locator(".flash-ok")).to_contain_text("Training gepland")
    series_url = page.url

    # Each session's board: one tap for present, the menu for absent or excused.
    for number in range(1, 11):
        page.goto(series_url)
        page.get_by_role("link", name=f"Bijeenkomst {number}", exact=True).click()
        row = page.locator(f"#row-{worker_id}")
        if number in PRESENT:
            row.get_by_role("button", name=re.compile("^Aanwezig")).click()
            expect(page.locator(f"#row-{worker_id}")).to_have_class(re.compile("status-aanwezig"))
            if number == 1:  # a wrong tap taken back with the menu's "nog niet afgetekend", then tapped again
                wait_for_queue(page)
                page.locator(f"#row-{worker_id} summary").click()
                expect(page.locator(f"#row-{worker_id}").get_by_role("button", name=re.compile("^Afwezig"))).to_be_visible()
                shot("kow-session-menu", full_page=False)
                page.locator(f"#row-{worker_id}").get_by_role("button", name=re.compile("^Nog niet afgetekend")).click()
                expect(page.locator(f"#row-{worker_id}")).to_have_class(re.compile("status-open"))
                wait_for_queue(page)
                expect(page.locator(f"#row-{worker_id}")).not_to_have_class(re.compile("pending"))
                expect(page.locator(f"#row-{worker_id} .status-chip")).to_have_count(0)
                expect(page.locator(f"#row-{worker_id} summary")).to_have_count(1)
                page.reload()  # cleared on the server, not only on the phone
                expect(page.locator(f"#row-{worker_id}")).to_have_class(re.compile("status-open"))
                page.locator(f"#row-{worker_id}").get_by_role("button", name=re.compile("^Aanwezig")).click()
                expect(page.locator(f"#row-{worker_id}")).to_have_class(re.compile("status-aanwezig"))
        else:
            row.locator("summary").click()
            label = "Afwezig" if number in ABSENT else "Afgemeld"
            row.get_by_role("button", name=re.compile(f"^{label}")).click()
            expect(page.locator(f"#row-{worker_id}")).to_have_class(re.compile(f"status-{label.lower()}"))
        wait_for_queue(page)  # the tap went through the phone's queue, as on the work floor
        if number == 10:
            expect(page.locator(f"#row-{worker_id}")).not_to_have_class(re.compile("pending"))
            shot("kow-session-board", full_page=False)
    expect(page.locator("#tally [data-tally='present']")).to_have_text(re.compile(r"\d"))

    # The series page: each session's status in a symbol beside its number, the legend saying which (no tooltip).
    page.goto(series_url)
    legend = page.locator("#dots-legend")
    expect(legend).to_contain_text("✓ aanwezig")
    expect(legend).to_contain_text("✗ afwezig")
    expect(legend).to_contain_text("B afgemeld")
    dots = page.locator(f"#goal-{worker_id} .session-dots > .dot > [aria-hidden=true]")
    symbol = {n: "✓" if n in PRESENT else "✗" if n in ABSENT else "B" for n in range(1, 11)}
    expect(dots).to_have_text([f"{n} {symbol[n]}" for n in range(1, 11)])
    expect(page.locator(f"#goal-{worker_id} .dot .visually-hidden").first).to_have_text(
        re.compile(rf"^Bijeenkomst 1, \w+ {first.day} \w+: aanwezig$"))  # the date and the word, for a screen reader
    assert page.locator(f"#goal-{worker_id} [title]").count() == 0
    page.locator(f"#goal-{worker_id}").scroll_into_view_if_needed()
    shot("kow-series", full_page=False)
    # The trainings list: today's session on a line that fits the phone, each session chip with its date.
    page.goto(f"{base}/trajecten/trainingen")
    today_link = page.locator("#today-h + .list a").filter(has_text="bijeenkomst 10")
    expect(today_link).to_contain_text("bijeenkomst 10")
    assert today_link.evaluate("a => a.scrollWidth <= a.clientWidth && a.getBoundingClientRect().right <= innerWidth")
    chip = page.locator(".session-chips a").filter(has_text=re.compile(r"^10\b")).first
    expect(chip).to_have_text(re.compile(r"^10 \w\w \d+ \w+"))  # "10 ma 4 jan"
    shot("kow-trainings", full_page=False)

    # The work list: the missed sessions, for her counsellor.
    page.goto(f"{base}/trajecten/werklijst?filter=mijn&dagen=7")
    line = page.locator("li.due", has_text="Lotte").filter(has_text="gemist")
    expect(line).to_contain_text("5 trainingen gemist:")
    expect(line).to_contain_text("Weer aan het werk…!")
    line.scroll_into_view_if_needed()
    shot("kow-worklist", full_page=False)

    # The trajectory page: placement, buddy, 3 of 10 attended; the card shows placement and buddy.
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    section = page.locator("section.support")
    expect(section).to_contain_text("Groenbedrijf De Linde")
    expect(section).to_contain_text(mate_name)
    expect(section).to_contain_text("3 van 10 bijeenkomsten bijgewoond")
    section.scroll_into_view_if_needed()
    shot("kow-trajectory", full_page=False)
    page.goto(f"{base}/medewerkers/{worker_id}")
    expect(page.locator(".placement")).to_contain_text("Werkervaringsplaats: Groenbedrijf De Linde")
    expect(page.locator(".placement")).to_contain_text("12 uur per week")
    expect(page.locator(".buddy")).to_contain_text(f"Werkmaatje: {mate_name}")
    shot("kow-card", full_page=False)
