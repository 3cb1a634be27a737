"""Checklists scored blind by worker and supervisor: the instrument files, versions, the gap, the history, the pages."""
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.extensions import db, limiter
from webapp.offline import scope
from webapp.trajectory import catalogue as methods, checklist_rules, checklists, instruments
from webapp.trajectory.checklist_models import ChecklistGoal, ChecklistScore, ChecklistSession, Instrument
from webapp.trajectory.checklist_rules import (Change, Item, change, change_line, chart_points, gap_order,
                                               parse_instrument)
from webapp.trajectory.checklist_views import TURN_HEADER
from webapp.trajectory.operations import enrol
from webapp.workers.models import Worker

from . import factories

HEADER = "theme;item;level;description\n"


def four(item, theme="T"):
    return "".join(f"{theme};{item};{n};niveau {n} van {item}\n" for n in range(1, 5))


# --- the instrument file -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (HEADER + four("A").replace("T;A;3;niveau 3 van A\n", ""), "x.csv regel 2: A mist niveau 3."),
    (HEADER + four("A").replace("A;2;", "A;;"), "x.csv regel 3: het niveau ontbreekt bij A."),
    (HEADER + four("A").replace("A;4;", "A;5;"), "x.csv regel 5: niveau 5 bij A; alleen 1, 2, 3 of 4 mag."),
    (HEADER + four("A") + "T;A;2;nog eens\n", "x.csv regel 6: A niveau 2 staat er dubbel in (ook regel 3)."),
    (HEADER + four("A") + four("A", theme="U"), "x.csv regel 6: A staat al onder thema T (regel 2)."),
    (HEADER + four("A").replace("niveau 1 van A", ""), "x.csv regel 2: de omschrijving van A niveau 1 is leeg."),
    ("item;theme;level;description\n" + four("A"), "x.csv regel 1: de kopregel moet theme;item;level;description zijn."),
    (HEADER + "T;A;1\n", "x.csv regel 2: 3 kolommen, verwacht 4 (thema;item;niveau;omschrijving)."),
    ("# alleen commentaar\n", "x.csv: het bestand is leeg."),
])
def test_a_broken_instrument_file_is_refused_by_line(text, expected):
    items, errors = parse_instrument(text, "x.csv")
    assert items == [] and expected in errors


def test_comment_lines_count_for_the_line_numbers_and_a_good_file_reads():
    items, errors = parse_instrument("# startset, pas aan\n" + HEADER + four("A") + four("B", theme="U"), "x.csv")
    assert errors == [] and [(i.theme, i.name) for i in items] == [("T", "A"), ("U", "B")]
    assert items[1].level(4) == "niveau 4 van B" and items[1].level(None) == ""
    _items, errors = parse_instrument("# c\n" + HEADER + four("A").replace("A;4;", "A;x;"), "x.csv")
    assert errors == ["x.csv regel 6: niveau x bij A; alleen 1, 2, 3 of 4 mag.", "x.csv regel 3: A mist niveau 4."]


HEADER5 = "theme;item;level;description;voor_medewerker\n"


def four5(item, theme="T"):
    return "".join(f"{theme};{item};{n};niveau {n} van {item};ik sta op {n}\n" for n in range(1, 5))


def test_the_worker_column_is_optional_and_falls_back_to_the_staff_texts():
    plain, errors = parse_instrument(HEADER + four("A"), "x.csv")
    assert errors == [] and plain[0].worker_levels == () and plain[0].worker_level(2) == "niveau 2 van A"
    worded, errors = parse_instrument(HEADER5 + four5("A"), "x.csv")
    assert errors == [] and worded[0].for_worker == ("ik sta op 1", "ik sta op 2", "ik sta op 3", "ik sta op 4")
    assert worded[0].level(3) == "niveau 3 van A" and worded[0].worker_level(3) == "ik sta op 3"
    # an item may leave the worker's words empty on all four levels: then the staff texts
    mixed, errors = parse_instrument(HEADER5 + four5("A") + four("B").replace("\n", ";\n"), "x.csv")
    assert errors == [] and mixed[1].for_worker == mixed[1].levels


@pytest.mark.parametrize("text, expected", [
    (HEADER5 + four5("A").replace(";ik sta op 3", ";"),
     "x.csv regel 4: de tekst voor de medewerker bij A is leeg; vul hem bij alle vier niveaus in of bij geen."),
    (HEADER5 + four5("A").replace(";ik sta op 2", ""),
     "x.csv regel 3: 4 kolommen, verwacht 5 (thema;item;niveau;omschrijving;voor_medewerker)."),
    ("# c\n" + HEADER + four5("A"), "x.csv regel 3: 5 kolommen, verwacht 4 (thema;item;niveau;omschrijving)."),
])
def test_a_broken_worker_column_is_refused_by_line(text, expected):
    items, errors = parse_instrument(text, "x.csv")
    assert items == [] and expected in errors


