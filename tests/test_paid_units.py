"""A paid unit has one spelling: parsed at the edge, refused by the database otherwise, normalised in old data."""
import importlib.util
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from webapp.attendance.operations import Refused as AttendanceRefused, set_status
from webapp.extensions import db
from webapp.payouts import models
from webapp.payouts.models import LedgerLine

from . import factories
from .test_payouts import MONDAY, WEEK, _week, org, pay  # noqa: F401  (the org fixture)

MIGRATION = Path(__file__).parent.parent / "migrations" / "versions" / "e7a3c91b5d20_canonical_paid_units.py"
BEFORE = "f2b8d46a0c13"


def _migration():
    spec = importlib.util.spec_from_file_location("canonical_paid_units", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counted(worker) -> list[LedgerLine]:
    return [l for l in db.session.scalars(select(LedgerLine).where(LedgerLine.worker_id == worker.id))
            if l.kind == "payout" and not l.duplicate and l.reversal is None]


@pytest.mark.parametrize("spelling", ["2026-W48", "2026-W048", "2026-w48", "2026-W48 ", " 2026-w048"])
def test_every_spelling_of_a_week_is_the_same_week(org, client, auth, app, spelling):
    worker = factories.WorkerFactory()
    db.session.commit()
    _week(org, worker, 4)
    app.config["DAGDEEL_NOW"] = "2026-11-27T16:31"
    auth.login("assistant")
    assert pay(client, worker, "viavia", WEEK).status_code == 200
    again = pay(client, worker, "viavia", spelling)
    assert again.status_code == 422 and "is al betaald door" in again.get_data(as_text=True)
    assert [l.unit for l in counted(worker)] == [WEEK]


@pytest.mark.parametrize("programme, unit, message", [
    ("viavia", "2026xW48", "Ongeldige week"), ("viavia", "", "Ongeldige week"), ("viavia", "2026-W54", "bestaat niet"),
    ("lnw", "2026-02-30", "Ongeldige dag"), ("lnw", "9999-12-31", "valt buiten"), ("lnw", "20261123", "Ongeldige dag"),
    ("lnw", "2026-W48", "Ongeldige dag"), ("", MONDAY.isoformat(), "Kies Loon naar Werken of Via Via"),
    ("loon", MONDAY.isoformat(), "Kies Loon naar Werken of Via Via")])
def test_a_unit_that_is_no_day_or_week_is_a_dutch_422(org, client, auth, programme, unit, message):
    worker = factories.WorkerFactory()
    set_status(worker.id, MONDAY, org["lnw"].id, "aanwezig")
    db.session.commit()
    auth.login("assistant")
    response = pay(client, worker, programme, unit)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LedgerLine.id))) == 0


@pytest.mark.parametrize("worker_id, status", [(str(2**63 + 5), 404), ("-3", 404), ("abc", 404), ("0", 404), ("٣", 422)])
def test_a_worker_id_out_of_range_is_a_dutch_4xx(org, client, auth, worker_id, status):
    auth.login("assistant")
    response = client.post("/uitbetaling/betalen", headers={"HX-Request": "true"},
                           data={"worker_id": worker_id, "programme": "lnw", "unit": MONDAY.isoformat()})
    assert response.status_code == status


def test_an_unknown_voucher_type_is_refused(org, client, auth):
    worker = factories.WorkerFactory()
    set_status(worker.id, MONDAY, org["lnw"].id, "aanwezig")
    db.session.commit()
    auth.login("assistant")
    response = pay(client, worker, voucher_type="bier")
    assert response.status_code == 422 and "Kies de kaart" in response.get_data(as_text=True)


