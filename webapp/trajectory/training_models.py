"""Training series (Kansen op werk's "Weer aan het werk…!"): the method's template, a planned series with its
sessions and participants, one attendance record per person per session (its changes kept), and personal learning
goals whose every version is kept (the newest counts)."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class TrainingTemplate(db.Model):
    """A method file's [[training]]: a series of N sessions, optionally for the workers enrolled in a module."""

    __tablename__ = "training_template"
    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    sessions: Mapped[int]
    module_code: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")


class TrainingSeries(db.Model):
    """A planned run of a template: its trainer (a staff member or a name) and its sessions."""

    __tablename__ = "training_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("training_template.id"))
    name: Mapped[str] = mapped_column(String(120))
    trainer_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    trainer_name: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    template: Mapped[TrainingTemplate] = relationship()
    trainer_staff = relationship("Staff", foreign_keys=[trainer_staff_id])
    sessions: Mapped[list["TrainingSession"]] = relationship(back_populates="series", order_by="TrainingSession.number")
    participants: Mapped[list["TrainingParticipant"]] = relationship(order_by="TrainingParticipant.id")

    @property
    def trainer(self) -> str:
        return self.trainer_staff.name if self.trainer_staff else self.trainer_name


class TrainingSession(db.Model):
    """Session `number` (1…N) of a series, on its date."""

    __tablename__ = "training_session"
    __table_args__ = (UniqueConstraint("series_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("training_series.id"), index=True)
    number: Mapped[int]
    date: Mapped[date] = mapped_column(Date)

    series: Mapped[TrainingSeries] = relationship(back_populates="sessions")


class TrainingParticipant(db.Model):
    """A worker taking part in a series."""

    __tablename__ = "training_participant"
    __table_args__ = (UniqueConstraint("series_id", "worker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("training_series.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    joined_on: Mapped[date | None] = mapped_column(Date)  # a late joiner's first day; None: from the first session

    worker = relationship("Worker")

    def takes(self, session: "TrainingSession") -> bool:
        """Is this session theirs (not one held before they joined)?"""
        return self.joined_on is None or session.date >= self.joined_on


class SessionAttendance(db.Model):
    """One person's status at one session (aanwezig | afwezig | afgemeld); the last tap counts."""

    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "worker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    updated_by = relationship("Staff")


class SessionAttendanceChange(db.Model):
    """A tap on a session board: old → new, who, and the device's UUID for the write."""

    __tablename__ = "session_attendance_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("session_attendance.id"), index=True)
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36))


class LearningGoal(db.Model):
    """A version of a worker's personal learning goals in a series; the newest is current, the rest is history."""

    __tablename__ = "learning_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("training_series.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    by = relationship("Staff")