def test_the_worker_words_are_part_of_the_version_and_a_file_without_them_keeps_its_hash():
    plain, _ = parse_instrument(HEADER + four("A"), "x.csv")
    assert '"worker_levels"' not in checklist_rules.items_json(plain)
    worded, _ = parse_instrument(HEADER5 + four5("A"), "x.csv")
    reworded, _ = parse_instrument(HEADER5 + four5("A").replace("ik sta op 1", "ik sta nog ver weg"), "x.csv")
    hashes = {checklist_rules.content_hash(items) for items in (plain, worded, reworded)}
    assert len(hashes) == 3
    assert checklist_rules.items_from_json(checklist_rules.items_json(reworded)) == reworded


def test_every_shipped_item_has_the_workers_own_words(app, catalogue):
    for instrument in instruments.all_instruments():
        for item in instrument.current.items:
            assert len(item.worker_levels) == 4, (instrument.code, item.name)
            for staff_text, own in zip(item.levels, item.worker_levels):
                assert own != staff_text and "medewerker" not in own.lower() and len(own) <= 110, own
    aat = {item.name: item for item in instrument_of("algemeen").current.items}
    assert aat["Nauwkeurigheid"].worker_level(1) == "Ik maak veel fouten en zie ze zelf niet"


def test_the_shipped_starting_set_loads_with_the_seeds_two_items_verbatim(app, catalogue):
    by_code = {i.code: i for i in instruments.all_instruments()}
    assert {"gewenning", "algemeen", "viavia-1", "viavia-2", "viavia-3", "viavia-4"} <= set(by_code)  # other methods add theirs
    aat = {item.name: item for item in by_code["algemeen"].current.items}
    assert len(aat) == 12
    assert aat["Continuïteit in het werken"].levels[0] == ("De medewerker onderbreekt zijn werkzaamheden vaak (meerdere "
                                                            "malen per uur) en heeft continu aansporing nodig om te werken")
    assert aat["Acceptatie van kritiek van de leiding gerelateerd aan het functioneren"].levels[3] == (
        "De medewerker accepteert kritiek van de (assistent)werkbegeleider en past zijn functioneren overeenkomstig aan")
    assert {"Nauwkeurigheid", "Tempo", "Werkritme", "Omgang met materialen", "Arbeidshouding",
            "Sociale arbeidsvaardigheden", "Zelfstandig functioneren", "Aandacht en concentratie",
            "Instrueerbaarheid"} <= set(aat)
    assert [i.name for i in by_code["gewenning"].current.items] == [
        "Sociale aanpassing", "Mentale aanpassing", "Emotionele aanpassing", "Fysieke aanpassing"]
    viavia, phase = methods.find("viavia", 2)
    assert by_code["viavia-2"].phase_id == phase.id and by_code["viavia-2"].module_id == viavia.id
    for path in instruments_dir().glob("*.csv"):
        assert "Startset" in path.read_text(encoding="utf-8").splitlines()[0]
    methods.load_all()  # loading again makes no new version
    assert all(len(i.versions) == 1 for i in instruments.all_instruments())


def instruments_dir() -> Path:
    return methods.METHODS_DIR / "checklists"


def test_editing_the_file_makes_a_new_version_and_old_scores_keep_their_texts(app, catalogue, tmp_path):
    person, staff = enrolled("gewenning"), factories.StaffFactory()
    instrument = instrument_of("gewenning")
    old = done_session(person, staff, instrument, {"Sociale aanpassing": 2}, {"Sociale aanpassing": 3})
    module, _phase = methods.find("gewenning", None)
    edited = tmp_path / "gewenning.csv"
    edited.write_text((instruments_dir() / "gewenning.csv").read_text(encoding="utf-8").replace(
        "De medewerker werkt alleen, zoekt geen contact", "NIEUW: werkt alleen"), encoding="utf-8")
    version = instruments.sync(edited, module, None)
    db.session.commit()
    assert version.number == 2 and instrument.current.id == version.id
    assert instruments.sync(edited, module, None).id == version.id  # the same file again: no new version
    db.session.expire_all()
    old = db.session.get(ChecklistSession, old.id)
    assert old.version.number == 1
    assert old.version.items[0].level(1).startswith("De medewerker werkt alleen, zoekt geen contact")
    assert version.items[0].level(1) == "NIEUW: werkt alleen met collega's en mijdt de werkbegeleider"
    new = checklists.start(person, staff, instrument, date(2026, 11, 1), None)
    assert new.version_id == version.id
    # an edited worker text alone is a new version too; the earlier versions keep their own words
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ik werk alleen, praat niet met collega's",
                                                                 "Ik werk in mijn eentje"), encoding="utf-8")
    third = instruments.sync(edited, module, None)
    db.session.commit()
    assert third.number == 3 and third.items[0].worker_level(1).startswith("Ik werk in mijn eentje")
    assert version.items[0].worker_level(1).startswith("Ik werk alleen, praat niet met collega's")
    assert third.items[0].level(1) == version.items[0].level(1)


