"""Recording attendance: one record per (worker, date, block), every change kept, replays applied once."""
import uuid
from datetime import date, datetime, time

from flask import has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import clock, parse
from ..parse import DeviceTime
from ..audit.operations import record as audit
from ..errors import Refused
from ..extensions import db, insert_missing
from .models import Attendance, AttendanceChange, ContactLog
from .rules import OPEN, SETTABLE, may_change

CONTACT_MAX = 500  # characters of a contact line ("gebeld, komt morgen")


def set_status(worker_id: int, day: date, block_id: int, status: str, *, note: str = "", at_time: time | None = None,
               early_leave_counts: bool = False, client_id: str | None = None,
               device_at: datetime | None = None, tap: DeviceTime | None = None) -> Attendance:
    """Set one worker's status for one dagdeel. The same client id twice is one change; a write with an
    earlier (clamped) device time than the record's is kept in the history but does not win. A person's `tap`
    on the work floor is judged by its time: an assistant changes only the dagdelen of that day; `device_at`
    without a tap is a fact from elsewhere (the bus round's arrival, an import). `OPEN` takes a mark back (the
    undo, or the menu's 'nog niet afgetekend'): a new change in the history, never a deleted row; a note then goes
    to the history only. Caller commits."""
    if status not in SETTABLE:
        raise Refused(_("Onbekende status '%(status)s'.", status=status))
    client_id = client_id or str(uuid.uuid4())
    staff = current_user if has_request_context() and current_user.is_authenticated else None
    if tap is not None:
        if not may_change(staff.role if staff else None, day, clock.local(tap.at).date()):
            raise Refused(_("Alleen vandaag. Een andere dag wijzigt een werkbegeleider."))
        device_at = tap.at
    from ..payouts.locks import paid_line  # payouts build on attendance; the lock looks back

    record, replayed = _locked_record(worker_id, day, block_id, client_id)
    if replayed is not None:  # this write was applied before: once
        return db.session.get(Attendance, replayed)
    if paid_line(worker_id, day, block_id) is not None:  # after the lock: a payout a moment ago is seen
        raise Refused(_("Dit dagdeel is al uitbetaald en kan niet meer worden gewijzigd. "
                        "Corrigeer het via een terugboeking onder Uitbetaling."))
    old = record.status or None
    applied = not (device_at and record.device_at and device_at < _written_at(record))
    if applied:
        record.status, record.note, record.at_time = status, "" if status == OPEN else note, at_time
        record.early_leave_counts = status == "vroeg_weg" and early_leave_counts
        record.updated_at, record.updated_by_id, record.device_at = clock.now(), staff.id if staff else None, device_at
    db.session.flush()
    device = (request.user_agent.string or "")[:200] if has_request_context() else "cli"
    history_note = " · ".join(p for p in (note, "telt mee (werkbegeleider)" if record.early_leave_counts and applied else "",
                                          tap.note if tap else "") if p)
    db.session.add(AttendanceChange(attendance_id=record.id, client_id=client_id, old_status=old, new_status=status,
                                    note=history_note[:300], changed_by_id=staff.id if staff else None,
                                    device_at=device_at, device=device, applied=applied))
    return record


def _locked_record(worker_id: int, day: date, block_id: int, client_id: str) -> tuple[Attendance, int | None]:
    """The dagdeel's record, made if new, and locked until the caller commits — with the record a write with this
    client id already changed (a replay), in the same query. Two phones on two servers tapping the same person at the
    same moment then write one after the other, the second judging its device time against the first's (a row lock on
    PostgreSQL; SQLite has one writer at a time); a second first tap updates the first's record instead of failing on
    the unique (worker, date, block)."""
    replayed = select(AttendanceChange.attendance_id).where(AttendanceChange.client_id == client_id).scalar_subquery()
    locked = (select(Attendance, replayed).where(Attendance.worker_id == worker_id, Attendance.date == day,
                                                 Attendance.block_id == block_id)
              .with_for_update(of=Attendance).execution_options(populate_existing=True))
    found = db.session.execute(locked).one_or_none()
    if found is None:  # no record, so no replay of a write to it either
        insert_missing(Attendance, worker_id=worker_id, date=day, block_id=block_id, status="")
        found = db.session.execute(locked).one()
    return found[0], found[1]


def _written_at(record: Attendance) -> datetime:
    """The moment the record's last write happened: its device time, never later than the server received it
    (a clock of 2099 stored before device times were clamped must not freeze the record)."""
    return min(record.device_at, record.updated_at) if record.updated_at else record.device_at


def log_contact(worker, text: str, client_id: str | None = None) -> ContactLog:
    """Record that someone contacted a no-show ("gebeld, komt morgen"); shown on the worker card."""
    if client_id and (done := db.session.scalar(select(ContactLog).where(ContactLog.client_id == client_id))):
        return done
    entry = ContactLog(worker_id=worker.id, text=parse.text(text, limit=CONTACT_MAX), by_id=current_user.id, client_id=client_id)
    db.session.add(entry)
    audit("contact", worker, text[:200])
    db.session.commit()
    return entry
