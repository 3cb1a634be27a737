"""Worker CSV import (web preview and CLI): all or nothing, Dutch errors by line and column; export."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from webapp.cli import import_workers
from webapp.extensions import db
from webapp import csvfiles
from webapp.workers import csv_io
from webapp.workers.models import Worker

from . import factories

HEADER = "external_id;first_name;last_name;roepnaam;phone;shelter;module;phase;uitkering;postadres;ingeschreven;travel_cents;module_since"
GOOD = [
    "A1;Jan;Janssen;Sjef;06-1;De Boei;lnw;;ja;nee;1;0;2025-06-02",
    "A2;Ingrid;Peters;;;;viavia;3;true;false;0;460;",
    "A3;Mohamed;El Idrissi;Mo;;de boei;gewenning;1;JA;NEE;ja;;",
]


@pytest.fixture
def shelter(app, catalogue):
    factories.ShelterFactory(name="De Boei")
    db.session.commit()


def _csv(*rows, header=HEADER, sep=";"):
    return "\n".join([header.replace(";", sep)] + [r.replace(";", sep) for r in rows]) + "\n"


def test_good_file_imports_every_row_with_its_enrolment(shelter):
    parsed = csv_io.parse(_csv(*GOOD))
    assert parsed.ok and [r.outcome for r in parsed.rows] == ["nieuw"] * 3
    assert csv_io.apply(parsed) == (3, 0)
    jan = db.session.scalar(select(Worker).where(Worker.external_id == "A1"))
    assert (jan.roepnaam, jan.uitkering, jan.postadres, jan.ingeschreven, jan.shelter.name) == ("Sjef", True, False, True, "De Boei")
    assert (jan.current_enrolment.module.code, jan.current_enrolment.start_date) == ("lnw", date(2025, 6, 2))
    ingrid = db.session.scalar(select(Worker).where(Worker.external_id == "A2"))
    assert (ingrid.travel_cents, ingrid.current_enrolment.phase.number) == (460, 3)


def test_comma_separated_windows_1252_file_is_read(shelter):
    raw = _csv("B1;Jos;Schrûtten;;;;algemeen;;ja;ja;ja;230;", sep=",").encode("cp1252")
    parsed = csv_io.parse(csvfiles.decode(raw))
    assert parsed.ok
    csv_io.apply(parsed)
    assert db.session.scalar(select(Worker.last_name)) == "Schrûtten"


def test_utf8_with_bom_from_excel_is_read(shelter):
    parsed = csv_io.parse(csvfiles.decode(("\ufeff" + _csv(GOOD[0])).encode("utf-8")))
    assert parsed.ok


@pytest.mark.parametrize("row, message", [
    ("C1;;X;;;;;;ja;ja;ja;;", "Regel 2: kolom first_name: mag niet leeg zijn."),
    ("C1;Kees;X;;;Nergens;;;ja;ja;ja;;", "Regel 2: kolom shelter: onbekende opvang 'Nergens'."),
    ("C1;Kees;X;;;;lnw;;misschien;ja;ja;;", "Regel 2: kolom uitkering: 'misschien' is geen ja/nee"),
    ("C1;Kees;X;;;;viavia;7;ja;ja;ja;;", "Regel 2: kolom phase: module 'viavia' heeft geen fase 7."),
    ("C1;Kees;X;;;;zwemmen;;ja;ja;ja;;", "Regel 2: kolom module: onbekende module 'zwemmen'"),
    ("C1;Kees;X;;;;lnw;;ja;ja;ja;4,60;", "Regel 2: kolom travel_cents: '4,60' is geen heel aantal centen"),
    ("C1;Kees;X;;;;lnw;;ja;ja;ja;;2-3-2025", "Regel 2: kolom module_since: '2-3-2025' is geen datum als JJJJ-MM-DD."),
])
def test_each_bad_value_is_named_by_line_and_column(shelter, row, message):
    parsed = csv_io.parse(_csv(row))
    assert not parsed.ok
    assert any(m.startswith(message) for m in parsed.messages()), parsed.messages()


def test_duplicate_ids_in_one_file_are_refused(shelter):
    parsed = csv_io.parse(_csv(GOOD[0], GOOD[0]))
    assert "Regel 3: kolom external_id: 'A1' staat ook op regel 2." in parsed.messages()


def test_missing_columns_are_named(shelter):
    parsed = csv_io.parse("external_id;first_name\nA1;Jan\n")
    assert not parsed.ok and "Kolommen ontbreken" in parsed.messages()[0] and "shelter" in parsed.messages()[0]


def test_module_since_column_may_be_absent(shelter, app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"
    header = HEADER.rsplit(";", 1)[0]
    parsed = csv_io.parse(_csv("D1;Jan;J;;;;lnw;;ja;ja;ja;0", header=header))
    csv_io.apply(parsed)
    assert db.session.scalar(select(Worker)).current_enrolment.start_date == date(2026, 11, 23)


def test_existing_worker_is_updated_not_duplicated(shelter):
    factories.WorkerFactory(external_id="A1", first_name="Oud")
    db.session.commit()
    parsed = csv_io.parse(_csv(GOOD[0]))
    assert parsed.rows[0].outcome == "bijwerken"
    assert csv_io.apply(parsed) == (0, 1)
    assert db.session.scalar(select(func.count(Worker.id))) == 1
    assert db.session.scalar(select(Worker.first_name)) == "Jan"


def test_web_preview_then_import(client, auth, shelter):
    auth.login("supervisor")
    preview = client.post("/medewerkers/import", data={"file": (io.BytesIO(_csv(*GOOD).encode()), "lijst.csv")},
                          content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Klaar om te importeren" in page and "3 nieuw" in page
    assert db.session.scalar(select(func.count(Worker.id))) == 0  # preview writes nothing
    done = client.post("/medewerkers/import/bevestigen", data={"csv": _csv(*GOOD)}, follow_redirects=True)
    assert "Import klaar: 3 nieuw, 0 bijgewerkt." in done.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Worker.id))) == 3


def test_web_import_with_one_bad_row_imports_nothing(client, auth, shelter):
    auth.login("counsellor")
    bad = _csv(*GOOD, "X9;Kees;X;;;Nergens;;;ja;ja;ja;;")
    preview = client.post("/medewerkers/import", data={"file": (io.BytesIO(bad.encode()), "lijst.csv")},
                          content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "Niets geïmporteerd" in page and "Regel 5: kolom shelter: onbekende opvang &#39;Nergens&#39;." in page
    assert client.post("/medewerkers/import/bevestigen", data={"csv": bad}).status_code == 422
    assert db.session.scalar(select(func.count(Worker.id))) == 0


def test_cli_import_and_export(runner, shelter, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text(_csv(*GOOD), encoding="utf-8")
    result = runner.invoke(import_workers, [str(path)])
    assert result.exit_code == 0, result.output
    assert "Import klaar: 3 nieuw, 0 bijgewerkt." in result.output
    exported = runner.invoke(args=["workers", "export"])
    assert exported.exit_code == 0
    lines = exported.output.strip().splitlines()
    assert lines[0] == HEADER + ";trajectbegeleider" and len(lines) == 4
    assert lines[1] == "A1;Jan;Janssen;Sjef;06-1;De Boei;lnw;;ja;nee;ja;0;2025-06-02;"
    # An export imports again unchanged.
    assert csv_io.parse(exported.output).ok


def test_cli_import_of_a_bad_file_exits_non_zero_and_imports_nothing(runner, shelter, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text(_csv(GOOD[0], "C1;;X;;;;;;ja;ja;ja;;"), encoding="utf-8")
    result = runner.invoke(args=["workers", "import", str(path)])
    assert result.exit_code == 1
    assert "Regel 3: kolom first_name: mag niet leeg zijn." in result.output
    assert "Niets geïmporteerd." in result.output
    assert db.session.scalar(select(func.count(Worker.id))) == 0


def test_an_import_cannot_change_another_sites_worker(client, auth, shelter):
    """A supervisor of Maastricht may not overwrite a Heerlen worker by their number (trajectory/access.py)."""
    from webapp.workers.models import ScheduleSlot

    maastricht, heerlen = factories.WorkshopFactory(), factories.WorkshopFactory()
    theirs = factories.WorkerFactory(external_id="A1", first_name="Heerlenaar")
    db.session.flush()
    db.session.add(ScheduleSlot(worker_id=theirs.id, block_id=heerlen.blocks[0].id, weekday=0))
    db.session.commit()
    auth.login("supervisor", site_id=maastricht.site_id)
    preview = client.post("/medewerkers/import", data={"file": (io.BytesIO(_csv(GOOD[0]).encode()), "lijst.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 422 and "dit nummer is al in gebruik" in preview.get_data(as_text=True)
    assert client.post("/medewerkers/import/bevestigen", data={"csv": _csv(GOOD[0])}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Worker, theirs.id).first_name == "Heerlenaar"