def test_a_broken_file_stops_the_load_with_its_errors(app, catalogue, tmp_path):
    module, _phase = methods.find("gewenning", None)
    broken = tmp_path / "gewenning.csv"
    broken.write_text(HEADER + four("A").replace("A;2;", "A;7;"), encoding="utf-8")
    with pytest.raises(instruments.InstrumentError) as refused:
        instruments.sync(broken, module, None)
    assert refused.value.errors[0] == "gewenning.csv regel 3: niveau 7 bij A; alleen 1, 2, 3 of 4 mag."


# --- the gap and the history, pure ---------------------------------------------------------------------------------

ITEMS = [Item("T", name, ("a", "b", "c", "d")) for name in "ABCDE"]


@pytest.mark.parametrize("worker, supervisor, order", [
    ({"A": 1, "B": 4, "C": 2, "D": 3, "E": 3}, {"A": 1, "B": 1, "C": 4, "D": 3, "E": 2}, "BCEAD"),
    # equal differences: the lowest score first, then the file's order
    ({"A": 3, "B": 2, "C": 1, "D": 4, "E": 4}, {"A": 4, "B": 3, "C": 2, "D": 4, "E": 4}, "CBADE"),
    # an item one rater skipped goes last
    ({"A": 2, "C": 1, "D": 1, "E": 1}, {"A": 2, "B": 4, "C": 1, "D": 2, "E": 1}, "DCEAB"),
    ({}, {}, "ABCDE"),
])
def test_the_gap_lists_the_biggest_difference_first_then_the_lowest_score(worker, supervisor, order):
    assert "".join(line.item.name for line in gap_order(ITEMS, worker, supervisor)) == order


SEP14 = date(2026, 9, 14)


@pytest.mark.parametrize("earlier, later, expected", [
    ({"A": 1, "B": 2, "C": 3, "D": 3}, {"A": 2, "B": 3, "C": 4, "D": 2}, (3, 1, 0, "3 items gestegen, 1 gedaald sinds 14 sep")),
    ({"A": 1, "B": 2}, {"A": 2, "B": 2}, (1, 0, 1, "1 item gestegen sinds 14 sep")),
    ({"A": 2, "B": 2}, {"A": 1.5, "B": 1}, (0, 2, 0, "2 items gedaald sinds 14 sep")),
    ({"A": 2}, {"A": 2, "Z": 4}, (0, 0, 1, "Alle items gelijk gebleven sinds 14 sep")),  # Z is new: not compared
])
def test_the_history_in_one_line(earlier, later, expected):
    moved = change(earlier, later, SEP14)
    assert (moved.rose, moved.fell, moved.same, change_line(moved)) == expected


def test_chart_points_put_four_on_top_and_skip_missing_scores():
    assert chart_points([1, 4]) == [(4, 36), (116, 4)]
    assert chart_points([2, None, 3]) == [(4, 25), (116, 15)]
    assert chart_points([3]) == [(4, 15)]


# --- sessions, pages, roles, blindness -------------------------------------------------------------------------------

def enrolled(code="algemeen", phase=None, **worker):
    person = factories.WorkerFactory(**worker)
    db.session.flush()
    module, found = methods.find(code, phase)
    enrol(person, module, found, date(2026, 9, 1))
    return person


def instrument_of(code) -> Instrument:
    return db.session.scalar(select(Instrument).where(Instrument.code == code))


def done_session(person, staff, instrument, worker, supervisor, on=date(2026, 10, 1)):
    sitting = checklists.start(person, staff, instrument, on, None)
    names = [i.name for i in sitting.version.items]
    checklists.submit_supervisor(sitting, staff, {n: supervisor.get(n, 3) for n in names})
    for number, name in enumerate(names, start=1):
        checklists.score_item(sitting, number, worker.get(name, 3), staff)
    checklists.submit_worker(sitting)
    return sitting


def form(sitting, scores: dict[str, int]) -> dict:
    return {f"score-{n}": str(scores[i.name]) for n, i in enumerate(sitting.version.items, start=1) if i.name in scores}


