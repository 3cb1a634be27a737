"""Journey: a counsellor scores a ZRM on her phone, one tap per domain, and sees it on the worker's trajectory page
next to the Participatieladder rung the attendance decides."""
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.attendance.models import Attendance
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.org.models import Workshop
from webapp.trajectory import catalogue, domain_ops, zrm_rules
from webapp.trajectory.operations import enrol
from webapp.workers.models import Worker

from .conftest import login

COUNSELLOR = "trajectbegeleider@dagdeel.test"


def _bas(server_app) -> int:
    """Bas Dekker in Via Via, guided by the demo counsellor: his Woonsituatie is stabiel, and he worked a morning at
    Assemblage three days ago."""
    with server_app.app_context():
        counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR))
        worker = Worker(external_id="EZRM", first_name="Bas", last_name="Dekker", counsellor_id=counsellor.id)
        db.session.add(worker)
        db.session.flush()
        viavia, phase = catalogue.find("viavia", 1)
        enrol(worker, viavia, phase, clock.today() - timedelta(days=40), commit=False)
        domain_ops.save_domain(worker, domain_ops.domain_or_404("wonen", counsellor), counsellor, "stabiel", "", "")
        workshop = db.session.scalar(select(Workshop).where(Workshop.name == "Assemblage"))
        db.session.add(Attendance(worker_id=worker.id, date=clock.today() - timedelta(days=3),
                                  block_id=workshop.blocks[0].id, status="aanwezig"))
        db.session.commit()
        return worker.id


def test_a_counsellor_scores_a_zrm_on_her_phone_and_sees_it_with_the_ladder_rung(page, base, server_app, shot):
    """She opens Bas's trajectory page: the Participatieladder says rung 4, derived from his attendance. She taps
    "ZRM afnemen": it is his intake, Huisvesting is pre-filled from his life domains and says so; she taps a level in
    each of the other twelve domains (each a 44 px target) and saves. The page shows the intake with today's date in
    the ZRM table, and the rung with its source."""
    worker_id = _bas(server_app)
    login(page, base, COUNSELLOR, "demo-trajectbegeleider")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    section = page.locator("#instrumenten")
    expect(section.locator(".rung")).to_contain_text("Trede 4")
    expect(section.locator(".rung")).to_contain_text("afgeleid: een dagdeel gewerkt bij ons")
    section.get_by_role("link", name="ZRM afnemen").click()

    expect(page.get_by_role("radio", name="intake")).to_be_checked()
    housing = page.locator("#field-huisvesting")
    expect(housing).to_contain_text("overgenomen uit leefgebieden — controleer")
    expect(housing.get_by_role("radio", name="4 voldoende zelfredzaam")).to_be_checked()
    expect(page.locator(".prefilled")).to_have_count(1)
    box = page.locator("#field-financien .tap-choice").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    levels = dict(zip(zrm_rules.ZRM_DOMAINS, "2334232343433"))
    for code, level in levels.items():
        if code != "huisvesting":
            page.locator(f"#field-{code} .tap-choice", has_text=level).click()
    shot("zrm-form")
    page.get_by_role("button", name="ZRM opslaan").click()

    expect(page.locator(".flash-ok")).to_contain_text("ZRM opgeslagen.")
    section = page.locator("#instrumenten")
    expect(section.locator(".zrm-latest")).to_contain_text("Laatste: intake op")
    expect(section.locator(".zrm-table tr", has_text="Financiën").locator("td.latest")).to_have_text("2")
    expect(section.locator(".zrm-table tr", has_text="Huisvesting").locator("td.latest")).to_have_text("4")
    expect(section.locator(".rung")).to_contain_text("Trede 4")
    section.scroll_into_view_if_needed()
    shot("zrm-trajectory", full_page=False)
