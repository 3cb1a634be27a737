"""Journey: a checklist scored blind by the supervisor and by the worker on the same phone, the gap as the agenda,
and a month later a second checklist with the history chart."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.org.models import DagdeelBlock, Workshop
from webapp.trajectory import catalogue
from webapp.trajectory.checklist_models import ChecklistSession
from webapp.trajectory.operations import enrol
from webapp.workers.models import ScheduleSlot, Worker

from .conftest import login

# Algemene Arbeidstraining's twelve items in the file's order: the supervisor's level, the worker's level.
SUPERVISOR = [2, 1, 3, 2, 2, 3, 2, 2, 3, 2, 3, 3]
WORKER = [3, 4, 3, 2, 3, 3, 2, 2, 3, 1, 3, 3]  # item 2 (Acceptatie van kritiek …) is 3 apart: first on the agenda


def _bas(server_app) -> int:
    with server_app.app_context():
        worker = Worker(external_id="ECHK1", first_name="Sebastiaan", roepnaam="Bas", last_name="Kessels")
        db.session.add(worker)
        db.session.flush()
        # he works on Ruud's floor on Mondays, so Ruud's team is his (trajectory/access.py)
        ruud = db.session.scalar(select(Staff).where(Staff.email == "werkbegeleider@dagdeel.test"))
        block = db.session.scalars(select(DagdeelBlock).join(Workshop).where(Workshop.site_id == ruud.sites[0].id)
                                   .order_by(DagdeelBlock.id)).first()
        db.session.add(ScheduleSlot(worker_id=worker.id, block_id=block.id, weekday=0))
        algemeen, _phase = catalogue.find("algemeen", None)
        enrol(worker, algemeen, None, clock.today() - timedelta(days=70), commit=False)
        db.session.commit()
        return worker.id


def _supervisor_scores(page, levels):
    for number, level in enumerate(levels, start=1):
        page.locator(f"#item-{number} input[value='{level}']").check()


def test_a_checklist_scored_blind_then_the_gap_then_the_history(page, base, server_app, shot):
    """Ruud, Bas's werkbegeleider, opens Bas's trajectory page and starts a new checklist (Algemene
    Arbeidstraining, twelve items). He taps a level for every item and saves, then taps "Geef de telefoon aan Bas".
    Bas sees one item per screen with the four descriptions and "3 van 12", never Ruud's choices, no tab bar and
    no menu. Halfway he tries to open another page and lands back in his list; he taps "Stoppen" and the phone
    asks for Ruud's password, so he carries on. He hands in; Ruud types his password and sees the gap: the item
    they are furthest apart on comes first, with both level texts. They agree what to work on. A month later
    (here: the first checklist moved back a month) Ruud scores again and enters Bas's paper list: the gap now
    shows a small chart per item, and the trajectory page says how many items rose."""
    worker_id = _bas(server_app)
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    expect(page.locator("#checklists")).to_contain_text("Nog geen checklist ingevuld.")
    expect(page.locator("#instrument")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#instrument option:checked")).to_have_text("Algemene Arbeidstraining")
    page.get_by_role("button", name="Nieuwe checklist").click()

    expect(page.locator("fieldset.levels")).to_have_count(12)
    _supervisor_scores(page, SUPERVISOR)
    shot("checklist-supervisor")
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_role("button", name="Geef de telefoon aan Bas").click()

    for number, level in enumerate(WORKER, start=1):
        expect(page.locator(".turn-progress")).to_have_text(f"{number} van 12")
        html = page.content()
        assert "tabbar" not in html and "usermenu" not in html and 'aria-pressed="true"' not in html
        assert "Werkbegeleider:" not in html and "Ruud" not in html  # nothing of Ruud's side
        assert "De medewerker" not in html  # the levels in Bas's own words, not the staff's third person
        expect(page.locator(".turn-choice").first).to_contain_text(re.compile(r"\b(Ik|ik|me|mijn)\b"))
        if number == 3:
            shot("checklist-worker-turn", full_page=False)
            page.goto(f"{base}/medewerkers/")  # trying to leave: back to his own list
            expect(page).to_have_url(re.compile(r"/trajecten/checklist/\d+/medewerker/3$"))  # where he left off
            page.get_by_role("link", name="Stoppen").click()
            expect(page.get_by_label("Wachtwoord van Ruud Werkbegeleider")).to_be_visible()
            shot("checklist-stop-asks-password", full_page=False)
            page.get_by_role("link", name="Verder met invullen").click()
            expect(page.locator(".turn-progress")).to_have_text("3 van 12")
        page.get_by_role("button", name=re.compile(rf"^{level} ")).click()

    expect(page.get_by_role("heading", name="Klaar?")).to_be_visible()
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_role("heading", name="Dank je wel!")).to_be_visible()
    page.get_by_label("Wachtwoord van Ruud Werkbegeleider").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Telefoon terugnemen").click()
    expect(page.get_by_role("alert")).to_have_text("Dat wachtwoord klopt niet.")
    page.get_by_label("Wachtwoord van Ruud Werkbegeleider").fill("demo-werkbegeleider")
    page.get_by_role("button", name="Telefoon terugnemen").click()

    first = page.locator(".gap-line").first
    expect(first.locator("h2")).to_contain_text("Acceptatie van kritiek van de leiding")
    expect(first).to_contain_text("3 niveaus verschil")
    expect(first).to_contain_text("De medewerker wijst kritiek onmiddellijk af")  # Ruud's 1, in full
    expect(first).to_contain_text("De medewerker accepteert kritiek van de (assistent)werkbegeleider en past zijn "
                                  "functioneren overeenkomstig aan")  # Bas's 4
    # then 1 apart, the lowest score first: Zelfstandig functioneren (1 · 2) before Continuïteit and Werkritme (2 · 3)
    expect(page.locator(".gap-line h2").nth(1)).to_contain_text("Zelfstandig functioneren")
    expect(page.locator(".gap-line h2").nth(2)).to_contain_text("Continuïteit in het werken")
    expect(page.locator(".gap-line h2").nth(3)).to_contain_text("Werkritme")
    first.locator("summary", has_text="Waar werken we aan?").click()
    first.get_by_label("Afspraak").fill("Bij kritiek eerst tot tien tellen en dan vragen wat er beter moet")
    # an outside party without a name: the gap again, this form open, the reason on top, nothing typed lost
    first.get_by_label("Wie pakt het op?").select_option(label="Een externe partij")
    first.get_by_role("button", name="Afspraak opslaan").click()
    first = page.locator(".gap-line").first
    expect(first.locator(".error-summary")).to_be_focused()
    expect(first.locator(".error-summary")).to_contain_text("schuldhulpverlening")
    expect(first.get_by_label("Afspraak")).to_have_value(re.compile("^Bij kritiek eerst tot tien tellen"))
    expect(first.get_by_label("Wie pakt het op?")).to_have_value("extern")
    assert first.get_by_label("Afspraak").get_attribute("maxlength") == "2000"
    shot("checklist-goal-refused", full_page=False)
    first.get_by_label("Wie pakt het op?").select_option(label="Bas Kessels zelf")
    first.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.locator(".gap-line").first.locator(".goals")).to_contain_text("tot tien tellen")
    expect(page.locator(".gap-line").first.locator(".goals")).to_contain_text("Bas Kessels")  # the worker owns it
    second = page.locator(".gap-line").nth(1)
    second.locator("summary", has_text="Waar werken we aan?").click()
    second.get_by_label("Afspraak").fill("Elke ochtend samen de eerste opdracht doornemen")
    second.get_by_label("Wie pakt het op?").select_option(label="Ruud Werkbegeleider")
    with server_app.app_context():
        soon = clock.today() + timedelta(days=3)
    second.get_by_label("Wanneer").fill(soon.isoformat())
    second.get_by_label("Wie pakt het op?").scroll_into_view_if_needed()
    shot("checklist-goal-form", full_page=False)
    second.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.locator(".gap-line").nth(1).locator(".goals")).to_contain_text("Ruud Werkbegeleider")
    shot("checklist-gap")
    page.locator(".gap-line").first.scroll_into_view_if_needed()
    shot("checklist-gap-goals", full_page=False)
    page.get_by_role("link", name="Afdrukken voor Bas").click()
    expect(page.locator("h1")).to_have_text("Checklist Bas Kessels")
    shot("checklist-print")
    # one way back, to the checklist, a thumb's tap; on paper neither it nor "Afdrukken" (new-user walk)
    back = page.get_by_role("link", name=re.compile("Terug"))
    expect(back).to_have_count(1)
    assert re.fullmatch(r"/trajecten/checklist/\d+", back.get_attribute("href"))
    assert back.bounding_box()["height"] >= 44
    page.emulate_media(media="print")
    expect(page.locator(".print-nav")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    page.emulate_media(media="screen")
    back.click()
    expect(page.get_by_role("link", name="Afdrukken voor Bas")).to_be_visible()

    with server_app.app_context():  # the first checklist was a month ago
        sitting = db.session.scalar(select(ChecklistSession).where(ChecklistSession.worker_id == worker_id))
        sitting.held_on = clock.today() - timedelta(days=30)
        db.session.commit()
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    page.get_by_role("button", name="Nieuwe checklist").click()
    _supervisor_scores(page, [3] * 12)
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_role("link", name="Scores van papier invoeren").click()
    _supervisor_scores(page, [3] * 12)
    page.get_by_role("button", name="Papieren scores opslaan").click()
    expect(page.locator(".badge", has_text="medewerker op papier")).to_be_visible()
    expect(page.locator(".gap-line svg")).to_have_count(12)
    shot("checklist-history")
    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    expect(page.locator(".checklist-summary")).to_contain_text(re.compile(r"\d+ items? gestegen"))
    # Ruud's own goal is due on Bas's trajectory (and Ruud's work list) until he marks it afgerond
    expect(page.locator(".due", has_text="Elke ochtend samen")).to_contain_text("Doel")
    page.locator(".goals").scroll_into_view_if_needed()
    shot("checklist-trajectory-page", full_page=False)
    page.get_by_role("button", name="Afgerond — Elke ochtend samen de eerste opdracht doornemen").click()
    expect(page.locator(".goal.done", has_text="Elke ochtend samen")).to_contain_text("afgerond")
    expect(page.locator(".due", has_text="Elke ochtend samen")).to_have_count(0)