def test_a_whole_session_blind_on_the_pages(client, auth, catalogue, app):
    staff = auth.login("supervisor")
    person = enrolled("gewenning", roepnaam="Bas", first_name="Sebastiaan")
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert 'id="checklists"' in page and "Nieuwe checklist" in page
    client_id = str(uuid.uuid4())
    response = client.post(f"/trajecten/medewerker/{person.id}/checklist", data={"client_id": client_id})
    again = client.post(f"/trajecten/medewerker/{person.id}/checklist", data={"client_id": client_id})
    assert response.status_code == 302 and again.headers["Location"] == response.headers["Location"]
    sitting = db.session.scalar(select(ChecklistSession))
    staff_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sociale aanpassing" in staff_page and staff_page.count('type="radio"') == 16
    # one item left open: a Dutch 422 naming it, nothing stored
    partial = {"score-1": "1", "score-2": "2", "score-3": "4"}
    refused = client.post(f"/trajecten/checklist/{sitting.id}/begeleider", data=partial)
    assert refused.status_code == 422 and "Fysieke aanpassing" in refused.get_data(as_text=True)
    # the gap page says nothing of scores before both handed in
    assert "niveau 1" not in client.get(f"/trajecten/checklist/{sitting.id}").get_data(as_text=True)
    client.post(f"/trajecten/checklist/{sitting.id}/begeleider", data={**partial, "score-4": "1"})
    hand = client.get(f"/trajecten/checklist/{sitting.id}/geef-door").get_data(as_text=True)
    assert "Geef de telefoon aan Bas" in hand
    assert client.get(f"/trajecten/checklist/{sitting.id}/medewerker/1").status_code == 302  # not handed over yet
    client.post(f"/trajecten/checklist/{sitting.id}/geef-door")
    # the worker's turn: no tab bar, no links out, never the supervisor's level texts chosen
    turn = client.get(f"/trajecten/checklist/{sitting.id}/medewerker/1").get_data(as_text=True)
    assert "1 van 4" in turn and "tabbar" not in turn and "usermenu" not in turn
    hrefs = {h for h in re.findall(r'href="([^"]+)"', turn) if not h.startswith("/static/")}
    assert all(f"/trajecten/checklist/{sitting.id}/" in h for h in hrefs), hrefs
    assert 'aria-pressed="true"' not in turn  # the supervisor's 1 is not shown as chosen
    # the worker reads the levels in plain words, not the staff's third person
    assert "Ik werk alleen, praat niet met collega&#39;s" in turn and "De medewerker" not in turn
    assert "De medewerker werkt alleen" in staff_page and "Ik werk alleen" not in staff_page
    # any other page leads back to the worker's turn
    away = client.get("/medewerkers/")
    assert away.status_code == 303 and f"/trajecten/checklist/{sitting.id}/medewerker/1" in away.headers["Location"]
    assert client.get(f"/trajecten/checklist/{sitting.id}").status_code == 303
    for step, score in enumerate([4, 4, 1, 1], start=1):
        assert client.post(f"/trajecten/checklist/{sitting.id}/medewerker/{step}", data={"score": score}).status_code == 302
        if step == 2:  # a page elsewhere (or the network back after a gap) returns to where the worker left off
            assert client.get("/ronde/").headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}/medewerker/3")
    last = client.get(f"/trajecten/checklist/{sitting.id}/medewerker/4").get_data(as_text=True)
    assert last.count('aria-pressed="true"') == 1
    assert client.post(f"/trajecten/checklist/{sitting.id}/medewerker/5", data={"score": "9"}).status_code in (200, 302, 422)
    done = client.post(f"/trajecten/checklist/{sitting.id}/medewerker/klaar")
    assert done.headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}/terug")
    wrong = client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": "geraden"})
    assert wrong.status_code == 422 and "klopt niet" in wrong.get_data(as_text=True)
    assert client.get("/medewerkers/").status_code == 303  # still the worker's turn
    back = client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": factories.PASSWORD})
    assert back.headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}")
    gap = client.get(f"/trajecten/checklist/{sitting.id}").get_data(as_text=True)
    # the biggest difference first: Sociale (w4, s1) and Emotionele (w1, s4), then Mentale (w4, s2), Fysieke (1, 1)
    at = [gap.index(f'<h2>{name}') for name in ("Sociale aanpassing", "Emotionele aanpassing", "Mentale aanpassing",
                                                   "Fysieke aanpassing")]
    assert at == sorted(at)
    assert "3 niveaus verschil" in gap
    db.session.expire_all()
    scores = db.session.scalars(select(ChecklistScore).where(ChecklistScore.session_id == sitting.id)).all()
    assert len(scores) == 8 and {s.rater for s in scores} == {"medewerker", "werkbegeleider"}
    assert db.session.get(ChecklistSession, sitting.id).version.number == 1
    actions = db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == person.id)).all()
    assert {"checklist_start", "checklist_score", "checklist_handover", "checklist_unlock_failed",
            "checklist_unlock", "view"} <= set(actions)
    # a goal on an item ("waar werken we aan"), sent twice, is one goal; it shows on the trajectory page
    goal = {"item": "Sociale aanpassing", "text": "Elke pauze bij de groep zitten", "owner": "medewerker",
            "due_on": "2026-12-01", "client_id": str(uuid.uuid4())}
    client.post(f"/trajecten/checklist/{sitting.id}/afspraak", data=goal)
    client.post(f"/trajecten/checklist/{sitting.id}/afspraak", data=goal)
    assert db.session.scalar(select(func.count()).select_from(ChecklistGoal)) == 1
    assert "Elke pauze bij de groep zitten" in client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    printed = client.get(f"/trajecten/checklist/{sitting.id}/afdruk").get_data(as_text=True)
    assert "print.css" in printed and "Elke pauze bij de groep zitten" in printed and "tabbar" not in printed
    social = next(i for i in sitting.version.items if i.name == "Sociale aanpassing")
    assert social.worker_level(4) != social.level(4)  # the take-home paper says it in the worker's own words
    assert f"(4):</strong> {escape(social.worker_level(4))}" in printed
    supervisors = next(line.supervisor for line in checklists.gap(sitting) if line.item.name == "Sociale aanpassing")
    assert f"Werkbegeleider ({supervisors}):</strong> {escape(social.worker_level(supervisors))}" in printed  # also
    assert social.level(supervisors) != social.worker_level(supervisors)
    assert str(escape(social.level(supervisors))) not in printed  # never the staff's wording on the take-home
    assert printed.count("Terug") == 1 and f'href="/trajecten/checklist/{sitting.id}">‹ Terug' in printed
    assert f"(4):</strong> {escape(social.level(4))}" not in printed
    assert db.session.scalar(select(ChecklistGoal.by_id)) == staff.id  # who recorded it


