"""Journey: find a worker as you type, open the card, add an agreement and an incident."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.workers.models import Agreement, Incident

from .conftest import login
from .waits import evaluate, queued, wait_for_queue


def test_supervisor_finds_worker_and_adds_agreement(page, base, shot):
    """A supervisor types part of a name, taps the worker, and on the card adds an agreement
    in two taps plus text; it appears at once for the whole team, as does an incident."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Medewerkers").click()
    rows = page.locator(".worker-row")
    expect(rows.first).to_be_visible()
    total = rows.count()
    first_name = rows.first.locator("strong").inner_text()
    page.wait_for_load_state("networkidle")  # the list shows while the page's scripts still load; nobody types that fast
    page.get_by_placeholder("Zoek op naam of nummer").fill(first_name.split()[0])
    expect(rows).not_to_have_count(total)  # htmx replaced the list without a reload
    shot("workers-search")
    rows.first.click()
    expect(page.get_by_role("heading", level=2, name=first_name)).to_be_visible()
    shot("worker-card")

    page.get_by_text("+ Afspraak").click()
    page.get_by_label("Afspraak", exact=True).fill("Geen voorschot: uitbetaling om 14:00 na het werk.")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.locator(".agreement", has_text="Geen voorschot: uitbetaling om 14:00")).to_be_visible()

    page.get_by_text("+ Incident").click()
    page.get_by_role("button", name="Incident opslaan").click()  # empty: the browser asks for text first
    page.get_by_label("Wat gebeurde er?").fill("Vroeg om een voorschot; afspraak herhaald.")
    page.get_by_role("button", name="Incident opslaan").click()
    expect(page.locator(".incident", has_text="Vroeg om een voorschot")).to_be_visible()
    shot("worker-card-notes")
    page.reload()
    expect(page.locator(".agreement", has_text="Geen voorschot: uitbetaling om 14:00")).to_be_visible()


def test_a_note_saved_online_is_stored_once_and_leaves_the_queue(page, base, server_app):
    """A supervisor saves an agreement and an incident on a card with the network on. Each is stored once,
    and nothing waits in the phone's queue: not after reloading, not after "Nu verzenden", and logging out
    does not warn that something would be lost."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/medewerkers/")
    page.locator(".worker-row").first.click()
    page.get_by_text("+ Afspraak").click()
    page.get_by_label("Afspraak", exact=True).fill("Eén keer opgeslagen: uitbetaling om 14:00.")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.locator(".agreement", has_text="Eén keer opgeslagen")).to_have_count(1)
    page.get_by_text("+ Incident").click()
    page.get_by_label("Wat gebeurde er?").fill("Eén keer gebeurd.")
    page.get_by_role("button", name="Incident opslaan").click()
    expect(page.locator(".incident", has_text="Eén keer gebeurd")).to_have_count(1)
    wait_for_queue(page, 0, seconds=5)
    for _ in range(2):
        page.reload()
        page.wait_for_timeout(500)  # a page load sends what waits: there must be nothing
        assert queued(page) == 0
    evaluate(page, "(document.getElementById('sync-now').click(), Dagdeel.flush()).then(() => true)")
    assert queued(page) == 0 and evaluate(page, "Dagdeel.conflicts().then(c => c.length)") == 0
    expect(page.locator("#sync-bar")).to_be_hidden()
    with server_app.app_context():
        assert db.session.scalar(select(func.count(Agreement.id)).where(Agreement.text.like("Eén keer opgeslagen%"))) == 1
        assert db.session.scalar(select(func.count(Incident.id)).where(Incident.text == "Eén keer gebeurd.")) == 1
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    assert warnings == []


def test_counsellor_creates_a_worker_and_enrols_them(page, base, shot):
    """A counsellor adds a new worker, then moves them to Via Via phase 1 from today."""
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.get_by_role("link", name="Medewerkers", exact=True).click()  # a counsellor starts on the work list
    page.get_by_role("link", name="+ Nieuwe medewerker").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".error-summary")).to_be_focused()  # on top, each missing field named
    expect(page.locator(".error-summary")).to_contain_text("Dit veld is verplicht.")
    page.get_by_label("Voornaam").fill("Hubertus")
    page.get_by_label("Roepnaam").fill("Huub")
    page.get_by_label("Achternaam").fill("Lemmens")
    page.get_by_label("Heeft een uitkering").check()
    page.get_by_label("Reiskosten per dag (€)").fill("4,60")
    shot("worker-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=2, name="Huub Lemmens")).to_be_visible()
    expect(page.get_by_text("reiskosten € 4,60 per dag")).to_be_visible()
    page.get_by_role("link", name="Module of fase wijzigen").click()
    page.get_by_label("Module / fase").select_option(label="Via Via · fase 1 Gewenning")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".worker-head .badge")).to_have_text("Via Via 1")
    shot("worker-card-enrolled")
