"""Journey: a supervisor and a beheerder switch their own account to English; no Dutch UI text is left on
the daily screens, the worker pages or beheer (what the catalogue says in Dutch, checked against what is
visible). Names, shelters, workshops and notes are data, typed by people: they stay as they are."""
import re
from datetime import timedelta
from pathlib import Path

from babel.messages.pofile import read_po
from playwright.sync_api import expect
from sqlalchemy import String, Text, select

from webapp import clock
from webapp.attendance import csv_io as attendance_csv
from webapp.attendance.rules import STATUSES
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.org.models import Workshop
from webapp.payouts.rules import week_unit
from webapp.workers import csv_io as worker_csv
from webapp.workers.models import Worker

from .conftest import login

TRANSLATIONS = Path(__file__).resolve().parent.parent / "webapp" / "translations"
# Dutch that an English screen may show: the programmes' and the app's own names.
PROPER_NAMES = {"Loon naar Werken", "Via Via", "Dagdeel"}
PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")
CODE = re.compile(r"[a-z_]+")  # a stored code (a status, a programme) is never taken for data
# The import pages name the file's own columns and status codes: the file format, the same in every language.
FILE_FORMAT = sorted({*worker_csv.COLUMNS, *attendance_csv.COLUMNS, *STATUSES}, key=len, reverse=True)


def dutch_fragments() -> set[str]:
    """The literal Dutch parts of every msgid (placeholders and tags cut out) that its English text lacks."""
    with open(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale="en")
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)  # a plural entry has two
        english = " ".join(message.string) if isinstance(message.string, tuple) else message.string
        for part in (p for text in ids for p in PLACEHOLDER.split(text)):
            part = part.strip(" .,:;·—–-()‘’“”?!/+×✓›‹")
            if len(part) > 3 and re.search(r"[a-zA-Zë]", part) and part not in english and part not in PROPER_NAMES:
                fragments.add(part)
    return fragments


def data_texts(server_app) -> list[str]:
    """Every text stored in the database (names, addresses, notes, reasons), longest first."""
    texts = set()
    with server_app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            for column in columns:
                texts |= {v for v in db.session.scalars(select(column).distinct()) if v and not CODE.fullmatch(v)}
        # What an access-log line says it was about ("traject", "leefgebied wonen") is recorded text, shown as written.
        texts |= {v for v in db.session.scalars(select(AccessLog.detail).distinct()) if v}
    return sorted(texts, key=len, reverse=True)


def instrument_texts(server_app) -> list[str]:
    """The checklists' themes, items and level texts: data of the method files (an organisation edits them), stored
    as JSON per instrument version, so data_texts sees them only whole."""
    from webapp.trajectory.checklist_models import InstrumentVersion

    with server_app.app_context():
        items = [item for version in db.session.scalars(select(InstrumentVersion)) for item in version.items]
    return [text for item in items for text in (item.theme, item.name, *item.levels, *item.worker_levels)]


def dutch_left(page, data: list[str], fragments: set[str]) -> list[str]:
    """The Dutch UI fragments visible on this page once the data is taken out."""
    text = page.inner_text("body")
    for value in data:
        text = text.replace(value, " ")
    return sorted(f for f in fragments if re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text))