def test_stopping_the_worker_early_needs_the_password(client, auth, catalogue, app):
    staff = auth.login("counsellor")
    person = enrolled("gewenning")
    sitting = checklists.start(person, staff, instrument_of("gewenning"), date(2026, 11, 2), None)
    checklists.submit_supervisor(sitting, staff, {i.name: 2 for i in sitting.version.items})
    assert TURN_HEADER not in client.get(f"/trajecten/checklist/{sitting.id}/geef-door").headers
    handed = client.post(f"/trajecten/checklist/{sitting.id}/geef-door")
    # every answer in the turn tells the service worker so (offline it then shows no kept page), redirects too
    assert handed.headers[TURN_HEADER] == str(sitting.id)
    assert client.get("/medewerkers/").headers[TURN_HEADER] == str(sitting.id)
    stop = client.get(f"/trajecten/checklist/{sitting.id}/terug")
    assert 'type="password"' in stop.get_data(as_text=True) and "Stoppen?" in stop.get_data(as_text=True)
    assert stop.headers[TURN_HEADER] == str(sitting.id)
    assert client.post(f"/trajecten/checklist/{sitting.id}/medewerker/klaar").status_code == 422  # nothing scored yet
    back = client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": factories.PASSWORD})
    assert back.headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}/geef-door")
    assert TURN_HEADER not in back.headers
    after = client.get("/medewerkers/")
    assert after.status_code == 200 and TURN_HEADER not in after.headers


@pytest.fixture
def account_limit(app):
    """The per-account limit set low, as test_sessions does for the login (the other tests run with a high one)."""
    limiter.reset()
    before = app.config["LOGIN_ACCOUNT_RATE_LIMIT"]
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per minute"
    yield
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = before
    limiter.reset()


def test_the_unlock_is_rate_limited_like_the_login(client, auth, catalogue, app, account_limit):
    staff = auth.login("supervisor")
    person = enrolled("gewenning")
    sitting = checklists.start(person, staff, instrument_of("gewenning"), date(2026, 11, 2), None)
    checklists.submit_supervisor(sitting, staff, {i.name: 2 for i in sitting.version.items})
    client.post(f"/trajecten/checklist/{sitting.id}/geef-door")
    codes = [client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": "fout"}).status_code
             for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_paper_scores_are_marked_and_the_supervisor_never_sees_them_first(client, auth, catalogue, app):
    staff = auth.login("supervisor")
    person = enrolled("gewenning")
    sitting = checklists.start(person, staff, instrument_of("gewenning"), date(2026, 11, 2), None)
    names = [i.name for i in sitting.version.items]
    assert client.get(f"/trajecten/checklist/{sitting.id}/papier").status_code == 302  # supervisor first
    client.post(f"/trajecten/checklist/{sitting.id}/begeleider", data=form(sitting, {n: 3 for n in names}))
    response = client.post(f"/trajecten/checklist/{sitting.id}/papier", data=form(sitting, {n: 1 for n in names}))
    assert response.status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(ChecklistScore).where(ChecklistScore.rater == "medewerker")).all()
    assert len(rows) == 4 and all(r.on_paper for r in rows)
    assert "medewerker op papier" in client.get(f"/trajecten/checklist/{sitting.id}").get_data(as_text=True)
    out = app.test_cli_runner().invoke(args=["checklists", "export", "--from", "2026-11-01", "--to", "2026-11-30"])
    lines = out.output.splitlines()
    assert out.exit_code == 0 and lines[0] == "external_id;date;instrument;version;item;rater;score;on_paper"
    assert f"{person.external_id};2026-11-02;gewenning;1;Sociale aanpassing;werkbegeleider;3;nee" in lines
    assert f"{person.external_id};2026-11-02;gewenning;1;Sociale aanpassing;medewerker;1;ja" in lines
    assert len(lines) == 9
    empty = app.test_cli_runner().invoke(args=["checklists", "export", "--from", "2026-12-01", "--to", "2026-11-30"])
    assert empty.exit_code == 1