def test_paid_attendance_stays_locked_for_every_spelling_of_its_week(org, client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    _week(org, worker, 4)
    app.config["DAGDEEL_NOW"] = "2026-11-27T16:31"
    auth.login("supervisor")
    assert pay(client, worker, "viavia", "2026-w48").status_code == 200
    assert db.session.scalar(select(LedgerLine.unit)) == WEEK
    with pytest.raises(AttendanceRefused, match="al uitbetaald"):
        set_status(worker.id, MONDAY, org["morning"].id, "afwezig_bericht")
    db.session.rollback()
    response = client.post(f"/werkvloer/{org['morning'].workshop_id}/markeren", headers={"HX-Request": "true"},
                           data={"worker_id": worker.id, "status": "afwezig_bericht", "datum": MONDAY.isoformat(),
                                 "blok": org["morning"].id})
    assert response.status_code == 422 and "al uitbetaald" in response.get_data(as_text=True)


@pytest.mark.parametrize("programme, unit, unit_date", [
    ("viavia", "2026-w48", date(2026, 11, 23)), ("viavia", "2026-W048", date(2026, 11, 23)),
    ("viavia", "2026-W48 ", date(2026, 11, 23)), ("viavia", "2026-W48", date(2026, 11, 24)),
    ("viavia", "2026-W49", date(2026, 11, 23)), ("viavia", "2027-W53", date(2027, 12, 27)),
    ("lnw", "20261123", date(2026, 11, 23)), ("lnw", "2026-11-23", date(2026, 11, 24)),
    ("lnw", "2026-11-3 ", date(2026, 11, 3)), ("lnw", "2026-02-30", date(2026, 2, 28)), ("LNW", "2026-11-23", date(2026, 11, 23))])
def test_the_database_refuses_a_unit_that_is_not_canonical(org, programme, unit, unit_date):
    worker, box = factories.WorkerFactory(), factories.CashBoxFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(insert(LedgerLine).values(worker_id=worker.id, cash_box_id=box.id, programme=programme,
                                                     unit=unit, unit_date=unit_date))
    db.session.rollback()


@pytest.mark.parametrize("programme, unit, unit_date", [
    ("viavia", "2026-W48", date(2026, 11, 23)), ("viavia", "2026-W53", date(2026, 12, 28)),
    ("viavia", "2027-W01", date(2027, 1, 4)), ("viavia", "2020-W53", date(2020, 12, 28)),
    ("lnw", "2026-11-23", date(2026, 11, 23)), ("lnw", "2024-02-29", date(2024, 2, 29))])
def test_the_database_takes_a_canonical_unit(org, programme, unit, unit_date):
    factories.LedgerLineFactory(programme=programme, unit=unit, unit_date=unit_date)
    db.session.commit()
    assert db.session.scalar(select(LedgerLine.unit)) == unit


def test_the_models_check_is_the_migrations_check():
    """Both spell the CHECK per dialect; the schema built by migrations and the models' DDL agree."""
    assert _migration().UNIT_CHECK == models.UNIT_CHECK
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        condition = str(models.CanonicalUnit().compile(dialect=dialect))
        assert condition == models.UNIT_CHECK[dialect.name]


ROW = dict(kind="payout", worker_id=1, programme="viavia", slot=0, duplicate=False, reverses_id=None)


def test_normalising_respells_units_and_flags_the_later_of_two_counted_payouts():
    rows = [dict(ROW, id=1, unit="2026-W48", unit_date=date(2026, 11, 23)),
            dict(ROW, id=2, unit="2026-w48", unit_date=date(2026, 11, 23)),
            dict(ROW, id=3, unit="2026xW48", unit_date=date(2026, 11, 23)),
            dict(ROW, id=4, unit="2026-W048", unit_date=date(2026, 11, 23), worker_id=2),
            dict(ROW, id=5, unit="2026-11-23 ", unit_date=date(2026, 11, 23), programme="lnw"),
            dict(ROW, id=6, unit="garbage", unit_date=date(2026, 11, 24), programme="lnw")]
    changes, report = _migration().plan(rows)
    assert changes == {2: {"unit": "2026-W48", "duplicate": True}, 3: {"unit": "2026-W48", "duplicate": True},
                       4: {"unit": "2026-W48"}, 5: {"unit": "2026-11-23"}, 6: {"unit": "2026-11-24"}}
    assert any("ledger_line 6" in line and "onleesbaar" in line for line in report)
    assert sum("marked duplicate" in line for line in report) == 2


def test_normalising_keeps_a_payout_made_after_the_first_was_reversed():
    """Paid as 2026-W48, reversed, paid again as 2026-w48: the second one counts, in the next slot."""
    rows = [dict(ROW, id=1, unit="2026-W48", unit_date=date(2026, 11, 23)),
            dict(ROW, id=2, kind="reversal", unit="2026-W48", unit_date=date(2026, 11, 23), reverses_id=1),
            dict(ROW, id=3, unit="2026-w48", unit_date=date(2026, 11, 23)),
            dict(ROW, id=4, unit="2026-W048", unit_date=date(2026, 11, 23))]
    changes, _ = _migration().plan(rows)
    assert changes == {3: {"unit": "2026-W48", "slot": 1}, 4: {"unit": "2026-W48", "duplicate": True}}


def test_a_line_of_an_unknown_programme_stops_the_migration():
    with pytest.raises(RuntimeError, match=r"\[7\]"):
        _migration().plan([dict(ROW, id=7, programme="x", unit="2026-W48", unit_date=date(2026, 11, 23))])


@contextmanager
def previous_revision(app):
    """The database as it was before e7a3c91b5d20 (no check); migrated back to the head afterwards."""
    db.session.commit()
    db.session.remove()
    downgrade(revision=BEFORE)
    try:
        yield
    finally:
        db.session.remove()
        upgrade()


def test_the_migration_normalises_a_database_built_at_the_previous_revision(org, app, capsys):
    worker, other = factories.WorkerFactory(), factories.WorkerFactory()
    box = factories.CashBoxFactory(date=MONDAY)
    db.session.commit()
    ids = {"worker": worker.id, "other": other.id, "box": box.id}
    with previous_revision(app):
        for unit, who in (("2026-W48", "worker"), ("2026-w48", "worker"), ("2026-W048 ", "other")):
            db.session.add(LedgerLine(worker_id=ids[who], cash_box_id=ids["box"], programme="viavia", unit=unit,
                                      unit_date=date(2026, 11, 23), premium_cents=1200))
        db.session.commit()
        db.session.remove()
    lines = db.session.scalars(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [(l.unit, l.duplicate) for l in lines] == [("2026-W48", False), ("2026-W48", True), ("2026-W48", False)]
    assert "marked duplicate" in capsys.readouterr().out
    with pytest.raises(IntegrityError):  # and from now on the database itself refuses another spelling
        db.session.execute(insert(LedgerLine).values(worker_id=ids["worker"], cash_box_id=ids["box"], programme="viavia",
                                                     unit="2026-w48", unit_date=date(2026, 11, 23), slot=5))
    db.session.rollback()
