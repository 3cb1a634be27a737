"""Journey: the beheerder sets up a workshop with its dagdelen, a shelter, and a staff account."""
from playwright.sync_api import expect

from .conftest import login


def test_admin_sets_up_the_organisation(page, base, shot):
    """Beheer: a new workshop with two dagdelen, a new shelter on the route, a new assistant who can log in."""
    login(page, base, "beheer@dagdeel.test", "demo-beheerder")
    shot("beheer")
    page.get_by_role("link", name="Werkplaatsen").click()
    page.get_by_role("link", name="+ Nieuwe werkplaats").click()
    page.get_by_label("Naam", exact=True).fill("Fietsenmakerij")
    page.locator("#blocks-0-name").fill("ochtend")
    page.locator("#blocks-0-starts_at").fill("08:30")
    page.locator("#blocks-0-ends_at").fill("12:00")
    page.locator("#blocks-1-name").fill("middag")
    page.locator("#blocks-1-starts_at").fill("13:00")
    page.locator("#blocks-1-ends_at").fill("12:00")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".error-summary")  # the refusal on top, focused, and beside the field
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("De eindtijd moet na de begintijd liggen.")
    expect(page.locator("#blocks-0-name")).to_have_value("ochtend")  # nothing typed is lost
    page.locator("#blocks-1-ends_at").fill("16:30")
    shot("workshop-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("ochtend 08:30–12:00 · middag 13:00–16:30")).to_be_visible()

    page.goto(f"{base}/beheer/opvang/nieuw")
    page.get_by_label("Naam").fill("Nachtopvang Kerkrade")
    page.get_by_label("Volgorde in de ronde").fill("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("5. Nachtopvang Kerkrade")).to_be_visible()

    page.goto(f"{base}/beheer/personeel/nieuw")
    page.get_by_label("Naam").fill("Anja Claessens")
    page.get_by_label("E-mailadres").fill("anja@dagdeel.test")
    page.get_by_label("Wachtwoord").fill("ronde-langs-de-opvang")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Account voor Anja Claessens aangemaakt.")).to_be_visible()
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    login(page, base, "anja@dagdeel.test", "ronde-langs-de-opvang")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ronde")