def test_history_chart_and_summary_after_two_sessions(client, auth, catalogue, app):
    staff = auth.login("supervisor")
    person = enrolled("gewenning")
    instrument = instrument_of("gewenning")
    done_session(person, staff, instrument, {"Sociale aanpassing": 1, "Mentale aanpassing": 3},
                 {"Sociale aanpassing": 1, "Mentale aanpassing": 3}, on=date(2026, 9, 14))
    second = done_session(person, staff, instrument, {"Sociale aanpassing": 3, "Mentale aanpassing": 2},
                          {"Sociale aanpassing": 2, "Mentale aanpassing": 2}, on=date(2026, 10, 14))
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "1 item gestegen, 1 gedaald sinds 14 sep" in page
    gap = client.get(f"/trajecten/checklist/{second.id}").get_data(as_text=True)
    assert gap.count("<svg") == 4 and "<polyline" in gap  # server-rendered, one per item
    assert "<script" not in gap[gap.index("<svg"):gap.rindex("</svg>")]
    assert checklists.summary(person) == Change(1, 1, 2, date(2026, 9, 14))


def test_assistants_are_refused_and_no_checklist_page_is_kept_offline(client, auth, catalogue, app):
    staff = factories.StaffFactory()
    person = enrolled("gewenning")
    sitting = done_session(person, staff, instrument_of("gewenning"), {}, {})
    auth.login("assistant")
    for url in (f"/trajecten/checklist/{sitting.id}", f"/trajecten/checklist/{sitting.id}/afdruk",
                f"/trajecten/checklist/{sitting.id}/begeleider", f"/trajecten/checklist/{sitting.id}/geef-door",
                f"/trajecten/checklist/{sitting.id}/medewerker/1", f"/trajecten/checklist/{sitting.id}/terug",
                f"/trajecten/checklist/{sitting.id}/papier"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/trajecten/medewerker/{person.id}/checklist").status_code == 403
    assert client.post("/trajecten/doel/1/afgerond").status_code == 403
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "checklist" in r.endpoint}
    assert len(endpoints) == 11
    assert not endpoints & (scope.DAY_PAGES | scope.ROUND_PAGES | scope.WEEK_PAGES)


@pytest.mark.parametrize("due, days, expected", [
    (date(2026, 11, 24), 7, [("actiepunt", 7, 0), ("doel", 4, 0)]),  # the same day: actiepunt before doel
    (date(2026, 11, 20), 7, [("doel", 4, 3), ("actiepunt", 7, 0)]),  # overdue first
    (date(2026, 12, 2), 7, [("actiepunt", 7, 0)]),  # beyond the horizon
])
def test_the_schedule_lists_staff_goals_by_their_date(due, days, expected):
    from webapp.trajectory import schedule

    items = schedule.due_items(date(2026, 11, 23), actions=[schedule.ActionFacts(7, 1, date(2026, 11, 24))],
                               goals=[schedule.GoalFacts(4, 1, due)], days=days)
    assert [(i.kind, i.ref, i.days_overdue) for i in items] == expected
    assert "doel" in schedule.KINDS


