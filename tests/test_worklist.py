"""The counsellor's work list: what is due, built from real rows (queries.due_list), its words, the page's filters
and roles, the trajectory page's "Wat komt eraan", and the CLI."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event, select

from webapp.attendance.models import Attendance
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods
from webapp.trajectory.models import Enrolment, FollowUp, Review
from webapp.trajectory.operations import enrol
from webapp.trajectory.queries import due_list
from webapp.workers.models import ScheduleSlot

from . import factories

ON = date(2026, 11, 23)


def worker_in(code, phase, start, **kwargs):
    worker = factories.WorkerFactory(**kwargs)
    module, ph = methods.find(code, phase)
    enrol(worker, module, ph, start, commit=False)
    db.session.flush()
    return worker, db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))


def review(enrolment, held_on, outcome="verlengen", months=None):
    db.session.add(Review(worker_id=enrolment.worker_id, enrolment_id=enrolment.id, held_on=held_on, outcome=outcome,
                          months=months))
    db.session.flush()


def due(lines):
    return [(line.item.kind, line.item.due, line.item.days_overdue) for line in lines]


@pytest.mark.parametrize("code, phase, start, reviews, extension, expected", [
    # Arbeidsgewenning: monthly evaluatie, ends after 2 months
    ("gewenning", None, date(2026, 10, 1), [], 0,
     [("evaluatie", date(2026, 11, 1), 22)]),
    # a review on 15 nov resets the cadence: the next evaluatie is 15 dec, past the 7 days
    ("gewenning", None, date(2026, 10, 1), [date(2026, 11, 15)], 0, []),
    # ... but the phase still ends 2 months after the start
    ("gewenning", None, date(2026, 9, 25), [date(2026, 11, 15)], 0,
     [("fase_einde", date(2026, 11, 25), 0)]),
    # an extension of one month moves the end
    ("gewenning", None, date(2026, 8, 25), [date(2026, 11, 15)], 1,
     [("fase_einde", date(2026, 11, 25), 0)]),
    # Via Via phase 2: evaluatie every 3 months, the phase's 3 months
    ("viavia", 2, date(2026, 8, 31), [], 0,
     [("evaluatie", date(2026, 11, 30), 0), ("fase_einde", date(2026, 11, 30), 0)]),
    # Arbeidsoriëntatie: no cadence, no end
    ("orientatie", None, date(2025, 1, 1), [], 0, []),
])
def test_the_due_list_from_rows(app, catalogue, code, phase, start, reviews, extension, expected):
    worker, enrolment = worker_in(code, phase, start)
    enrolment.extension_months = extension
    for held in reviews:
        review(enrolment, held)
    assert due(due_list(ON, 7)) == expected


def test_intake_trial_week_and_follow_ups(app, catalogue):
    workshop = factories.WorkshopFactory()
    block = workshop.blocks[0]
    added = factories.WorkerFactory(intake_pending=True, created_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    came = factories.WorkerFactory(intake_pending=True, created_at=datetime(2026, 11, 10, 9, tzinfo=timezone.utc))
    db.session.add_all([Attendance(worker_id=came.id, date=date(2026, 11, 12), block_id=block.id, status="afwezig"),
                        Attendance(worker_id=came.id, date=date(2026, 11, 13), block_id=block.id, status="aanwezig")])
    trial, enrolment = worker_in("viavia", 1, date(2026, 11, 1))
    enrolment.trial_until = date(2026, 11, 24)
    settled, other = worker_in("viavia", 1, date(2026, 11, 1))
    other.trial_until, other.trial_result = date(2026, 11, 24), "bevestigd"
    gone, old = worker_in("viavia", 4, date(2026, 2, 2))
    old.end_date, old.outcome = date(2026, 8, 23), "regulier_werk"
    db.session.add_all([FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2026, 11, 23)),
                        FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2026, 8, 1), done_on=date(2026, 8, 2)),
                        FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2027, 2, 23))])
    db.session.flush()
    lines = due_list(ON, 7)
    assert [(line.item.kind, line.worker.id, line.item.due) for line in lines] == [
        ("intake", came.id, date(2026, 11, 13)), ("intake", added.id, date(2026, 11, 20)),
        ("nazorg", gone.id, date(2026, 11, 23)), ("proefweek", trial.id, date(2026, 11, 24))]
    assert due_list(ON, 7, [trial.id, settled.id])[0].item.kind == "proefweek"
    assert len(due_list(ON, 7, [settled.id])) == 0
    assert due_list(ON, 7, []) == []


def test_inactive_workers_have_nothing_due(app, catalogue):
    worker, _ = worker_in("gewenning", None, date(2026, 9, 1))
    worker.active = False
    assert due_list(ON, 7) == []


def count_queries(fn):
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_query_count_does_not_grow_with_the_workers(app, catalogue):
    def add(n):
        for i in range(n):
            w, e = worker_in("viavia" if i % 2 else "gewenning", 2 if i % 2 else None, date(2026, 9, 1 + i % 20),
                             intake_pending=i % 5 == 0)
            review(e, date(2026, 10, 1))
        db.session.commit()
    add(3)
    few = count_queries(lambda: due_list(ON, 90))
    add(30)
    many = count_queries(lambda: due_list(ON, 90))
    assert len(due_list(ON, 90)) > 30
    assert few == many <= 6
