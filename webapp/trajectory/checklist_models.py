"""Checklists: instruments (versioned), sessions scored blind by worker and supervisor, and what they agreed."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime
from .checklist_rules import Item, items_from_json


class Instrument(db.Model):
    """A checklist of a module (or of a Via Via phase), from a CSV beside the method file."""

    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80))  # the file name without .csv: gewenning, viavia-2
    name: Mapped[str] = mapped_column(String(200))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"))
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id"))

    versions: Mapped[list["InstrumentVersion"]] = relationship(order_by="InstrumentVersion.number")

    @property
    def current(self) -> "InstrumentVersion":
        return self.versions[-1]


class InstrumentVersion(db.Model):
    """The items and level texts as one load found them; an edited file is a new version, old ones stay."""

    __tablename__ = "instrument_version"
    __table_args__ = (UniqueConstraint("instrument_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    items_json: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    instrument: Mapped[Instrument] = relationship(back_populates="versions")

    @property
    def items(self) -> list[Item]:
        return items_from_json(self.items_json)


class ChecklistSession(db.Model):
    """One scoring of a worker on one instrument version: the staff member's turn, then the worker's."""

    __tablename__ = "checklist_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("instrument_version.id"))
    held_on: Mapped[date] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"))
    supervisor_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker_on_paper: Mapped[bool] = mapped_column(default=False)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    version: Mapped[InstrumentVersion] = relationship()
    by = relationship("Staff")
    scores: Mapped[list["ChecklistScore"]] = relationship(back_populates="session")
    goals: Mapped[list["ChecklistGoal"]] = relationship(order_by="ChecklistGoal.id")

    @property
    def both_done(self) -> bool:
        return self.supervisor_done_at is not None and self.worker_done_at is not None

    def scores_of(self, rater: str) -> dict[str, int]:
        return {s.item: s.score for s in self.scores if s.rater == rater}


class ChecklistScore(db.Model):
    """One rater's level for one item in a session (the last tap counts until the rater submits)."""

    __tablename__ = "checklist_score"
    __table_args__ = (UniqueConstraint("session_id", "rater", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("checklist_session.id"), index=True)
    rater: Mapped[str] = mapped_column(String(20))  # medewerker | werkbegeleider (checklist_rules.RATERS)
    item: Mapped[str] = mapped_column(String(200))
    score: Mapped[int]
    on_paper: Mapped[bool] = mapped_column(default=False)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    session: Mapped[ChecklistSession] = relationship(back_populates="scores")


class ChecklistGoal(db.Model):
    """What worker and supervisor agreed on an item ("waar werken we aan"): a goal with an owner and a date; an
    open one owned by a staff member with a date is on that staff member's work list (kind `doel`)."""

    __tablename__ = "checklist_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("checklist_session.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    item: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # the owner as an action point names it (domain_ops.parse_owner, owner_words): staff | medewerker | extern
    owner_kind: Mapped[str] = mapped_column(String(20), default="extern", server_default="extern")
    owner_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    owner_name: Mapped[str] = mapped_column(String(120), default="")  # extern: "schuldhulpverlening"
    due_on: Mapped[date | None] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    done_on: Mapped[date | None] = mapped_column(Date)  # "afgerond": off the owner's work list
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner_staff = relationship("Staff", foreign_keys=[owner_staff_id])
    done_by = relationship("Staff", foreign_keys=[done_by_id])
