"""Retention that runs (issue 18 item 5): `flask privacy purge` anonymises former workers past their period and
deletes access-log lines past theirs through the one permitted path; the figures keep what they need."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import String, Text, func, select

from webapp.attendance.models import Attendance
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.payouts.models import LedgerLine
from webapp.privacy import retention
from webapp.privacy.queries import _tables_about_workers
from webapp.trajectory.models import Enrolment, Intake
from webapp.workers.models import Agreement, Worker, WorkerPhoto

from . import factories

NOW = "2026-11-23T09:00"


def test_every_text_column_about_a_worker_is_either_purged_or_kept_on_purpose(app):
    """A new text column on a table about workers fails here until someone decides whether purge empties it."""
    direct, below = _tables_about_workers()
    undecided = []
    for model in [Worker, *direct, *(b[0] for b in below)]:
        table = model.__table__
        for column in table.columns:
            if isinstance(column.type, (String, Text)) or type(column.type).__name__ == "Encrypted":
                if column.name not in retention.FREE_TEXT.get(table.name, ()) + retention.KEPT.get(table.name, ()):
                    undecided.append(f"{table.name}.{column.name}")
    assert undecided == []


def _former(name: str, left: date, module_id: int) -> Worker:
    worker = factories.WorkerFactory(first_name=name, last_name="Jansen", phone="0612345678", active=False,
                                     created_at=datetime(2020, 1, 6, tzinfo=timezone.utc))
    db.session.flush()
    db.session.add(Enrolment(worker_id=worker.id, module_id=module_id, start_date=date(2020, 1, 6), end_date=left,
                             outcome="regulier_werk", outcome_note=f"{name} werkt nu bij de gemeente"))
    db.session.add(Intake(worker_id=worker.id, held_on=date(2020, 1, 6), diagnosis="psychose", motivation="ritme"))
    db.session.add(Agreement(worker_id=worker.id, text=f"{name} belt als hij niet komt"))
    db.session.add(WorkerPhoto(worker_id=worker.id, data=b"\xff\xd8jpeg"))
    return worker


@pytest.fixture
def module_id(app, catalogue):
    from webapp.trajectory.models import Module

    return db.session.scalar(select(Module.id).where(Module.code == "algemeen"))


def test_purge_anonymises_former_workers_past_their_period_and_keeps_the_figures(app, runner, module_id):
    app.config["DAGDEEL_NOW"] = NOW
    old = _former("Gerrit", date(2023, 6, 30), module_id)  # left 3 years 5 months ago: past 2 years
    recent = _former("Henk", date(2025, 6, 30), module_id)  # left 17 months ago: kept
    active = factories.WorkerFactory(first_name="Ilse", active=True)
    workshop = factories.WorkshopFactory()
    db.session.flush()
    db.session.add(Attendance(worker_id=old.id, date=date(2023, 6, 29), block_id=workshop.blocks[0].id,
                              status="aanwezig", note="Gerrit had hoofdpijn"))
    db.session.add(factories.LedgerLineFactory.build(worker=old, unit="2023-06-29", unit_date=date(2023, 6, 29)))
    db.session.add(AccessLog(action="view", worker_id=old.id, at=datetime(2020, 2, 1, tzinfo=timezone.utc)))
    db.session.add(AccessLog(action="view", worker_id=recent.id, at=datetime(2023, 2, 1, tzinfo=timezone.utc)))
    db.session.commit()
    ids = old.id, recent.id, active.id

    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Proef" in dry.output and "1 oud-medewerkers geanonimiseerd" in dry.output and "1 regels uit het logboek" in dry.output
    db.session.expire_all()
    assert db.session.get(Worker, ids[0]).first_name == "Gerrit"  # a dry run changes nothing

    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    gone = db.session.get(Worker, ids[0])
    assert (gone.first_name, gone.last_name, gone.phone, gone.photo) == ("Oud-medewerker", gone.external_id, "", None)
    assert gone.purged_at is not None
    intake = db.session.scalar(select(Intake).where(Intake.worker_id == ids[0]))
    assert (intake.diagnosis, intake.motivation) == ("", "")
    assert db.session.scalar(select(Agreement.text).where(Agreement.worker_id == ids[0])) == ""
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == ids[0]))
    assert (enrolment.outcome, enrolment.outcome_note, enrolment.end_date) == ("regulier_werk", "", date(2023, 6, 30))
    attended = db.session.scalar(select(Attendance).where(Attendance.worker_id == ids[0]))
    assert (attended.status, attended.note) == ("aanwezig", "")
    assert db.session.scalar(select(func.sum(LedgerLine.premium_cents)).where(LedgerLine.worker_id == ids[0])) == 600
    assert db.session.get(Worker, ids[1]).first_name == "Henk"  # within the period
    assert db.session.get(Worker, ids[2]).first_name == "Ilse"  # active
    assert db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.action == "view")) == 1  # the 2023 line
    assert db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "privacy_purge")).startswith("1 oud-")
    again = runner.invoke(args=["privacy", "purge"])
    assert "0 oud-medewerkers" in again.output and "0 regels" in again.output  # nothing left to do


def test_the_permit_is_gone_after_the_purge_so_the_log_stays_append_only(app, runner):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    app.config["DAGDEEL_NOW"] = NOW
    db.session.add(AccessLog(action="view", at=datetime(2019, 1, 1, tzinfo=timezone.utc)))
    db.session.add(AccessLog(action="view", at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    db.session.commit()
    assert runner.invoke(args=["privacy", "purge"]).exit_code == 0
    db.session.remove()
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM access_log"))


def test_no_permit_opens_the_ledger(app):
    """The retention path is for the access log only: even with a permit naming it, the ledger refuses a DELETE."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    factories.LedgerLineFactory()
    db.session.commit()
    db.session.remove()
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO retention_permit (table_name) VALUES ('ledger_line')"))
        conn.execute(text("DELETE FROM ledger_line"))
    assert db.session.scalar(select(func.count(LedgerLine.id))) == 1