def switch_to_english(page):
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_english_screens_show_no_dutch(page, base, server_app, shot):
    """The werkbegeleider chooses English in the menu, starts the round and signs someone up, then walks the
    work floor, the week grid, the payouts and the cash check, and the worker list and a card; the beheerder
    does the same for beheer and the access log. Every page is read as a person sees it."""
    fragments = dutch_fragments()
    with server_app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.programme.is_(None)).order_by(Workshop.name))
        worker = db.session.scalar(select(Worker).order_by(Worker.id))
        last_week = week_unit(clock.today() - timedelta(days=7))
        workshop_id, worker_id = workshop.id, worker.id
        from webapp.trajectory.checklist_models import ChecklistSession

        checklist = db.session.scalar(select(ChecklistSession).order_by(ChecklistSession.held_on.desc()))
        checklist_id, checklist_worker = checklist.id, checklist.worker_id

    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    switch_to_english(page)
    page.goto(f"{base}/ronde/")
    page.get_by_role("button", name="Start the round").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Round")
    page.locator(".regulars .tap-row").first.click()
    expect(page.locator(".signed .signup-row, .confirm").first).to_be_visible()
    if page.locator(".confirm").count():  # a Loon naar Werken condition is missing: asked in English, confirmed
        page.get_by_role("button", name="Sign up anyway").click()
    expect(page.locator(".signed .signup-row")).to_have_count(1)
    data = sorted(data_texts(server_app) + instrument_texts(server_app), key=len, reverse=True)
    seen = {"round": dutch_left(page, data, fragments)}
    shot("english-round")
    for name, path in [("rounds", "/ronde/"), ("work floor", "/werkvloer/"), ("board", f"/werkvloer/{workshop_id}"),
                       ("no-shows", f"/werkvloer/{workshop_id}/kort-op-de-man"), ("week", f"/werkvloer/{workshop_id}/week"),
                       ("worker week", f"/werkvloer/medewerker/{worker_id}/week"), ("payouts", "/uitbetaling/"),
                       ("via via", f"/uitbetaling/viavia?week={last_week}&werkplaats=alle"), ("cash", "/uitbetaling/kas"),
                       ("overview", "/uitbetaling/overzicht"), ("workers", "/medewerkers/"), ("card", f"/medewerkers/{worker_id}"),
                       ("trajectory with checklists", f"/trajecten/medewerker/{checklist_worker}"),
                       ("checklist gap", f"/trajecten/checklist/{checklist_id}"),
                       ("checklist print", f"/trajecten/checklist/{checklist_id}/afdruk"),
                       ("pathways", "/trajecten"), ("work list", "/trajecten/werklijst?dagen=90")]:
        page.goto(base + path)
        page.wait_for_load_state()
        seen[name] = dutch_left(page, data, fragments)
    shot("english-board")

    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()  # logged out, nobody's language: Dutch
    login(page, base, "beheer@dagdeel.test", "demo-beheerder")
    switch_to_english(page)
    data = data_texts(server_app) + FILE_FORMAT
    for name, path in [("admin", "/beheer/"), ("workshops", "/beheer/werkplaatsen"), ("workshop", "/beheer/werkplaatsen/nieuw"),
                       ("shelters", "/beheer/opvang"), ("buses", "/beheer/bussen"), ("staff", "/beheer/personeel"),
                       ("access log", "/beheer/logboek"), ("payout rules", "/uitbetaling/regels"),
                       ("worker import", "/medewerkers/import"), ("attendance import", "/werkvloer/import")]:
        page.goto(base + path)
        page.wait_for_load_state()
        seen[name] = dutch_left(page, data, fragments)
    shot("english-log")
    assert {name: left for name, left in seen.items() if left} == {}


def test_the_english_menu_says_each_term_one_way_and_its_languages_fit(page, base):
    """In English the menu names the outflow "Outflow" (not "Leaving") and the catalogue a pathway's; the two
    language buttons sit side by side under their label, each on one line, on a 390 px phone."""
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    switch_to_english(page)
    page.locator(".usermenu summary").click()
    menu = page.locator(".usermenu")
    expect(menu.get_by_role("link", name="Outflow", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Pathway catalogue")).to_be_visible()
    assert "Leaving" not in menu.inner_text() and "Trajectory" not in menu.inner_text()
    dutch, english = (menu.get_by_role("button", name=n).bounding_box() for n in ("Nederlands", "English"))
    assert abs(dutch["y"] - english["y"]) < 1, (dutch, english)  # one row
    label = menu.get_by_text("Taal / Language").bounding_box()
    assert label["y"] + label["height"] <= english["y"]  # the label above them
    for box in (dutch, english):  # one line each: as tall as a 44 px target, not two lines of text
        assert 44 <= box["height"] < 56, box
