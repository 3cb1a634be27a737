"""Trajectory history from paper or Excel (`flask trajectory import`) and the outflow table on the command line
(`flask trajectory outflow`): all rows or none, errors by line and column, and the seed's 2011 figures."""
from datetime import date

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods, history
from webapp.trajectory.models import Enrolment, Method, Module

from . import factories

HEADER = "external_id;module;phase;start_date;end_date;outcome"


@pytest.fixture
def people(app, catalogue):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    workers = [factories.WorkerFactory(external_id=f"M{i}") for i in range(1, 4)]
    db.session.commit()
    return workers


def _count() -> int:
    return db.session.scalar(select(func.count(Enrolment.id)))


def _write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "historie.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_a_history_in_windows_1252_with_commas_is_imported_with_a_log_line_per_worker(people, runner, tmp_path):
    text = ("external_id,module,phase,start_date,end_date,outcome,method\n"
            "M1,gewenning,,2011-01-03,2011-03-03,,relim\n"
            "M1,Algemeen,,3-3-2011,2011-09-30,regulier_werk,\n"
            "M2,viavia,2,2012-02-01,2012-05-01,gestopt,\n"
            "M3,lnw,,2026-10-01,,,\n")
    result = runner.invoke(args=["trajectory", "import", _write(tmp_path, text, "cp1252")])
    assert result.exit_code == 0, result.output
    assert "Import klaar: 4 inschrijvingen van 3 medewerkers." in result.output
    rows = db.session.execute(select(Enrolment.worker_id, Enrolment.start_date, Enrolment.end_date, Enrolment.outcome)
                              .order_by(Enrolment.start_date)).all()
    m1, m2, m3 = (w.id for w in people)
    assert rows == [(m1, date(2011, 1, 3), date(2011, 3, 3), None), (m1, date(2011, 3, 3), date(2011, 9, 30), "regulier_werk"),
                    (m2, date(2012, 2, 1), date(2012, 5, 1), "gestopt"), (m3, date(2026, 10, 1), None, None)]
    via = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == m2))
    assert via.phase.number == 2
    logged = db.session.scalars(select(AccessLog.detail).where(AccessLog.action == "import").order_by(AccessLog.worker_id)).all()
    assert logged == ["trajecthistorie: 2 inschrijvingen (regels 2, 3)", "trajecthistorie: 1 inschrijvingen (regels 4)",
                      "trajecthistorie: 1 inschrijvingen (regels 5)"]


def test_names_with_accents_survive_windows_1252_and_utf8_with_bom(people, runner, tmp_path):
    people[0].external_id = "Mé1"
    db.session.commit()
    for encoding in ("cp1252", "utf-8-sig"):
        text = f"{HEADER}\nMé1;gewenning;;2010-01-0{1 if encoding == 'cp1252' else 5};2010-01-0{4 if encoding == 'cp1252' else 8};gestopt\n"
        result = runner.invoke(args=["trajectory", "import", _write(tmp_path, text, encoding)])
        assert result.exit_code == 0, result.output
    assert _count() == 2


