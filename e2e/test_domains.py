"""Journey: a counsellor works on a worker's life domains, her action point comes and goes on her work list, and
the overleg shows the worker's domains and marks them besproken."""
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

COUNSELLOR = "trajectbegeleider@dagdeel.test"


def _bas(server_app) -> int:
    """Bas Dekker in Via Via, guided by the demo counsellor."""
    with server_app.app_context():
        counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR))
        worker = Worker(external_id="EDOM", first_name="Bas", last_name="Dekker", counsellor_id=counsellor.id)
        db.session.add(worker)
        db.session.flush()
        viavia, phase = catalogue.find("viavia", 1)
        enrol(worker, viavia, phase, clock.today() - timedelta(days=20), commit=False)
        db.session.commit()
        return worker.id


def test_a_knelpunt_with_an_action_point_goes_on_her_list_and_off_again_then_the_overleg(page, base, server_app, shot):
    """The counsellor sets Bas's Woonsituatie to knelpunt with an action point of her own due tomorrow; it is on her
    work list as an actiepunt; she opens it and ticks it done, and it leaves the list. In the overleg Bas's row shows
    the knelpunt as a letter and a word and what changed; one tap marks him besproken."""
    worker_id = _bas(server_app)
    with server_app.app_context():
        tomorrow = clock.today() + timedelta(days=1)
    login(page, base, COUNSELLOR, "demo-trajectbegeleider")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    domains = page.locator("#leefgebieden")
    expect(domains.locator(".domain-row")).to_have_count(8)
    domains.get_by_role("link", name="Woonsituatie").click()
    page.get_by_label("knelpunt").check()
    page.get_by_label("Situatie nu").fill("Slaapt in de nachtopvang.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".history")).to_contain_text("Status: niet ingevuld → knelpunt")

    page.get_by_text("Actiepunt toevoegen").first.click()
    page.get_by_label("Wat moet er gebeuren?").fill("Wachtlijst Leger des Heils nabellen")
    expect(page.get_by_label("Wie pakt het op?")).to_have_value(expect_owner(server_app))
    expect(page.get_by_label("Externe partij")).to_be_hidden()  # asked only for an outside party
    page.get_by_label("Wie pakt het op?").select_option("extern")
    expect(page.get_by_label("Externe partij")).to_be_visible()
    page.get_by_label("Wie pakt het op?").select_option(expect_owner(server_app))
    page.get_by_label("Klaar op").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    expect(page.locator(".action", has_text="Wachtlijst Leger des Heils nabellen")).to_be_visible()
    shot("domain-page")

    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    expect(page.locator("#leefgebieden .domain-row", has_text="Woonsituatie")).to_contain_text("knelpunt")
    expect(page.locator("#leefgebieden .domain-row", has_text="Woonsituatie")).to_contain_text("1 actiepunt open")
    page.locator("#leefgebieden").scroll_into_view_if_needed()
    shot("trajectory-domains", full_page=False)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    row = page.locator(".worklist .due", has_text="Wachtlijst Leger des Heils nabellen")
    expect(row).to_have_count(1)
    expect(row.locator(".due-what")).to_have_text("Actiepunt")
    expect(row).to_contain_text("Woonsituatie")
    shot("worklist-actiepunt")
    row.locator("a").click()
    page.get_by_role("button", name="Gedaan — Wachtlijst Leger des Heils nabellen").click()
    expect(page.locator(".done-actions")).to_contain_text("1 actiepunt gedaan")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.locator(".worklist .due").first).to_be_visible()
    expect(page.locator(".worklist .due", has_text="Wachtlijst Leger des Heils nabellen")).to_have_count(0)

    # it was not done after all: she changes it and reopens it, each a version in its history
    page.goto(f"{base}/trajecten/medewerker/{worker_id}/leefgebied/wonen")
    page.locator(".done-actions summary").click()
    page.get_by_role("link", name="Wijzigen — Wachtlijst Leger des Heils nabellen").click()
    page.get_by_label("Wat moet er gebeuren?").fill("Wachtlijst Leger des Heils opnieuw nabellen")
    page.get_by_label("Klaar op").fill((tomorrow + timedelta(days=5)).isoformat())  # still within the week
    shot("action-edit")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.locator(".done-actions summary").click()
    page.get_by_role("button", name="Heropenen — Wachtlijst Leger des Heils opnieuw nabellen").click()
    expect(page.locator(".action-list")).to_contain_text("Wachtlijst Leger des Heils opnieuw nabellen")
    page.get_by_role("link", name="Wijzigen — Wachtlijst Leger des Heils opnieuw nabellen").click()
    history = page.locator(".history")
    expect(history).to_contain_text("Tekst: Wachtlijst Leger des Heils nabellen → Wachtlijst Leger des Heils opnieuw "
                                    "nabellen")
    expect(history).to_contain_text("Heropend")
    shot("action-history")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.locator(".worklist .due", has_text="opnieuw nabellen")).to_have_count(1)
    page.locator(".worklist .due", has_text="opnieuw nabellen").locator("a").click()
    page.get_by_role("button", name="Gedaan — Wachtlijst Leger des Heils opnieuw nabellen").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()

    page.get_by_role("link", name="Naar het overleg").click()
    bas = page.locator(f"#w{worker_id}")
    expect(bas.locator(".dom-cell.dom-knelpunt")).to_contain_text("K")
    expect(bas.locator(".dom-cell.dom-knelpunt .visually-hidden")).to_have_text("Woonsituatie: knelpunt")
    expect(bas.locator(".overleg-changes")).to_contain_text("actiepunt gedaan: Wachtlijst Leger des Heils opnieuw "
                                                            "nabellen")
    expect(bas).to_contain_text("Nog niet besproken")
    bas.scroll_into_view_if_needed()
    shot("overleg", full_page=False)
    bas.get_by_label("Notitie bij Bas Dekker").fill("Kamer via het Leger des Heils")
    bas.get_by_role("button", name="Besproken — Bas Dekker").click()
    # discussed and nothing open: off the short list, counted among the hidden, one tap shows everyone
    expect(page.get_by_role("status").filter(has_text="Bas Dekker besproken.")).to_be_visible()
    expect(page.locator(f"#w{worker_id}")).to_have_count(0)
    page.get_by_role("link", name=re.compile(r"medewerkers? zonder veranderingen verborgen — toon alle")).click()
    bas = page.locator(f"#w{worker_id}")
    expect(bas).to_contain_text("Kamer via het Leger des Heils")
    expect(bas).to_contain_text("Niets veranderd.")
    expect(bas).to_contain_text("Sinds het vorige overleg")


def expect_owner(server_app) -> str:
    with server_app.app_context():
        return f"staff:{db.session.scalar(select(Staff.id).where(Staff.email == COUNSELLOR))}"


def test_an_assistant_never_reaches_life_domains(page, base, server_app):
    worker_id = _bas(server_app)
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    for path in (f"/trajecten/medewerker/{worker_id}/leefgebied/wonen", "/trajecten/overleg"):
        response = page.goto(f"{base}{path}")
        assert response.status == 403, path
        assert response.headers.get("dagdeel-offline") is None
