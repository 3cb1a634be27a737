"""Methods as configuration (issue 17): a method file is checked by file, line and key, loaded all or nothing,
versioned (enrolments keep the version they started under), and a fourth method that ships only in tests/methods
runs the work list, the checklist screen and the outflow report without a code change."""
import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from webapp.errors import Refused
from webapp.extensions import db
from webapp.trajectory import catalogue as methods, checklists, instruments, method_file, queries, schedule, worklist
from webapp.trajectory.checklist_models import ChecklistSession
from webapp.trajectory.models import Enrolment
from webapp.trajectory.operations import end_trajectory, enrol, hold_review

from . import factories

HERE = Path(__file__).parent / "methods"
SHIPPED = Path(methods.METHODS_DIR)


@pytest.fixture
def proeftuin(tmp_path) -> Path:
    """A copy of the fourth method's folder to edit."""
    target = tmp_path / "methods"
    shutil.copytree(HERE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- checking, pure ------------------------------------------------------------------------------------------------

def test_the_shipped_methods_and_the_fourth_check_clean():
    for path in [*method_file.files(SHIPPED), *method_file.files(HERE)]:
        checked = method_file.check(path)
        assert checked.errors == [], path
    assert method_file.check(SHIPPED / "wezm.toml").data["modules"][0]["phases"][0]["max_months"] == 6


def test_a_broken_copy_is_refused_with_file_line_and_key(proeftuin):
    toml, csv = proeftuin / "proeftuin.toml", proeftuin / "checklists" / "proeftuin-basis.csv"
    edit(toml, "duration_months = 3\n", 'duration_months = "drie"\n')  # bad type
    edit(toml, 'duration_note = "drie fasen"\n', 'duration_note = "drie fasen"\nkleur = "groen"\n')  # unknown key
    edit(toml, 'code = "verwelkt"', 'code = "hovenier"')  # duplicate code
    edit(toml, "sessions = 2\n", "")  # missing required key
    edit(csv, "Tuin;Wieden;3;Wiedt meestal zelf\n", "")  # missing level
    edit(csv, "Gedrag;Op tijd;1;Komt vaak te laat\n", "Gedrag;Op tijd;1;Komt vaak te laat\nGedrag;Op tijd;1;Dubbel\n")
    assert method_file.check(toml).errors == [
        "proeftuin.toml:24: modules[0].phases[1].duration_months: geen getal",
        "proeftuin.toml:12: modules[0].kleur: onbekende sleutel",
        "proeftuin.toml:31: training[0]: sessions ontbreekt",
        "proeftuin.toml:42: outflow[1].code: 'hovenier' komt twee keer voor",
        "proeftuin.toml:19: modules[0].phases[0].checklist: proeftuin-basis.csv regel 11: Op tijd niveau 1 staat er "
        "dubbel in (ook regel 10).",
        "proeftuin.toml:19: modules[0].phases[0].checklist: proeftuin-basis.csv regel 7: Wieden mist niveau 3.",
    ]


def test_line_numbers_follow_tables_and_nested_tables():
    text = (HERE / "proeftuin.toml").read_text(encoding="utf-8")
    lines = method_file.key_lines(text)
    numbered = text.splitlines()
    assert numbered[lines[("modules", 0, "phases", 2, "name")] - 1] == '  name = "Oogsten"'
    assert numbered[lines[("outflow", 2, "label")] - 1] == 'label = "Elders verder"'
    assert numbered[lines[("training", 0)] - 1] == "[[training]]"


@pytest.mark.parametrize("extra, expected", [
    ('placements = "ja"\n', "proeftuin.toml:1: placements: geen ja/nee (true of false)"),
    ("[instruments]\nzrm = true\nkleur = 1\n", "proeftuin.toml:3: instruments.kleur: onbekende sleutel"),
    ('[[meetings]]\ncode = "overleg"\nname = "Overleg"\n', "proeftuin.toml:1: meetings[0]: report ontbreekt"),
    ('[[roles]]\ncode = "Werk Maatje"\nname = "Werkmaatje"\n', "proeftuin.toml:2: roles[0].code: 'Werk Maatje': "
                                                              "alleen kleine letters, cijfers, - en _ (hoogstens 40)"),
])
def test_the_new_keys_are_checked_too(tmp_path, extra, expected):
    path = tmp_path / "proeftuin.toml"
    path.write_text(extra + 'code = "p"\nname = "P"\nmodules = []\n' if extra.startswith("placements") else
                    'code = "p"\nname = "P"\nmodules = []\n' + extra, encoding="utf-8")
    errors = method_file.check(path).errors
    assert len(errors) == 1 and errors[0].split(": ", 1)[1] == expected.split(": ", 1)[1], errors


def test_every_key_of_the_shared_list_is_accepted(tmp_path):
    path = tmp_path / "vol.toml"
    path.write_text('code = "vol"\nname = "Vol"\nplacements = true\n[instruments]\nzrm = true\nladder = true\n'
                    '[[modules]]\ncode = "m"\nname = "M"\ntrack = "t"\nmax_months = 12\nduration_months = 12\n'
                    '[[training]]\ncode = "t"\nname = "T"\nsessions = 10\nmodule = "m"\ndescription = "d"\n'
                    '[[meetings]]\ncode = "z"\nname = "Z"\nreport = true\ndescription = "d"\n'
                    '[[roles]]\ncode = "werkmaatje"\nname = "Werkmaatje"\ndescription = "d"\n', encoding="utf-8")
    assert method_file.check(path).errors == []


# --- the command line ----------------------------------------------------------------------------------------------

def test_check_and_load_on_the_command_line_all_or_nothing(app, runner, proeftuin):
    good = runner.invoke(args=["catalogue", "check", str(HERE)])
    assert good.exit_code == 0 and "proeftuin.toml (proeftuin)" in good.output
    loaded = runner.invoke(args=["catalogue", "load", str(HERE / "proeftuin.toml")])
    assert loaded.exit_code == 0 and "proeftuin (versie 1)" in loaded.output
    again = runner.invoke(args=["catalogue", "load", str(HERE)])
    assert "proeftuin (versie 1)" in again.output  # the same content: no new version
    edit(proeftuin / "proeftuin.toml", "sessions = 2", "sessions = 0")
    bad = runner.invoke(args=["catalogue", "check", str(proeftuin)])
    assert bad.exit_code == 1 and "proeftuin.toml:33: training[0].sessions: moet 1 of meer zijn" in bad.output
    refused = runner.invoke(args=["catalogue", "load", str(proeftuin)])
    assert refused.exit_code == 1 and "Niets geladen." in refused.output
    assert [v.number for v in methods.versions("proeftuin")] == [1]


# --- the fourth method runs without a code change ------------------------------------------------------------------

def test_the_fourth_method_drives_the_work_list(app):
    methods.load(HERE / "proeftuin.toml")
    person = factories.WorkerFactory()
    db.session.flush()
    module, phase = methods.find("proeftuin", 1)
    enrol(person, module, phase, date(2026, 1, 10))
    kinds = {(line.item.kind, line.item.due) for line in queries.due_list(date(2026, 4, 20), 7, [person.id])}
    assert kinds == {("evaluatie", date(2026, 3, 10)), ("fase_einde", date(2026, 3, 10)),
                     ("max_duur", date(2026, 5, 10))}
    rows = {row.kind: row.why for row in worklist.rows(date(2026, 4, 20), 7, [person.id])}
    assert rows["max_duur"] == "max. duur fase 1 Zaaien — 4 maanden na start 10 jan: besluit nodig"


def test_the_fourth_method_drives_the_checklist_screen(app, client, auth):
    methods.load(HERE / "proeftuin.toml")
    auth.login("supervisor")
    person = factories.WorkerFactory()
    db.session.flush()
    module, phase = methods.find("proeftuin", 1)
    enrol(person, module, phase, date(2026, 9, 1))
    started = client.post(f"/trajecten/medewerker/{person.id}/checklist", data={"client_id": str(uuid.uuid4())})
    assert started.status_code == 302
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Water geven" in page and "Op tijd" in page and page.count('type="radio"') == 12
    sitting = db.session.scalar(select(ChecklistSession))
    scored = client.post(f"/trajecten/checklist/{sitting.id}/begeleider",
                         data={"score-1": "2", "score-2": "3", "score-3": "4"})
    assert scored.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(ChecklistSession, sitting.id).supervisor_done_at is not None


def test_the_fourth_method_in_the_outflow_report_per_method(app, client, auth):
    methods.load_all()
    methods.load(HERE / "proeftuin.toml")
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    auth.login("counsellor")
    person = factories.WorkerFactory()
    db.session.flush()
    module, phase = methods.find("proeftuin", 1)
    enrol(person, module, phase, date(2026, 2, 1))
    end_trajectory(person, date(2026, 6, 1), "hovenier")
    page = client.get("/trajecten/uitstroom?methode=proeftuin").get_data(as_text=True)
    assert "Groen <small>· 1 uitstromer</small>" in page and "Werk als hovenier" in page
    assert "Arbeidsrehabilitatie" not in page and "Regulier werk" not in page  # relim's tracks and reasons
    everything = client.get("/trajecten/uitstroom").get_data(as_text=True)
    assert "Groen <small>· 1 uitstromer</small>" in everything and "Regulier werk" in everything
    body = client.get("/trajecten/uitstroom.csv?methode=proeftuin").get_data(as_text=True)
    assert "groen;1;1;0;0;100,0;0,0;0,0" in body


# --- versions ------------------------------------------------------------------------------------------------------

def test_an_edited_file_is_a_new_version_and_old_enrolments_keep_theirs(app, proeftuin):
    methods.load_path(proeftuin)
    module, phase = methods.find("proeftuin", 1)
    old_person, new_person = factories.WorkerFactory(), factories.WorkerFactory()
    db.session.flush()
    enrol(old_person, module, phase, date(2026, 1, 10))
    sitting_old = _start_checklist(old_person, module, phase)
    edit(proeftuin / "proeftuin.toml", "duration_months = 2\n  max_months = 4", "duration_months = 3\n  max_months = 5")
    edit(proeftuin / "checklists" / "proeftuin-basis.csv", "Vergeet het water", "NIEUW: vergeet het water")
    methods.load_path(proeftuin)
    assert [v.number for v in methods.versions("proeftuin")] == [1, 2]
    methods.load_path(proeftuin)  # the same content again: no new version
    assert [v.number for v in methods.versions("proeftuin")] == [1, 2]
    enrol(new_person, module, phase, date(2026, 1, 10))
    first, second = methods.versions("proeftuin")
    old_enrolment = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == old_person.id))
    new_enrolment = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == new_person.id))
    assert old_enrolment.method_version_id == first.id and new_enrolment.method_version_id == second.id
    assert (old_enrolment.duration_months, old_enrolment.max_months) == (2, 4)
    assert (new_enrolment.duration_months, new_enrolment.max_months) == (3, 5)
    due = {(line.worker.id, line.item.kind): line.item.due
           for line in queries.due_list(date(2026, 5, 1), 366, [old_person.id, new_person.id])}
    assert due[(old_person.id, "fase_einde")] == date(2026, 3, 10)  # the old version's 2 months: unmoved
    assert due[(new_person.id, "fase_einde")] == date(2026, 4, 10)
    assert due[(old_person.id, "max_duur")] == date(2026, 5, 10) and due[(new_person.id, "max_duur")] == date(2026, 6, 10)
    sitting_new = _start_checklist(new_person, module, phase)
    assert sitting_old.version.items[0].level(1) == "Vergeet het water"
    assert sitting_new.version.items[0].level(1) == "NIEUW: vergeet het water"


