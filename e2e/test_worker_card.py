"""Journey: find a worker as you type, open the card, add an agreement and an incident."""
from playwright.sync_api import expect

from .conftest import login


def test_supervisor_finds_worker_and_adds_agreement(page, base, shot):
    """A supervisor types part of a name, taps the worker, and on the card adds an agreement
    in two taps plus text; it appears at once for the whole team, as does an incident."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Medewerkers").click()
    rows = page.locator(".worker-row")
    expect(rows.first).to_be_visible()
    total = rows.count()
    first_name = rows.first.locator("strong").inner_text()
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


def test_counsellor_creates_a_worker_and_enrols_them(page, base, shot):
    """A counsellor adds a new worker, then moves them to Via Via phase 1 from today."""
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.get_by_role("link", name="+ Nieuwe medewerker").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Dit veld is verplicht.")).to_be_visible()
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
