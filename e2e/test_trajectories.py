"""Journeys through trajectories: the counsellor's work list and a worker's trajectory page."""
from playwright.sync_api import expect

from .conftest import login
from .waits import evaluate


def test_a_counsellors_morning_starts_from_the_work_list(page, base, shot):
    """The demo counsellor opens Trajecten on her phone: what is overdue comes first, marked; one tap on it opens
    the worker's trajectory page, which shows the same item under "Wat komt eraan"."""
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.get_by_role("link", name="Mijn medewerkers")).to_have_attribute("aria-current", "true")
    rows = page.locator(".worklist .due")
    expect(rows.first).to_be_visible()
    first = rows.first
    expect(first).to_have_class("due overdue")
    expect(first.locator(".due-when")).to_contain_text("te laat")
    assert rows.count() >= 5
    kinds = set(page.locator(".worklist .due-what").all_inner_texts())
    assert kinds == {"Evaluatie", "Einde fase", "Intake", "Proefweek", "Nazorg", "Actiepunt", "Maximale duur", "Training"}, kinds
    overdue = page.locator(".worklist .due.overdue").count()
    assert 0 < overdue < rows.count()  # the late ones first, then what falls due this week
    assert all("te laat" in t for t in page.locator(".worklist .due .due-when").all_inner_texts()[:overdue])
    box = first.locator("a").bounding_box()
    assert box["height"] >= 56 and box["width"] >= 300  # one thumb, one tap
    shot("worklist")
    name = first.locator("strong").inner_text()
    why = first.locator("small").inner_text()
    first.locator("a").click()
    expect(page.get_by_role("heading", level=2, name=name.split(" · ")[0])).to_be_visible()
    coming = page.locator("section", has=page.get_by_role("heading", name="Wat komt eraan"))
    expect(coming.locator(".due.overdue", has_text=why)).to_be_visible()
    shot("worklist-trajectory")


def test_a_wezm_participant_near_six_months_in_phase_one_shows_max_duur(page, base, shot):
    """Werk: een zorg minder! is loaded from its file: the demo participant nears the 6-month maximum of phase 1,
    and the counsellor's list asks for a decision."""
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.goto(f"{base}/trajecten/werklijst?filter=mijn&dagen=7")
    line = page.locator(".worklist .due", has_text="max. duur fase 1 Contact en motivatie")
    expect(line).to_be_visible()
    expect(line.locator(".due-what")).to_have_text("Maximale duur")
    expect(line).to_contain_text("6 maanden na start")
    expect(line).to_contain_text("besluit nodig")
    expect(page.locator(".help", has_text="Een maximale duur staat er al een maand van tevoren op")).to_be_visible()
    line.scroll_into_view_if_needed()
    shot("worklist-max-duur")


def test_everyones_list_comes_a_page_at_a_time(page, base):
    """Everything due in 30 days for everyone is longer than a phone reads at once: 40 lines, then "Meer tonen"
    appends the rest in place (no reload, no line twice), and the button goes when nothing is left."""
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.goto(f"{base}/trajecten/werklijst?filter=alles&dagen=30")
    rows = page.locator(".worklist .due")
    expect(rows).to_have_count(40)
    more = page.get_by_role("link", name="Meer tonen")
    # with WEZM!'s Z001 (max_duur, an overdue evaluatie), Kansen op werk's Kim, and the demo's two action points owned by
    # an outside party or the worker (their trajectbegeleider follows them up)
    expect(more).to_contain_text("van 73")
    page.evaluate("window.__stays = true")  # gone if the page were reloaded
    more.click()
    expect(rows).to_have_count(73)
    expect(more).to_have_count(0)
    assert page.evaluate("window.__stays") is True
    lines = [r.inner_text() for r in rows.all()]
    assert len(set(lines)) == len(lines), lines


def test_a_supervisors_five_tabs_fit_a_phone(page, base):
    """A supervisor has the most tabs (Ronde, Werkvloer, Uitbetaling, Medewerkers, Trajecten): on a 390 px phone
    every one shows its whole word and is a thumb wide."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.get_by_role("heading", name="Te laat en de komende 7 dagen")).to_be_visible()
    tabs = page.locator(".tabbar .tab")
    assert tabs.all_inner_texts() == ["Ronde", "Werkvloer", "Uitbetaling", "Medewerkers", "Trajecten"]
    sizes = evaluate(page, "[...document.querySelectorAll('.tabbar, .tabbar .tab')].map(e => [e.scrollWidth, e.clientWidth])")
    assert all(scroll <= client for scroll, client in sizes), sizes
    assert min(client for _, client in sizes[1:]) >= 60
