"""Journey: a counsellor's save is refused on her phone (390 × 844). The page comes back with one error summary on
top of the form, focused and in view — not the top of a long page with the Dutch reason far below — listing what is
wrong as links to the fields, which keep what she typed."""
from playwright.sync_api import expect

from webapp.trajectory import zrm_rules

from .conftest import PHONE, login
from .test_domains import COUNSELLOR, _bas


def focused_and_in_view(page) -> None:
    """The error summary has the focus and lies wholly inside the phone's viewport."""
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_a_refused_action_point_and_zrm_show_the_summary_focused_in_view(page, base, server_app, shot):
    worker_id = _bas(server_app)
    login(page, base, COUNSELLOR, "demo-trajectbegeleider")

    # an action point without its "what", at the bottom of a long life-domain page
    page.goto(f"{base}/trajecten/medewerker/{worker_id}/leefgebied/wonen")
    page.get_by_text("Actiepunt toevoegen").first.click()
    page.get_by_label("Wie pakt het op?").select_option("extern")
    page.get_by_label("Externe partij").fill("Schuldhulp Oost")
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    focused_and_in_view(page)
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Schrijf wat er moet gebeuren.")
    expect(page.get_by_label("Externe partij")).to_have_value("Schuldhulp Oost")
    expect(page.get_by_label("Wat moet er gebeuren?")).to_have_attribute("aria-invalid", "true")
    shot("error-summary-action", full_page=False)
    summary.get_by_role("link", name="Schrijf wat er moet gebeuren.").click()
    expect(page.get_by_label("Wat moet er gebeuren?")).to_be_focused()

    # a ZRM with one domain not scored: the summary links to that domain's first level
    page.goto(f"{base}/trajecten/medewerker/{worker_id}/zrm")
    for code in zrm_rules.ZRM_DOMAINS:
        if code != "justitie":
            page.locator(f"#field-{code} .tap-choice", has_text="3").click()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="ZRM opslaan").click()
    focused_and_in_view(page)
    expect(page.locator(".error-summary li")).to_have_count(1)
    shot("error-summary-zrm", full_page=False)
    page.locator(".error-summary a").click()
    expect(page.locator("#justitie-0")).to_be_focused()
    expect(page.locator("#field-financien input[value='3']")).to_be_checked()  # the taps are kept