def _start_checklist(person, module, phase):
    staff = factories.StaffFactory()
    db.session.flush()
    instrument = instruments.for_enrolment(db.session.scalar(
        select(Enrolment).where(Enrolment.worker_id == person.id, Enrolment.end_date.is_(None))))
    return checklists.start(person, staff, instrument, date(2026, 2, 1), None)


# --- maximum durations ---------------------------------------------------------------------------------------------

def test_max_duur_shows_a_month_ahead_and_stays_overdue():
    facts = schedule.EnrolmentFacts(1, 7, date(2026, 6, 3), None, None, max_months=6)
    assert schedule.due_items(date(2026, 11, 2), [facts], days=0) == []
    assert schedule.due_items(date(2026, 11, 3), [facts], days=0)[0].kind == "max_duur"
    [item] = schedule.due_items(date(2026, 12, 3), [facts], days=0)
    assert (item.kind, item.due, item.days_overdue, item.basis, item.months) == (
        "max_duur", date(2026, 12, 3), 0, date(2026, 6, 3), 6)
    [late] = schedule.due_items(date(2027, 1, 3), [facts], days=0)
    assert late.days_overdue == 31


def test_wezm_phase_one_shows_max_duur_and_verlengen_past_it_is_refused(app):
    methods.load_all()
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    person, staff = factories.WorkerFactory(), factories.StaffFactory(role="counsellor")
    db.session.flush()
    module, phase = methods.find("wezm", 1)
    enrol(person, module, phase, date(2026, 6, 3))
    [row] = [r for r in worklist.rows(date(2026, 11, 23), 7, [person.id]) if r.kind == "max_duur"]
    assert row.why == "max. duur fase 1 Contact en motivatie — 6 maanden na start 3 jun: besluit nodig"
    assert row.what == "Maximale duur"
    with pytest.raises(Refused, match="maximale duur"):
        hold_review(person, staff, date(2026, 11, 20), ["worker"], "", "", "", "", "verlengen", months=1)
    db.session.rollback()
    hold_review(person, staff, date(2026, 11, 20), ["worker"], "", "", "", "", "volgende_fase")
    assert [r.kind for r in worklist.rows(date(2026, 11, 23), 7, [person.id]) if r.kind == "max_duur"] == []