def test_a_goal_owned_by_staff_is_on_their_work_list_until_afgerond(client, auth, catalogue, app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    me = auth.login("counsellor")
    colleague = factories.StaffFactory(role="supervisor", name="Werkbegeleider Ruud")
    person = enrolled("gewenning", roepnaam="Bas")
    sitting = done_session(person, me, instrument_of("gewenning"), {"Sociale aanpassing": 1},
                           {"Sociale aanpassing": 3})
    gap = client.get(f"/trajecten/checklist/{sitting.id}").get_data(as_text=True)
    # the owner is chosen as on an action point: a colleague, the worker, or an outside party by name
    assert f'value="staff:{me.id}"' in gap and f'value="staff:{colleague.id}"' in gap
    assert 'value="medewerker" selected' in gap and 'value="extern"' in gap and 'name="owner_name"' in gap
    url = f"/trajecten/checklist/{sitting.id}/afspraak"
    base = {"item": "Sociale aanpassing", "due_on": "2026-11-25"}
    for text, owner, extra in [("Mentor regelen", f"staff:{me.id}", {}),
                               ("Pauze samen met Ruud", f"staff:{colleague.id}", {}),
                               ("Zonder datum", f"staff:{me.id}", {"due_on": ""}),
                               ("Zelf bij de groep gaan zitten", "medewerker", {}),
                               ("Gesprek over contacten", "extern", {"owner_name": "het wijkteam"})]:
        response = client.post(url, data={**base, "text": text, "owner": owner, "client_id": str(uuid.uuid4()),
                                          **extra})
        assert response.status_code == 302, text
    refused = client.post(url, data={**base, "text": "Iets", "owner": "extern", "owner_name": ""})
    assert refused.status_code == 422 and "schuldhulpverlening" in refused.get_data(as_text=True)
    assert client.post(url, data={**base, "text": "Iets", "owner": "staff:999999"}).status_code == 422
    owners = {g.text: (g.owner_kind, g.owner_staff_id, g.owner_name) for g in db.session.scalars(select(ChecklistGoal))}
    assert owners["Gesprek over contacten"] == ("extern", None, "het wijkteam")
    assert owners["Zelf bij de groep gaan zitten"] == ("medewerker", None, "")
    # on my list only mine with a date; on "alles" every staff-owned one with a date; the CSV of `trajectory due`
    mine = client.get("/trajecten/werklijst?filter=mijn").get_data(as_text=True)
    assert "Mentor regelen" in mine and "Pauze samen met Ruud" not in mine and "Zonder datum" not in mine
    assert "Doel" in mine and "checklist Sociale aanpassing — Mentor regelen" in mine
    assert f"/trajecten/medewerker/{person.id}#checklists" in mine
    everyone = client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)
    assert "Pauze samen met Ruud" in everyone and "wijkteam" not in everyone and "Zelf bij de groep" not in everyone
    due = app.test_cli_runner().invoke(args=["trajectory", "due", "--days", "7"]).output
    assert (f"{person.external_id};doel;2026-11-25;0;checklist Sociale aanpassing — Mentor regelen ({me.name})"
            in due.splitlines()), due
    # the trajectory page names the owners and marks a goal afgerond with one tap
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "het wijkteam" in page and "Werkbegeleider Ruud" in page and page.count(">Afgerond</button>") == 5
    goal = db.session.scalar(select(ChecklistGoal).where(ChecklistGoal.text == "Mentor regelen"))
    done = client.post(f"/trajecten/doel/{goal.id}/afgerond")
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/trajecten/medewerker/{person.id}#checklists")
    assert client.post(f"/trajecten/doel/{goal.id}/afgerond").status_code == 303  # done stays done
    db.session.expire_all()
    goal = db.session.get(ChecklistGoal, goal.id)
    assert (goal.done_on, goal.done_by_id) == (date(2026, 11, 23), me.id) and goal.done_at is not None
    assert "Mentor regelen" not in client.get("/trajecten/werklijst?filter=mijn").get_data(as_text=True)
    assert "Mentor regelen" not in app.test_cli_runner().invoke(args=["trajectory", "due", "--days", "7"]).output
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert f"afgerond ma 23 nov door {me.name}" in page and page.count(">Afgerond</button>") == 4
    assert "checklist_goal_done" in set(db.session.scalars(select(AccessLog.action)
                                                            .where(AccessLog.worker_id == person.id)))
    assert client.post("/trajecten/doel/999999/afgerond").status_code == 404


def test_checklist_pages_carry_no_offline_header(client, auth, catalogue, app):
    staff = auth.login("supervisor")
    person = enrolled("gewenning")
    sitting = done_session(person, staff, instrument_of("gewenning"), {}, {})
    for url in (f"/trajecten/checklist/{sitting.id}", f"/trajecten/checklist/{sitting.id}/afdruk",
                f"/trajecten/medewerker/{person.id}"):
        response = client.get(url)
        assert response.status_code == 200 and scope.HEADER not in response.headers