def test_every_wrong_row_is_named_by_line_and_column_and_nothing_is_imported(people, runner, tmp_path):
    text = (f"{HEADER}\n"
            "M1;gewenning;;2011-01-03;2011-03-01;regulier_werk\n"  # fine on its own
            "ONBEKEND;gewenning;;2011-01-03;2011-03-01;gestopt\n"
            "M2;houtbewerking;;2011-01-03;2011-03-01;gestopt\n"
            "M2;viavia;7;2011-01-03;2011-03-01;gestopt\n"
            "M2;viavia;twee;2011-01-03;2011-03-01;gestopt\n"
            "M2;gewenning;;2011-02-30;01/03/2011;ontslagen\n"
            "M3;gewenning;;2011-03-01;2011-01-01;gestopt\n"
            "M3;gewenning;;2027-01-01;;\n"
            "M3;lnw;;2012-01-01;;gestopt\n")
    result = runner.invoke(args=["trajectory", "import", _write(tmp_path, text)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [  # CliRunner mixes stderr in
        "Regel 3: kolom external_id: onbekende medewerker 'ONBEKEND'.",
        "Regel 4: kolom module: onbekende module 'houtbewerking' (zie de trajectcatalogus).",
        "Regel 5: kolom phase: module 'viavia' heeft geen fase 7.",
        "Regel 6: kolom phase: 'twee' is geen fasenummer.",
        "Regel 7: kolom start_date: '2011-02-30' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        "Regel 7: kolom end_date: '01/03/2011' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        "Regel 7: kolom outcome: onbekende uitstroomreden 'ontslagen'.",
        "Regel 8: kolom end_date: 2011-01-01 ligt vóór de startdatum 2011-03-01.",
        "Regel 9: kolom start_date: 2027-01-01 ligt in de toekomst.",
        "Regel 10: kolom outcome: alleen bij een einddatum (een lopende inschrijving heeft nog geen uitstroom).",
        "Niets geïmporteerd.",
    ]
    assert _count() == 0 and db.session.scalar(select(func.count(AccessLog.id))) == 0


def test_rows_may_not_overlap_each_other_or_what_is_stored(people, runner, tmp_path):
    m1, m2, m3 = people
    module, _ = methods.find("lnw", None)
    db.session.add(Enrolment(worker_id=m2.id, module_id=module.id, start_date=date(2012, 1, 1), end_date=date(2012, 6, 1),
                             outcome="gestopt"))
    db.session.add(Enrolment(worker_id=m3.id, module_id=module.id, start_date=date(2020, 1, 1)))
    db.session.commit()
    text = (f"{HEADER}\n"
            "M1;gewenning;;2011-01-01;2011-04-01;\n"
            "M1;algemeen;;2011-03-01;2011-09-01;gestopt\n"  # starts before line 2 ends
            "M1;lnw;;2012-01-01;;\n"
            "M1;lnw;;2013-01-01;;\n"  # a second current row
            "M2;lnw;;2012-05-01;2012-08-01;gestopt\n"  # into the stored one
            "M3;gewenning;;2021-01-01;2021-02-01;gestopt\n"  # while the stored current one runs
            "M3;gewenning;;2018-01-01;2019-01-01;\n")  # fine: before it, and followed by it (no outcome needed)
    messages = history.parse(text).messages()
    assert messages == [
        "Regel 3: kolom start_date: 2011-03-01 – 2011-09-01 overlapt met regel 2.",
        "Regel 5: kolom end_date: leeg, maar regel 4 is al de lopende inschrijving van M1.",
        "Regel 5: kolom start_date: 2013-01-01 – nu overlapt met regel 4.",
        "Regel 6: kolom start_date: 2012-05-01 – 2012-08-01 overlapt met de bestaande inschrijving Loon naar Werken "
        "(2012-01-01 – 2012-06-01).",
        "Regel 7: kolom start_date: 2021-01-01 – 2021-02-01 overlapt met de bestaande inschrijving Loon naar Werken "
        "(2020-01-01 – nu).",
    ]
    result = runner.invoke(args=["trajectory", "import", _write(tmp_path, text)])
    assert result.exit_code == 1 and _count() == 2


def test_touching_enrolments_do_not_overlap_and_a_final_exit_needs_a_reason(people):
    fine = f"{HEADER}\nM1;gewenning;;2011-01-01;2011-04-01;\nM1;algemeen;;2011-04-01;2011-09-01;sw\n"
    assert history.parse(fine).ok
    missing = f"{HEADER}\nM1;gewenning;;2011-01-01;2011-04-01;\nM1;algemeen;;2011-04-01;2011-09-01;\n"
    assert history.parse(missing).messages() == [
        "Regel 3: kolom outcome: leeg, maar na 2011-09-01 volgt geen inschrijving meer: vul de uitstroomreden in."]


def test_header_and_ambiguous_module_codes(people):
    assert history.parse("external_id;module;start_date\nM1;lnw;2011-01-01\n").messages() == [
        "Kolommen ontbreken in de kopregel: phase, end_date, outcome."]
    assert history.parse(f"{HEADER};method\nM1;lnw;;2011-01-01;2011-02-01;gestopt;andere\n").messages() == [
        "Regel 2: kolom method: onbekende methode 'andere'."]
    other = Method(code="ander", name="Andere methode")
    db.session.add(other)
    db.session.flush()
    db.session.add(Module(method_id=other.id, code="lnw", name="Loon naar Werken (ander)", track="resocialisatie"))
    db.session.commit()
    assert history.parse(f"{HEADER}\nM1;lnw;;2011-01-01;;\n").messages() == [
        "Regel 2: kolom module: 'lnw' bestaat in meer methoden; vul de kolom method in."]
    assert history.parse(f"{HEADER};method\nM1;lnw;;2011-01-01;;;relim\n").ok


def _seed_2011(count_positive: int, count_negative: int, count_other: int) -> tuple[str, int]:
    """People who left arbeidsrehabilitatie in 2011 (after a move within it, which is no exit), five who left
    resocialisatie (one of them to arbeidsrehabilitatie: doorstroom), and one who leaves rehabilitation in 2012."""
    lines, n = [HEADER], 0
    outcomes = ["regulier_werk"] * count_positive + ["gestopt"] * count_negative + ["verhuisd"] * count_other
    for i, outcome in enumerate(outcomes):
        n += 1
        lines.append(f"H{n};gewenning;;2010-{1 + i % 12:02d}-01;2011-01-03;")  # a move within the track
        lines.append(f"H{n};algemeen;;2011-01-03;2011-{1 + i % 12:02d}-20;{outcome}")
    for outcome in ["sw", "gestopt", "gestopt", "detentie"]:
        n += 1
        lines.append(f"H{n};lnw;;2011-02-01;2011-05-01;")
        lines.append(f"H{n};viavia;1;2011-05-01;2011-11-30;{outcome}")
    n += 1
    lines.append(f"H{n};lnw;;2010-02-01;2011-05-01;")  # doorstroom: resocialisatie → arbeidsrehabilitatie
    lines.append(f"H{n};gewenning;;2011-05-01;2012-01-10;gestopt")  # leaves rehab in 2012: not counted
    return "\n".join(lines) + "\n", n


def test_the_seeds_2011_sentence_from_rows_imported_through_the_cli(app, catalogue, runner, tmp_path):
    """In 2011 35 % of those who left arbeidsrehabilitatie left positively and 17 % negatively: 100 people
    leaving, imported as paper history, give exactly that table on the command line."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    # the seed's shares as 100 exits: 35 positive, 17 negative, 48 other
    text, n = _seed_2011(35, 17, 48)
    for i in range(1, n + 1):
        factories.WorkerFactory(external_id=f"H{i}")
    db.session.commit()
    result = runner.invoke(args=["trajectory", "import", _write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    table = runner.invoke(args=["trajectory", "outflow", "--method", "relim", "--from", "2011-01-01", "--to", "2011-12-31"])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines() == [
        "track;exits;positief;negatief;overig;positief_pct;negatief_pct;overig_pct",
        "arbeidsrehabilitatie;100;35;17;48;35,0;17,0;48,0",
        "resocialisatie;5;2;2;1;40,0;40,0;20,0",
        "totaal;105;37;19;49;35,2;18,1;46,7",
    ]
    from webapp.trajectory import figures

    tracks, _modules = figures.period_rows(date(2011, 1, 1), date(2011, 12, 31), "relim")
    assert figures.sentence(tracks[0], date(2011, 1, 1), date(2011, 12, 31)) == (
        "In 2011 verlieten 100 medewerkers een arbeidsrehabilitatietraject: 35,0\u00a0% sloot het positief af; "
        "de negatieve uitstroom was 17,0\u00a0%.")


def test_the_cohort_on_the_command_line_and_a_period_that_ends_before_it_starts(app, catalogue, runner, tmp_path):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:30"
    workers = [factories.WorkerFactory(external_id=f"C{i}") for i in range(1, 5)]
    db.session.commit()
    text = (f"{HEADER}\n"
            "C1;gewenning;;2011-01-10;2011-05-01;\nC1;algemeen;;2011-05-01;2011-12-01;opleiding\n"  # positive in 11 months
            "C2;gewenning;;2011-03-01;2012-06-01;gestopt\n"  # leaves after 15 months: lopend at 12
            "C3;lnw;;2011-06-01;2011-07-01;gestopt\n"
            "C4;gewenning;;2010-06-01;2011-02-01;overleden\n")  # started before the period: no starter
    assert runner.invoke(args=["trajectory", "import", _write(tmp_path, text)]).exit_code == 0
    result = runner.invoke(args=["trajectory", "outflow", "--method", "relim", "--from", "2011-01-01", "--to", "2011-12-31", "--cohort"])
    assert result.output.splitlines() == [
        "track;starters;positief;negatief;overig;lopend",
        "arbeidsrehabilitatie;2;1;0;0;1",
        "resocialisatie;1;0;1;0;0",
        "totaal;3;1;1;0;1",
    ]
    assert len(workers) == 4
    wrong = runner.invoke(args=["trajectory", "outflow", "--method", "relim", "--from", "2011-12-31", "--to", "2011-01-01"])
    assert wrong.exit_code == 1 and "De periode eindigt (2011-01-01) vóór ze begint (2011-12-31)." in wrong.output
    bad = runner.invoke(args=["trajectory", "outflow", "--method", "relim", "--from", "2011-02-30", "--to", "2011-12-31"])
    assert bad.exit_code != 0
