"""Journeys: the counsellor holds an overdue monthly review that extends Arbeidsgewenning by a month, and the
intake of a first-timer from the bus round."""
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.extensions import db
from webapp.formatting import day
from webapp.trajectory import catalogue
from webapp.trajectory.operations import enrol
from webapp.trajectory.schedule import add_months
from webapp.workers.models import Worker

from .conftest import login


def _worker(server_app, **fields) -> tuple[int, object]:
    with server_app.app_context():
        worker = Worker(external_id=f"E{fields['first_name'][:3].upper()}", last_name="Vossen", **fields)
        db.session.add(worker)
        db.session.flush()
        start = clock.today() - timedelta(days=45)
        if not fields.get("intake_pending"):
            gewenning, _phase = catalogue.find("gewenning", None)
            enrol(worker, gewenning, None, start, commit=False)
        db.session.commit()
        return worker.id, start


def test_the_counsellor_extends_arbeidsgewenning_in_an_overdue_review(page, base, server_app, shot):
    """Bas started in Arbeidsgewenning six weeks ago; his monthly review is overdue. The counsellor opens his
    trajectory page, taps "Evaluatiegesprek", writes what was said and one afspraak, chooses "Verlengen" by one
    month and saves. The page shows the conversation and that the phase now ends a month later (start + 2 + 1
    months); the card shows the afspraak for the whole team."""
    worker_id, start = _worker(server_app, first_name="Bas")
    with server_app.app_context():
        later_end = day(add_months(start, 3))
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    expect(page.locator(".reviews")).to_contain_text("Nog geen evaluatiegesprek gehouden.")
    page.get_by_role("link", name="Evaluatiegesprek").click()
    expect(page.get_by_label("Trajectbegeleider", exact=True)).to_be_checked()
    shot("review-form")
    shot("review-form-top", full_page=False)
    page.get_by_label("Kort verslag").fill("Went aan het ritme, komt nog twee keer per week te laat.")
    page.get_by_label("Aandachtspunten").fill("Op tijd komen")
    page.get_by_label("Afspraken").fill("Zet twee wekkers")
    # each outcome's own question shows only once that outcome is chosen
    for question in ("Hoeveel maanden?", "Welke module?", "Reden van uitstroom"):
        expect(page.get_by_label(question)).to_be_hidden()
    page.get_by_label("Verlengen", exact=True).check()
    expect(page.get_by_label("Welke module?")).to_be_hidden()
    page.get_by_label("Hoeveel maanden?").fill("1")
    page.get_by_role("button", name="Gesprek opslaan").click()

    expect(page).to_have_url(f"{base}/trajecten/medewerker/{worker_id}")
    expect(page.locator(".review").first).to_contain_text(f"Verlengd met 1 maand, tot {later_end}")
    expect(page.locator(".review").first).to_contain_text("Went aan het ritme")
    expect(page.locator(".plan")).to_contain_text("Op tijd komen")
    shot("trajectory-after-review")
    page.get_by_role("link", name="Terug naar de kaart van Bas Vossen").click()
    expect(page.locator(".agreement", has_text="Zet twee wekkers")).to_be_visible()


def test_a_first_timer_from_the_bus_round_gets_an_intake(page, base, server_app, shot):
    """Noor came along on the bus this morning as a first-timer: her card says "nieuw — intake vandaag". The
    counsellor taps that badge, has the conversation, writes down motives and first goals (the sensitive part
    stays empty: she did not want to talk about it) and saves. The badge is gone; the card says when and by whom."""
    worker_id, _start = _worker(server_app, first_name="Noor", intake_pending=True)
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.goto(f"{base}/medewerkers/{worker_id}")
    page.get_by_role("link", name="nieuw — intake vandaag").click()
    expect(page.get_by_role("heading", name="Alleen voor trajectbegeleiders")).to_be_visible()
    page.get_by_label("Waarom hier?").fill("Wil niet meer de hele dag in de opvang zitten.")
    page.get_by_label("Eerste doelen").fill("Elke ochtend meerijden met de bus")
    shot("intake-form")
    page.get_by_role("button", name="Intake opslaan").click()
    expect(page.locator(".plan")).to_contain_text("Elke ochtend meerijden met de bus")
    page.goto(f"{base}/medewerkers/{worker_id}")
    with server_app.app_context():
        today = day(clock.today())
    expect(page.get_by_text(f"intake op {today} door Fatima Trajectbegeleider")).to_be_visible()
    expect(page.get_by_text("nieuw — intake vandaag")).to_have_count(0)
    with server_app.app_context():
        assert db.session.scalar(select(Worker.intake_pending).where(Worker.id == worker_id)) is False