def test_the_demo_has_a_worker_with_two_checklists_a_month_apart(runner, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    sittings = db.session.scalars(select(ChecklistSession).order_by(ChecklistSession.held_on)).all()
    assert len(sittings) == 2 and all(s.both_done for s in sittings) and sittings[0].worker_id == sittings[1].worker_id
    assert (sittings[1].held_on - sittings[0].held_on).days in range(28, 32)
    assert len(sittings[1].scores) == 24
    person = db.session.get(Worker, sittings[0].worker_id)
    assert checklists.summary(person).rose > 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # twice changes nothing
    assert db.session.scalar(select(func.count()).select_from(ChecklistSession)) == 2


def test_a_refused_goal_shows_the_gap_again_with_what_was_typed_and_why(client, auth, catalogue, app):
    """New-user walk: spaces only, an outside party without a name, a wrong date or an over-long text is a Dutch 422
    on the gap itself (that item's form open, the error summary on top, what was typed kept), never cut or lost."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    me = auth.login("counsellor")
    person = enrolled("gewenning", roepnaam="Bas")
    sitting = done_session(person, me, instrument_of("gewenning"), {"Sociale aanpassing": 1},
                           {"Sociale aanpassing": 3})
    url = f"/trajecten/checklist/{sitting.id}/afspraak"
    gap = client.get(f"/trajecten/checklist/{sitting.id}").get_data(as_text=True)
    assert f'maxlength="{checklists.GOAL_MAX}"' in gap and "error-summary" not in gap
    base = {"item": "Sociale aanpassing", "owner": "medewerker", "due_on": "2026-11-30"}
    long_text = "Elke ochtend samen koffie. " * 150  # ~4,000 characters, pasted
    for sent, field, reason in [({"text": "   "}, "text", "Schrijf op waar jullie aan werken"),
                                ({"text": "Bellen met het wijkteam", "owner": "extern", "owner_name": " "},
                                 "owner-name", "schuldhulpverlening"),
                                ({"text": "Bellen met het wijkteam", "due_on": "30-11"}, "due", "dd-mm-jjjj"),
                                ({"text": long_text}, "text", f"Hoogstens {checklists.GOAL_MAX} tekens")]:
        response = client.post(url, data={**base, **sent})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, sent
        assert "Dat kan niet" not in page and "error-summary" in page and reason in page, sent
        assert page.count('<details class="goal-form" open>') == 1  # only the form that was sent
        assert 'aria-invalid="true"' in page and f'href="#{field}-1"' in page.replace("#goal-1-owner-name", "#owner-name-1")
        typed = sent["text"].strip()
        if typed:
            assert str(escape(typed)) in page, sent  # kept, whole
    assert db.session.scalar(select(func.count()).select_from(ChecklistGoal)) == 0
    saved = client.post(url, data={**base, "text": "x" * checklists.GOAL_MAX})
    assert saved.status_code == 302
    assert len(db.session.scalar(select(ChecklistGoal.text))) == checklists.GOAL_MAX


def test_the_open_agreed_goals_are_in_the_plan_of_the_trajectory_page(client, auth, catalogue, app):
    """New-user walk: with two goals agreed the Plan said 'Nog geen aandachtspunten of doelen.'"""
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    me = auth.login("counsellor")
    person = enrolled("gewenning", roepnaam="Bas", counsellor=me)
    plan_of = lambda: re.search(r'<section class="card plan".*?</section>', client.get(
        f"/trajecten/medewerker/{person.id}").get_data(as_text=True), re.S).group(0)
    assert "Nog geen aandachtspunten of doelen." in plan_of()
    sitting = done_session(person, me, instrument_of("gewenning"), {}, {})
    for text in ("Elke pauze bij de groep zitten", "Om half negen binnen"):
        checklists.add_goal(sitting, me, "Sociale aanpassing", text, ("medewerker", None, ""), date(2026, 12, 1), None)
    plan = plan_of()
    assert "Nog geen aandachtspunten" not in plan and "Afgesproken bij de checklist" in plan
    assert "Elke pauze bij de groep zitten" in plan and "Om half negen binnen" in plan and 'href="#checklists"' in plan
    done = db.session.scalar(select(ChecklistGoal).where(ChecklistGoal.text == "Om half negen binnen"))
    checklists.finish_goal(done, me, date(2026, 11, 23))
    db.session.commit()
    assert "Om half negen binnen" not in plan_of()  # afgerond: only under Checklists


def test_a_turn_stopped_halfway_says_how_far_and_goes_on_at_the_first_open_item(client, auth, catalogue):
    """New-user walk: taking the phone back after 5 of 12 items said nothing about it, and 'Geef de telefoon'
    again started at item 1."""
    me = auth.login("supervisor")
    person = enrolled("algemeen", roepnaam="Bas")
    sitting = checklists.start(person, me, instrument_of("algemeen"), date(2026, 11, 23), None)
    total = len(sitting.version.items)
    client.post(f"/trajecten/checklist/{sitting.id}/begeleider", data=form(sitting, {i.name: 3 for i in sitting.version.items}))
    handover = f"/trajecten/checklist/{sitting.id}/geef-door"
    assert "Jouw scores zijn opgeslagen" in client.get(handover).get_data(as_text=True)
    first = client.post(handover)
    assert first.headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}/medewerker/1")
    for number in (1, 2, 3, 5, 6):  # item 4 skipped (back and forth)
        client.post(f"/trajecten/checklist/{sitting.id}/medewerker/{number}", data={"score": "2"})
    client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": factories.PASSWORD})
    page = client.get(handover).get_data(as_text=True)
    assert f"Bas heeft 5 van {total} items gescoord" in page and "bij item 4" in page
    again = client.post(handover)
    assert again.headers["Location"].endswith(f"/trajecten/checklist/{sitting.id}/medewerker/4")
    assert checklists.session_or_404(sitting.id).scores_of(checklist_rules.WORKER).keys() >= {
        sitting.version.items[n - 1].name for n in (1, 2, 3, 5, 6)}  # kept
