"""Journey: a Loon naar Werken worker with four weeks of 4+ dagdelen → the criteria → a proefweek with attendance →
a supervisor's tick → the counsellor confirms → the worker is Via Via and the Via Via week list pays them."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.org.models import Workshop
from webapp.payouts.rules import week_unit
from webapp.workers.models import Worker

from .conftest import login


def _as(page, base, email, password, server_app, moment):
    """A new session at a moment of the app's clock (moving days ahead ends the old one: idle timeout)."""
    server_app.config["DAGDEEL_NOW"] = moment
    page.context.clear_cookies()
    login(page, base, email, password)


def test_a_ready_worker_goes_through_the_proefweek_to_via_via(page, base, server_app, shot):
    with server_app.app_context():
        today = clock.today()
        ready = db.session.scalar(select(Worker).where(Worker.external_id == "P001"))
        viavia = db.session.scalar(select(Workshop).where(Workshop.programme == "viavia"))
        worker_id, name, viavia_id, morning = ready.id, ready.display_name, viavia.id, viavia.blocks[0].id
    monday = today - timedelta(days=today.weekday())  # the demo's four weeks lie before this week
    try:
        # Monday: the counsellor opens the ready worker, records the last criterion and starts the proefweek.
        _as(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider", server_app, f"{monday}T09:30")
        page.goto(f"{base}/medewerkers/{worker_id}")
        page.get_by_role("link", name="Trajectpagina").click()
        panel = page.locator("#overgang")
        expect(panel.get_by_role("heading", name="Naar Via Via")).to_be_visible()
        expect(panel.locator("#criterium-aanwezigheid")).to_contain_text("oudste eerst")
        expect(panel.locator(".crit-met")).to_have_count(3)
        panel.scroll_into_view_if_needed()
        shot("transition-criteria", full_page=False)
        panel.get_by_role("button", name=re.compile(r"^Voldaan: Geeft aan er klaar voor te zijn")).click()
        expect(page.locator(".flash-ok")).to_contain_text("Vastgelegd")
        expect(page.locator("#overgang .crit-met")).to_have_count(4)
        expect(page.get_by_label("Niet alle criteria zijn voldaan. Reden om toch te starten")).to_have_count(0)
        page.get_by_role("button", name="Proefweek starten").click()
        expect(page.locator("#overgang")).to_contain_text("Proefweek dag 1 van 7")

        # Monday to Thursday: four Via Via mornings (the board's taps are e2e/test_work_floor.py's journey).
        with server_app.app_context():
            for day in range(4):
                set_status(worker_id, monday + timedelta(days=day), morning, "aanwezig")
            db.session.commit()

        # Thursday: the board says which day of the proefweek it is; the supervisor ticks yesterday with one tap.
        thursday = monday + timedelta(days=3)
        _as(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider", server_app, f"{thursday}T10:00")
        page.goto(f"{base}/werkvloer/{viavia_id}?blok={morning}")
        expect(page.locator(f"#row-{worker_id} .flag-trial")).to_have_text("proefweek dag 4")
        flag, meta = (page.locator(f"#row-{worker_id} {c}").bounding_box() for c in (".flag-trial", ".att-meta"))
        assert flag["x"] + flag["width"] <= meta["x"] + meta["width"]  # shown whole, not behind the ellipsis
        heights = {round(b["height"]) for b in (r.bounding_box() for r in page.locator(".board > li.att-row").all())}
        assert max(heights) <= 64, heights  # the note does not make the row taller
        page.locator(f"#row-{worker_id}").scroll_into_view_if_needed()
        shot("transition-board", full_page=False)
        page.goto(f"{base}/trajecten/medewerker/{worker_id}")
        day = page.locator(f"#proefdag-{(thursday - timedelta(days=1)).isoformat()}")
        day.get_by_role("button", name="Nuchter, afspraken nagekomen").click()
        day = page.locator(f"#proefdag-{(thursday - timedelta(days=1)).isoformat()}")
        expect(day).to_contain_text("nuchter ✓ · afspraken ✓")
        expect(page.locator("#overgang")).to_contain_text("4 van 4 dagdelen aanwezig ✓")
        expect(page.get_by_role("button", name="Bevestigen: Via Via")).to_have_count(0)  # not a counsellor's page
        page.locator("#overgang").scroll_into_view_if_needed()
        shot("transition-trial", full_page=False)

        # Sunday, the last day: the counsellor confirms.
        sunday = monday + timedelta(days=6)
        _as(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider", server_app, f"{sunday}T12:00")
        page.goto(f"{base}/trajecten/medewerker/{worker_id}")
        expect(page.locator("#overgang")).to_contain_text("Proefweek dag 7 van 7")
        page.get_by_role("button", name="Bevestigen: Via Via").click()
        expect(page.locator(".flash-ok")).to_contain_text("bevestigd: Via Via")
        expect(page.locator("#overgang")).to_have_count(0)
        expect(page.locator(".worker-head .badge-viavia")).to_be_visible()

        # The Via Via week list of that week pays them: 4 dagdelen × € 3,00.
        _as(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider", server_app, f"{sunday}T12:05")
        page.goto(f"{base}/uitbetaling/viavia?week={week_unit(monday)}&werkplaats=alle")
        row = page.locator(f"#pay-{worker_id}")
        expect(row).to_contain_text(name)
        expect(row).to_contain_text("€ 12,00")
    finally:
        server_app.config["DAGDEEL_NOW"] = None
