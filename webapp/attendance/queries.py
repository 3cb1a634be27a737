"""Reading attendance for the board, the no-show list and the week grids, in a fixed number of queries."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, null, or_, select
from sqlalchemy.orm import joinedload

from .. import clock
from ..extensions import db
from ..org.models import Workshop
from ..workers.models import Agreement, Incident, ScheduleSlot, Worker
from ..workers.queries import WITH_ENROLMENT, only_names, shares_name
from .models import Attendance, ContactLog
from .rules import ATTENDED, EARLY_LEAVE, OPEN, counts_as_attended

NO_SHOW_AFTER = timedelta(minutes=30)


@dataclass
class Row:
    worker: Worker
    record: Attendance | None
    expected: bool
    has_agreement: bool = False
    has_incident: bool = False
    week_count: int | None = None


@dataclass
class Grid:
    days: list[date]
    workers: list[Worker]
    cells: dict = field(default_factory=dict)  # (worker_id, day, block_id) -> Attendance
    counts: dict = field(default_factory=dict)  # worker_id -> attended dagdelen


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def attended_filter():
    """`rules.counts_as_attended` as SQL: the one SQL form of what counts as an attended dagdeel."""
    return or_(Attendance.status.in_(ATTENDED), and_(Attendance.status == EARLY_LEAVE, Attendance.early_leave_counts))


def marked(attendance=Attendance):
    """`rules.is_marked` as SQL: a record that says something (a mark taken back is the same as no record); of
    Attendance or an alias of it."""
    return attendance.status != OPEN


def week_counts(worker_ids, day: date) -> dict[int, int]:
    """Attended dagdelen in the ISO week of `day`, across all workshops, per worker."""
    days = week_of(day)
    return dict(db.session.execute(
        select(Attendance.worker_id, func.count()).where(
            Attendance.worker_id.in_(worker_ids), Attendance.date >= days[0], Attendance.date <= days[-1], attended_filter())
        .group_by(Attendance.worker_id)).all())


@dataclass
class Tally:
    """The counter above a board: present (or late), otherwise marked, not yet marked."""
    present: int = 0
    other: int = 0
    open: int = 0


def board(workshop: Workshop, day: date,
          block_ids: list[int] | None = None) -> tuple[dict[int, list[Row]], dict[int, Tally]]:
    """Per dagdeel block (the workshop's, or just `block_ids`): the expected workers (weekly schedule) and
    everyone with attendance that day, and the tally (a tap's answer: `one_row`)."""
    block_ids = block_ids or [b.id for b in workshop.blocks]
    expected = set(db.session.execute(
        select(ScheduleSlot.worker_id, ScheduleSlot.block_id).join(Worker)
        .where(ScheduleSlot.block_id.in_(block_ids), ScheduleSlot.weekday == day.weekday(), Worker.active.is_(True))).all())
    that_day = (Attendance.block_id.in_(block_ids), Attendance.date == day, marked())
    records = {(r.worker_id, r.block_id): r for r in db.session.scalars(
        select(Attendance).options(joinedload(Attendance.updated_by)).where(*that_day))}
    statuses = {key: r.status for key, r in records.items()}
    tallies = {block_id: Tally() for block_id in block_ids}
    for w, block_id in expected | set(statuses):
        status, tally = statuses.get((w, block_id)), tallies[block_id]
        if status is None:
            tally.open += 1
        elif status in ATTENDED:
            tally.present += 1
        else:
            tally.other += 1
    ids = {w for w, _ in expected} | {w for w, _ in statuses}
    workers = {w.id: w for w in db.session.scalars(select(Worker).options(WITH_ENROLMENT).where(Worker.id.in_(ids)))}
    agreements = set(db.session.scalars(select(Agreement.worker_id).where(Agreement.worker_id.in_(ids), Agreement.ended_at.is_(None))))
    since = clock.now() - timedelta(days=7)
    incidents = set(db.session.scalars(select(Incident.worker_id).where(Incident.worker_id.in_(ids), Incident.occurred_at >= since)))
    counts = week_counts(ids, day) if workshop.programme == "lnw" else {}
    rows = {}
    for block_id in block_ids:
        here = {w for w, b in expected | set(statuses) if b == block_id}
        rows[block_id] = sorted(
            (Row(workers[w], records.get((w, block_id)), (w, block_id) in expected, w in agreements, w in incidents,
                 counts.get(w, 0) if workshop.programme == "lnw" else None) for w in here),
            key=lambda r: r.worker.display_name.lower())
    return rows, tallies


def record_of(worker_id: int, day: date, block_id: int) -> Attendance | None:
    """The worker's record of this dagdeel, None before the first mark."""
    return db.session.scalar(select(Attendance).where(
        Attendance.worker_id == worker_id, Attendance.date == day, Attendance.block_id == block_id))


def one_row(workshop: Workshop, day: date, block_id: int, worker: Worker,
            record: Attendance | None) -> tuple[Row, Tally]:
    """A tap's answer in one query, with the worker and their record in hand: what `board` says of this worker's
    row (a bare one when they are neither expected nor marked: a refused tap, an unscheduled mark taken back) and
    the block's tally of everyone."""
    that_day = (Attendance.block_id == block_id, Attendance.date == day, marked())
    marks = select(func.count()).select_from(Attendance).where(*that_day)
    scheduled = (ScheduleSlot.block_id == block_id, ScheduleSlot.weekday == day.weekday(), Worker.active.is_(True))
    days = week_of(day)
    lnw = workshop.programme == "lnw"
    facts = db.session.execute(select(
        marks.where(Attendance.status.in_(ATTENDED)).scalar_subquery(),
        marks.where(Attendance.status.not_in(ATTENDED)).scalar_subquery(),
        select(func.count(ScheduleSlot.worker_id.distinct())).join(Worker).where(  # expected, not yet marked
            *scheduled, ScheduleSlot.worker_id.not_in(select(Attendance.worker_id).where(*that_day))).scalar_subquery(),
        select(ScheduleSlot.worker_id).join(Worker).where(*scheduled, ScheduleSlot.worker_id == worker.id).exists(),
        exists().where(Agreement.worker_id == worker.id, Agreement.ended_at.is_(None)),
        exists().where(Incident.worker_id == worker.id, Incident.occurred_at >= clock.now() - timedelta(days=7)),
        select(func.count()).select_from(Attendance).where(
            Attendance.worker_id == worker.id, Attendance.date >= days[0], Attendance.date <= days[-1], attended_filter())
        .scalar_subquery() if lnw else null(),
        shares_name(worker))).one()
    present, other, unmarked, expected, agreement, incident, week_count, shared = facts
    only_names(worker, shared)
    mark = record if record is not None and record.status != OPEN else None
    row = Row(worker, mark, bool(expected), bool(agreement), bool(incident), (week_count or 0) if lnw else None)
    return row if expected or mark else Row(worker, None, expected=False), Tally(present, other, unmarked)


def no_shows(workshop: Workshop, day: date, moment: datetime) -> list[tuple]:
    """(row, block) for who is `afwezig zonder bericht`, or expected and unmarked 30 minutes into their block."""
    result, (rows, _) = [], board(workshop, day)
    for block in workshop.blocks:
        started = datetime.combine(day, block.starts_at, clock.LOCAL) + NO_SHOW_AFTER <= moment
        for row in rows[block.id]:
            status = row.record.status if row.record else None
            if status == "afwezig_zonder_bericht" or (status is None and row.expected and started):
                result.append((row, block))
    return result


def contacts_today(worker_ids, day: date) -> dict[int, list[ContactLog]]:
    start = datetime.combine(day, datetime.min.time(), clock.LOCAL)
    found: dict[int, list[ContactLog]] = {}
    for entry in db.session.scalars(select(ContactLog).options(joinedload(ContactLog.by)).where(
            ContactLog.worker_id.in_(worker_ids), ContactLog.at >= start, ContactLog.at < start + timedelta(days=1))
            .order_by(ContactLog.at)):
        found.setdefault(entry.worker_id, []).append(entry)
    return found


def week_grid(block_ids: list[int], day: date, worker_ids: set[int] | None = None) -> Grid:
    """Statuses per (worker, day, block) for the ISO week of `day`, and attended dagdelen per worker."""
    days = week_of(day)
    query = (select(Attendance).options(joinedload(Attendance.updated_by))  # each cell says who set it
             .where(Attendance.block_id.in_(block_ids), Attendance.date >= days[0], Attendance.date <= days[-1], marked()))
    if worker_ids is not None:
        query = query.where(Attendance.worker_id.in_(worker_ids))
    records = db.session.scalars(query).all()
    ids = {r.worker_id for r in records}
    if worker_ids is None:
        ids |= set(db.session.scalars(select(ScheduleSlot.worker_id).join(Worker).where(
            ScheduleSlot.block_id.in_(block_ids), Worker.active.is_(True))))
    else:
        ids |= worker_ids
    workers = db.session.scalars(select(Worker).options(WITH_ENROLMENT).where(Worker.id.in_(ids))).all()
    grid = Grid(days, sorted(workers, key=lambda w: w.display_name.lower()))
    for r in records:
        grid.cells[(r.worker_id, r.date, r.block_id)] = r
    for r in records:
        grid.counts[r.worker_id] = grid.counts.get(r.worker_id, 0) + counts_as_attended(r.status, r.early_leave_counts)
    return grid
