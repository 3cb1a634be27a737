"""Journey: the counsellor reads the outflow figures on the phone, changes the period and downloads the CSV."""
from datetime import date

from playwright.sync_api import expect

from webapp import clock

from .conftest import login


def test_a_counsellor_reads_the_outflow_changes_the_period_and_downloads_the_csv(page, base, shot, server_app, tmp_path):
    """From the menu to this year's outflow (the seed's sentence from the demo's own exits, every share with its
    n), one tap to last year, a period typed in, the cohort view, and its CSV with the command line's columns."""
    with server_app.app_context():
        today = clock.today()
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.locator(".usermenu summary").click()
    page.get_by_role("link", name="Uitstroom", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitstroom")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("1 januari")
    expect(page.get_by_text("sloot het positief af").first).to_contain_text("medewerkers een arbeidsrehabilitatietraject:")
    expect(page.locator(".outflow-card.total h3")).to_contain_text("Totaal")
    expect(page.locator(".outflow-card.total .outflow-positief td").last).to_contain_text(" van ")
    shot("outflow-this-year", full_page=False)

    page.get_by_role("link", name="Vorig jaar").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(str(today.year - 1))
    expect(page.get_by_text(f"In {today.year - 1} verlieten").first).to_be_visible()
    shot("outflow-last-year")

    page.get_by_label("Van").fill(f"{today.year - 1}-07-01")
    page.get_by_label("Tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(f"1 juli {today.year - 1}")
    page.get_by_role("link", name="Cohort: 12 maanden later").click()
    expect(page.get_by_role("link", name="Cohort: 12 maanden later")).to_have_attribute("aria-current", "page")
    expect(page.locator(".outflow-card.total h3")).to_contain_text("starters")
    shot("outflow-cohort")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV downloaden").click()
    saved = tmp_path / "uitstroom.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"uitstroom-cohort-{date(today.year - 1, 7, 1)}-{today}.csv"
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "track;starters;positief;negatief;overig;lopend"
    # all methods by default: WEZM!'s track too (the demo has one participant in it)
    assert [line.split(";")[0] for line in lines[1:]] == ["activering", "arbeidsrehabilitatie", "resocialisatie", "totaal"]
