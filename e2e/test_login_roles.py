"""Journey: each demo role logs in with the account the login page shows, lands on its job, logs out."""
import pytest
from playwright.sync_api import expect

from webapp import demo

from .conftest import login

LANDING = {"assistant": ("/ronde/", "Ronde"), "supervisor": ("/werkvloer/", "Werkvloer"),
           "counsellor": ("/trajecten/werklijst", "Werklijst"), "admin": ("/beheer/", "Beheer")}
TABS = {"assistant": ["Ronde", "Werkvloer", "Uitbetaling", "Medewerkers"],
        "supervisor": ["Ronde", "Werkvloer", "Uitbetaling", "Medewerkers", "Trajecten"],
        "counsellor": ["Ronde", "Medewerkers", "Trajecten"], "admin": ["Ronde", "Medewerkers", "Beheer"]}


@pytest.mark.parametrize("email, password, role, name", demo.ACCOUNTS, ids=[a[2] for a in demo.ACCOUNTS])
def test_role_logs_in_and_out(page, base, shot, email, password, role, name):
    """The login page lists the demo accounts; with one of them the user lands on their
    daily job with the tabs of their role, and logging out returns to the login page."""
    page.goto(base)
    expect(page.get_by_role("heading", name="Demo-accounts")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    broken = page.locator(".demo-accounts code").evaluate_all(
        "els => els.filter((e) => e.getClientRects().length > 1).map((e) => e.textContent)")
    assert broken == [], broken  # an address or a password is copied whole: never "demo-assist / ent" over two lines
    shot("login")
    login(page, base, email, password)
    path, title = LANDING[role]
    expect(page).to_have_url(base + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".tabbar a")).to_have_text(TABS[role])
    shot(f"start-{role}")
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    page.goto(f"{base}/medewerkers/")
    expect(page).to_have_url(f"{base}/inloggen?next=%2Fmedewerkers%2F")


def test_wrong_password_says_so_in_dutch(page, base):
    """A typo in the password gives a Dutch message and keeps the e-mail address typed."""
    login(page, base, "assistent@dagdeel.test", "verkeerd-wachtwoord")
    expect(page.locator(".error-summary")).to_be_focused()  # on top of the form, with a link to the field
    expect(page.locator("#password-error")).to_have_text("E-mailadres of wachtwoord klopt niet.")
    expect(page.get_by_label("E-mailadres")).to_have_value("assistent@dagdeel.test")


def test_a_demo_role_is_one_tap_from_its_daily_job(page, base):
    """On the demo's login page a role's button logs in as it: no typing an address and password on a phone."""
    page.goto(f"{base}/login")  # the address people type; the page is /inloggen
    page.get_by_role("button", name="Assistent werkbegeleider", exact=True).click()
    page.wait_for_load_state()
    expect(page).to_have_url(base + LANDING["assistant"][0])
