"""The ZRM and the Participatieladder on the trajectory page: a counsellor scores a ZRM (pre-filled domains labelled
until saved, one record per assessment, the history kept) and enters a rung; derived rungs from attendance and an
exit to paid work; supervisors read, assistants nothing; the method file's switches and `ladder` values; the CSV
export on the command line."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from webapp.attendance.models import Attendance
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods, domain_ops, method_file, zrm_ops, zrm_rules
from webapp.trajectory.models import OutflowReason
from webapp.trajectory.operations import end_trajectory, enrol
from webapp.trajectory.zrm_models import LadderEntry, ZrmAssessment

from . import factories
from .conftest import Auth

TODAY = date(2026, 11, 23)
PREFILLED = "overgenomen uit leefgebieden — controleer"
CLIENT = "9b2f9d0e-6a51-4c1e-9b8e-1c1f0f6f0a01"


@pytest.fixture
def scene(app, catalogue, auth):
    app.config["DAGDEEL_NOW"] = f"{TODAY.isoformat()}T10:00"
    counsellor = auth.login("counsellor")
    person = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen", external_id="Z100",
                                     counsellor_id=counsellor.id)
    db.session.flush()
    module, phase = methods.find("viavia", 1)
    enrol(person, module, phase, date(2026, 9, 1))
    db.session.commit()
    return person, counsellor


def scores(**changed) -> dict:
    return {**{code: "3" for code in zrm_rules.ZRM_DOMAINS}, **changed}


def life_domain(person, by, code: str, status: str) -> None:
    domain_ops.save_domain(person, domain_ops.domain_or_404(code, by), by, status, "", "")
    db.session.commit()


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


# --- ZRM -----------------------------------------------------------------------------------------------------------

def test_the_form_prefills_the_one_to_one_domains_and_labels_them(client, scene):
    person, counsellor = scene
    life_domain(person, counsellor, "wonen", "knelpunt")
    life_domain(person, counsellor, "inkomen", "knelpunt")  # not one to one: never pre-filled
    html = client.get(f"/trajecten/medewerker/{person.id}/zrm").get_data(as_text=True)
    assert html.count(PREFILLED) == 1
    housing = html[html.index('id="field-huisvesting"'):html.index('id="field-huiselijke_relaties"')]
    assert PREFILLED in housing and 'value="2" checked' in housing
    finances = html[html.index('id="field-financien"'):html.index('id="field-werk_opleiding"')]
    assert "checked" not in finances
    assert 'value="intake" checked' in html  # the first assessment is the intake


def test_a_wezm_worker_is_prefilled_from_wezms_own_domains(client, scene):
    """Which life domain is one to one with which ZRM domain is the method file's (`zrm`), so a WEZM! worker's
    Verslaving pre-fills Middelengebruik although Relim has no such domain."""
    person, counsellor = scene
    other = factories.WorkerFactory(first_name="Wim", last_name="Wezmer", counsellor_id=counsellor.id)
    db.session.flush()
    enrol(other, *methods.find("wezm", 1), date(2026, 9, 1))
    db.session.commit()
    life_domain(other, counsellor, "verslaving", "aandacht")
    life_domain(other, counsellor, "dagbesteding_werk", "knelpunt")  # Tijdsbesteding or Werk? not one to one
    html = client.get(f"/trajecten/medewerker/{other.id}/zrm").get_data(as_text=True)
    assert html.count(PREFILLED) == 1
    use = html[html.index('id="field-middelengebruik"'):html.index('id="field-basale_adl"')]
    assert PREFILLED in use and 'value="3" checked' in use


def test_saving_keeps_one_record_per_assessment_with_its_sources_and_the_history(client, scene):
    person, counsellor = scene
    life_domain(person, counsellor, "wonen", "knelpunt")
    life_domain(person, counsellor, "justitie", "aandacht")
    first = client.post(f"/trajecten/medewerker/{person.id}/zrm", data={
        **scores(huisvesting="2", justitie="4"), "occasion": "intake", "assessed_on": "2026-09-02", "client_id": CLIENT})
    assert first.status_code == 303 and first.headers["Location"].endswith(f"/trajecten/medewerker/{person.id}#instrumenten")
    again = client.post(f"/trajecten/medewerker/{person.id}/zrm", data={
        **scores(huisvesting="2", justitie="4"), "occasion": "intake", "assessed_on": "2026-09-02", "client_id": CLIENT})
    assert again.status_code == 303 and count(ZrmAssessment, worker_id=person.id) == 1  # the same form: one record
    saved = zrm_ops.assessments(person)[0]
    assert (saved.occasion, saved.assessed_on, len(saved.scores)) == ("intake", date(2026, 9, 2), 13)
    sources = {s.domain: (s.level, s.source) for s in saved.scores}
    assert sources["huisvesting"] == (2, "derived") and sources["justitie"] == (4, "entered")
    assert sources["financien"] == (3, "entered")
    client.post(f"/trajecten/medewerker/{person.id}/zrm", data={
        **scores(financien="4"), "occasion": "voortgang", "assessed_on": "2026-11-20"})
    assert [a.occasion for a in zrm_ops.assessments(person)] == ["voortgang", "intake"]  # appended, newest first
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Laatste: voortgang op vr 20 nov" in page
    table = page[page.index('class="zrm-table"'):page.index("</table>")]
    assert table.count("<th scope=\"col\"") == 3 and "Financiën" in table and "2 sep" in table
    assert db.session.scalar(select(func.count()).select_from(AccessLog).where(
        AccessLog.worker_id == person.id, AccessLog.action == "zrm")) == 2


@pytest.mark.parametrize("data, error", [
    ({**scores(justitie=""), "occasion": "intake", "assessed_on": "2026-11-20"}, "Kies een score van 1 tot 5."),
    ({**scores(justitie="6"), "occasion": "intake", "assessed_on": "2026-11-20"}, "Kies een score van 1 tot 5."),
    ({**scores(), "occasion": "jaarlijks", "assessed_on": "2026-11-20"}, "Kies het moment"),
    ({**scores(), "occasion": "intake", "assessed_on": "2026-11-24"}, "niet in de toekomst"),
    ({**scores(), "occasion": "intake", "assessed_on": "31-11-2026"}, "Geef een datum"),
])
def test_an_incomplete_or_wrong_assessment_is_refused_in_dutch_and_nothing_saved(client, scene, data, error):
    person, _counsellor = scene
    response = client.post(f"/trajecten/medewerker/{person.id}/zrm", data=data)
    assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert count(ZrmAssessment) == 0


def test_supervisors_read_the_section_but_do_not_score_and_assistants_see_nothing(app, client, scene, auth):
    person, counsellor = scene
    zrm_ops.save_assessment(person, counsellor, "intake", date(2026, 11, 2), {c: 3 for c in zrm_rules.ZRM_DOMAINS})
    db.session.commit()
    client = app.test_client()
    Auth(client).login("supervisor")
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Laatste: intake op ma 2 nov" in page and "ZRM afnemen" not in page and "Trede invoeren" not in page
    assert client.get(f"/trajecten/medewerker/{person.id}/zrm").status_code == 403
    assert client.post(f"/trajecten/medewerker/{person.id}/participatieladder",
                       data={"day": "2026-11-20", "rung": "2"}).status_code == 403
    client = app.test_client()
    Auth(client).login("assistant")
    assert client.get(f"/trajecten/medewerker/{person.id}").status_code == 403
    assert client.get(f"/trajecten/medewerker/{person.id}/zrm").status_code == 403


def test_a_method_without_the_instruments_offers_no_forms(app, client, scene, auth):
    person, _counsellor = scene
    methods.load_path(method_file.Path(__file__).parent / "methods" / "proeftuin.toml")
    other = factories.WorkerFactory()
    db.session.flush()
    module, phase = methods.find("proeftuin", 1)
    enrol(other, module, phase, date(2026, 11, 1))
    db.session.commit()
    assert zrm_ops.uses(person, "zrm") and zrm_ops.uses(person, "ladder")
    assert not zrm_ops.uses(other, "zrm") and not zrm_ops.uses(other, "ladder")
    page = client.get(f"/trajecten/medewerker/{other.id}").get_data(as_text=True)
    assert "ZRM afnemen" not in page and "ZRM en Participatieladder" not in page


# --- Participatieladder -------------------------------------------------------------------------------------------

def attend(person, day: date, status: str = "aanwezig") -> None:
    workshop = factories.WorkshopFactory()
    db.session.add(Attendance(worker_id=person.id, date=day, block_id=workshop.blocks[0].id, status=status))
    db.session.commit()


def test_an_entered_rung_shows_until_attendance_decides_then_an_exit_to_paid_work(client, scene):
    person, _counsellor = scene
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Nog geen trede" in page and "Trede invoeren" in page
    response = client.post(f"/trajecten/medewerker/{person.id}/participatieladder",
                           data={"day": "2026-11-13", "rung": "2", "client_id": CLIENT})
    assert response.status_code == 303 and count(LadderEntry, worker_id=person.id) == 1
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Trede 2" in page and "ingevoerd door de trajectbegeleider" in page
    attend(person, TODAY - timedelta(days=31), "aanwezig")  # outside the 30 days: decides nothing
    assert zrm_ops.rung(person, TODAY).rung == 2
    attend(person, TODAY - timedelta(days=3), "afwezig_bericht")  # not attended
    assert zrm_ops.rung(person, TODAY).rung == 2
    attend(person, TODAY - timedelta(days=2))
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Trede 4" in page and "afgeleid: een dagdeel gewerkt bij ons" in page
    end_trajectory(person, TODAY, "sw")  # sociale werkvoorziening: ladder = 5 in relim.toml
    db.session.commit()
    found = zrm_ops.rung(person, TODAY)
    assert (found.rung, found.source, found.why) == (5, "derived", "uitstroom")


def test_a_rung_in_the_future_or_off_the_ladder_is_refused(client, scene):
    person, _counsellor = scene
    for data, words in (({"day": "2026-11-24", "rung": "2"}, "niet in de toekomst"),
                        ({"day": "2026-11-20", "rung": "7"}, "Kies een trede van 1 tot 6.")):
        response = client.post(f"/trajecten/medewerker/{person.id}/participatieladder", data=data)
        assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert count(LadderEntry) == 0


# --- the method file -----------------------------------------------------------------------------------------------

def test_the_shipped_methods_use_both_instruments_and_name_the_paid_work_rungs(app, catalogue):
    for path in method_file.files(methods.METHODS_DIR):
        assert method_file.check(path).data["instruments"] == {"zrm": True, "ladder": True}, path
    rungs = {(r.code, r.ladder) for r in db.session.scalars(select(OutflowReason)) if r.ladder}
    assert rungs == {("regulier_werk", 6), ("sw", 5), ("werk_met_ondersteuning", 5)}


@pytest.mark.parametrize("extra, expected", [
    ("[instruments]\nzrm = \"ja\"\n", "p.toml:6: instruments.zrm: geen ja/nee (true of false)"),
    ("[instruments]\nparticipatie = true\n", "p.toml:6: instruments.participatie: onbekende sleutel"),
    ('[[outflow]]\ncode = "werk"\nlabel = "Werk"\nclass = "positief"\nladder = 7\n',
     "p.toml:9: outflow[0].ladder: 7 is geen trede; de Participatieladder gaat van 1 tot 6"),
    ('[[outflow]]\ncode = "werk"\nlabel = "Werk"\nclass = "positief"\nladder = "vijf"\n',
     "p.toml:9: outflow[0].ladder: geen getal"),
    ('[[outflow]]\ncode = "werk"\nlabel = "Werk"\nclass = "positief"\nladder = 0\n',
     "p.toml:9: outflow[0].ladder: moet 1 of meer zijn"),
])
def test_the_instrument_keys_are_checked_by_line_and_key(tmp_path, extra, expected):
    path = tmp_path / "p.toml"
    path.write_text('code = "p"\nname = "P"\nmodules = []\n\n' + extra, encoding="utf-8")
    assert method_file.check(path).errors == [expected]


# --- the export ----------------------------------------------------------------------------------------------------

def test_the_zrm_export_has_a_level_and_a_source_per_domain(app, runner, scene):
    person, counsellor = scene
    life_domain(person, counsellor, "wonen", "stabiel")
    zrm_ops.save_assessment(person, counsellor, "intake", date(2026, 9, 2), {c: 3 for c in zrm_rules.ZRM_DOMAINS})
    zrm_ops.save_assessment(person, counsellor, "voortgang", date(2026, 11, 2),
                            {**{c: 3 for c in zrm_rules.ZRM_DOMAINS}, "huisvesting": 4})
    db.session.commit()
    result = runner.invoke(args=["instruments", "export", "zrm", "--from", "2026-10-01", "--to", "2026-11-30"])
    assert result.exit_code == 0, result.output
    header, row, *rest = result.output.splitlines()
    assert rest == []
    columns = header.split(";")
    assert columns[:5] == ["external_id", "date", "occasion", "financien", "financien_source"] and len(columns) == 29
    values = dict(zip(columns, row.split(";")))
    assert (values["external_id"], values["date"], values["occasion"]) == ("Z100", "2026-11-02", "voortgang")
    assert (values["huisvesting"], values["huisvesting_source"]) == ("4", "derived")
    assert (values["justitie"], values["justitie_source"]) == ("3", "entered")
    logged = db.session.scalars(select(AccessLog.detail).where(AccessLog.action == "export")).all()
    assert logged == ["zrm 2026-10-01–2026-11-30: 1 regels"]


def test_the_ladder_export_has_each_event_and_the_last_day(app, runner, scene):
    person, counsellor = scene
    zrm_ops.enter_rung(person, counsellor, date(2026, 10, 5), 2)
    end_trajectory(person, date(2026, 11, 10), "regulier_werk")
    db.session.commit()
    result = runner.invoke(args=["instruments", "export", "ladder", "--from", "2026-10-01", "--to", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "external_id;date;occasion;rung;source",
        "Z100;2026-10-05;ingevoerd;2;entered",
        "Z100;2026-11-10;uitstroom;6;derived",
        "Z100;2026-11-30;peildatum;6;derived",
    ]


@pytest.mark.parametrize("args, words", [
    (["zrm", "--from", "2026-13-01", "--to", "2026-11-30"], "Ongeldige van ‘2026-13-01’"),
    (["ladder", "--from", "2026-11-01", "--to", "31-11-2026"], "Ongeldige tot ‘31-11-2026’"),
    (["zrm", "--from", "2026-11-30", "--to", "2026-11-01"], "De periode eindigt (2026-11-01) vóór ze begint"),
    (["leefgebieden", "--from", "2026-11-01", "--to", "2026-11-30"], "Kies zrm of ladder"),
])
def test_export_errors_are_dutch_and_exit_non_zero(app, runner, args, words):
    result = runner.invoke(args=["instruments", "export", *args])
    assert result.exit_code == 1 and words in result.output
    assert count(AccessLog, action="export") == 0
