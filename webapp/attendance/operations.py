"""Recording attendance: one record per (worker, date, block), every change kept, replays applied once."""
import uuid
from datetime import date, datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..extensions import db
from .models import Attendance, AttendanceChange
from .rules import STATUSES


def set_status(worker_id: int, day: date, block_id: int, status: str, *, note: str = "",
               client_id: str | None = None, device_at: datetime | None = None) -> Attendance:
    """Set one worker's status for one dagdeel; the same client id twice is one change. Caller commits."""
    if status not in STATUSES:
        raise ValueError(f"onbekende status {status!r}")
    client_id = client_id or str(uuid.uuid4())
    replay = db.session.scalar(select(AttendanceChange).where(AttendanceChange.client_id == client_id))
    if replay is not None:
        return db.session.get(Attendance, replay.attendance_id)
    record = db.session.scalar(select(Attendance).where(
        Attendance.worker_id == worker_id, Attendance.date == day, Attendance.block_id == block_id))
    old = record.status if record else None
    staff_id = current_user.id if has_request_context() and current_user.is_authenticated else None
    if record is None:
        record = Attendance(worker_id=worker_id, date=day, block_id=block_id)
        db.session.add(record)
    record.status, record.note = status, note
    record.updated_at, record.updated_by_id, record.device_at = clock.now(), staff_id, device_at
    db.session.flush()
    device = (request.user_agent.string or "")[:200] if has_request_context() else "cli"
    db.session.add(AttendanceChange(attendance_id=record.id, client_id=client_id, old_status=old, new_status=status,
                                    note=note, changed_by_id=staff_id, device_at=device_at, device=device))
    return record