def test_an_outflow_code_means_the_same_in_every_method(app, catalogue, proeftuin):
    """The outcome on an enrolment is a code that the review form, the figures over all methods and the ladder read
    without its method: a method may reuse Relim's `regulier_werk` only as Relim means it."""
    toml = proeftuin / "proeftuin.toml"
    edit(toml, 'code = "verplant"', 'code = "regulier_werk"')  # Relim: positief, ladder 6; here "overig"
    with pytest.raises(methods.MethodFileError) as refused:
        methods.load_path(proeftuin)
    assert refused.value.errors == [
        "proeftuin.toml:46: outflow[2]: 'regulier_werk' is in methode kansen-op-werk klasse 'positief', trede 6; hier 'overig', "
        "trede None. Een uitstroomcode betekent in elke methode hetzelfde: kies een andere code of dezelfde klasse en "
        "trede."]
    assert methods.versions("proeftuin") == []
    edit(toml, 'class = "overig"', 'class = "positief"\nladder = 6')
    assert methods.load_path(proeftuin) == ["proeftuin"]


def test_a_domains_zrm_pair_is_a_zrm_domain_and_one_to_one(proeftuin):
    toml = proeftuin / "proeftuin.toml"
    with toml.open("a", encoding="utf-8") as file:
        file.write('\n[[domains]]\ncode = "tuin"\nname = "Tuin"\nzrm = "huisvesting"\n'
                   '\n[[domains]]\ncode = "kas"\nname = "Kas"\nzrm = "huisvesting"\n')
    errors = method_file.check(toml).errors
    assert [e.split(": ", 1)[1] for e in errors] == ["domains[1].zrm: 'huisvesting' hoort al bij leefgebied 1: één op één"]
    edit(toml, 'zrm = "huisvesting"', 'zrm = "tuinieren"')
    assert "domains[0].zrm: 'tuinieren' is geen ZRM-domein" in method_file.check(toml).errors[0]


