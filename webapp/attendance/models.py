"""Attendance per dagdeel, with every change kept as history."""
from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class Attendance(db.Model):
    """One worker's status for one dagdeel block on one date."""

    __table_args__ = (
        UniqueConstraint("worker_id", "date", "block_id"),
        Index("ix_attendance_block_date", "block_id", "date"),
        Index("ix_attendance_date_worker", "date", "worker_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    date: Mapped[date] = mapped_column(Date)
    block_id: Mapped[int] = mapped_column(ForeignKey("dagdeel_block.id"))
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(300), default="")
    # When they came in (te laat) or left (vroeg weg).
    at_time: Mapped[time | None] = mapped_column(Time)
    # `vroeg_weg` counts as attended only when a supervisor says so (logged in the history).
    early_leave_counts: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    worker = relationship("Worker")
    block = relationship("DagdeelBlock")
    updated_by = relationship("Staff")


class AttendanceChange(db.Model):
    """One change of an attendance record: who, when (device and server), from where, old → new.

    `client_id` is the UUID the device generated for the write, so a replayed write is applied once.
    """

    __tablename__ = "attendance_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendance.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    old_status: Mapped[str | None] = mapped_column(String(30))
    new_status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(300), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    device: Mapped[str] = mapped_column(String(200), default="")
    # False when a write from an earlier device time arrived after a later one (last writer wins, history kept).
    applied: Mapped[bool] = mapped_column(default=True)

    changed_by = relationship("Staff")


class ContactLog(db.Model):
    """"Kort op de man": a call or visit to a worker who did not show up, visible on their card."""

    __tablename__ = "contact_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    text: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    by = relationship("Staff")