def test_a_method_file_gives_a_fresh_organisation_its_payout_rules(app, proeftuin):
    """Relim's file holds the seed's rules (€ 6 + a voucher a day; € 3 a dagdeel, 4 up to 9 a week, travel); another
    method's file may pay otherwise, and a rule for a programme the app does not know is refused."""
    from webapp.payouts.models import PayoutRule
    from webapp.payouts.operations import ensure_default_rules

    ensure_default_rules()  # nothing loaded: the shipped files decide
    rules = {r.programme: (r.amount_cents, r.min_units, r.max_units, r.vouchers, r.travel)
             for r in db.session.scalars(select(PayoutRule))}
    assert rules == {"lnw": (600, 1, 1, 1, False), "viavia": (300, 4, 9, 0, True)}

    toml = proeftuin / "proeftuin.toml"
    with toml.open("a", encoding="utf-8") as file:
        file.write('\n[[payout]]\nprogramme = "tuin"\namount_cents = 250\n')
    assert "payout[0].programme: 'tuin' is geen programma; kies lnw, viavia" in method_file.check(toml).errors[0]
    edit(toml, 'programme = "tuin"', 'programme = "viavia"\nmin_units = 5\nmax_units = 2')
    assert "payout[0].max_units: 2 is minder dan min_units (5)" in method_file.check(toml).errors[0]
    edit(toml, "max_units = 2", "max_units = 8")
    methods.load_path(proeftuin)
    assert methods.payout_defaults() == [{"programme": "viavia", "amount_cents": 250, "min_units": 5, "max_units": 8}]
