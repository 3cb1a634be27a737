"""Medewerkers (workers), their weekly schedule, photo, agreements and incidents."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import Cents, UTCDateTime
from . import rules

# Short weekday names, Monday first, for the schedule and the week grids.
WEEKDAYS = [_l("ma"), _l("di"), _l("wo"), _l("do"), _l("vr"), _l("za"), _l("zo")]


class Worker(db.Model):
    """A medewerker: a participant, called so from day one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(40), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    roepnaam: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    shelter_id: Mapped[int | None] = mapped_column(ForeignKey("shelter.id"))
    uitkering: Mapped[bool] = mapped_column(default=False)
    postadres: Mapped[bool] = mapped_column(default=False)
    ingeschreven: Mapped[bool] = mapped_column(default=False)
    travel_cents: Mapped[int] = mapped_column(Cents, default=0)
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # Added on the bus round with just a name: the counsellor holds the intake on their first day.
    intake_pending: Mapped[bool] = mapped_column(default=False)
    # The trajectbegeleider: the counsellor whose work list holds this worker's due items.
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # When the photo was last set (None: no photo); also busts the browser cache.
    photo_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When `flask privacy purge` anonymised this former worker (names, contact, photo, free text gone).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    shelter = relationship("Shelter")
    counsellor = relationship("Staff", foreign_keys=[counsellor_id])
    photo: Mapped["WorkerPhoto | None"] = relationship(cascade="all, delete-orphan", lazy="select")
    enrolments = relationship(
        "Enrolment", order_by="Enrolment.start_date.desc(), Enrolment.id.desc()", viewonly=True
    )
    schedule: Mapped[list["ScheduleSlot"]] = relationship(cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        """How the floor calls them: roepnaam, else first name, plus last name (lists: `list_name`)."""
        return rules.visible_name(self.roepnaam, self.first_name, self.last_name)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def current_enrolment(self):
        return next((e for e in self.enrolments if e.end_date is None), None)

    def open_agreements(self) -> list["Agreement"]:
        return db.session.scalars(
            select(Agreement)
            .where(Agreement.worker_id == self.id, Agreement.ended_at.is_(None))
            .order_by(Agreement.created_at.desc())
        ).all()

    def recent_incidents(self, limit: int = 5) -> list["Incident"]:
        return db.session.scalars(
            select(Incident)
            .where(Incident.worker_id == self.id)
            .order_by(Incident.occurred_at.desc())
            .limit(limit)
        ).all()

    def recent_contacts(self, limit: int = 5):
        from ..attendance.models import ContactLog

        return db.session.scalars(
            select(ContactLog).where(ContactLog.worker_id == self.id).order_by(ContactLog.at.desc()).limit(limit)
        ).all()


class WorkerPhoto(db.Model):
    """A small JPEG of the worker, kept in the database so app servers stay stateless."""

    __tablename__ = "worker_photo"

    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ScheduleSlot(db.Model):
    """One dagdeel a worker is expected every week: (block, weekday 0 = Monday)."""

    __tablename__ = "schedule_slot"

    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("dagdeel_block.id"), primary_key=True)
    weekday: Mapped[int] = mapped_column(primary_key=True)

    block = relationship("DagdeelBlock")


class Agreement(db.Model):
    """An afspraak with a worker, visible to the whole team ("afspraak is afspraak")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # A standing agreement that the worker rides the bus (rotation gives them priority).
    rides_bus: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    created_by = relationship("Staff", foreign_keys=[created_by_id])


class Incident(db.Model):
    """Something on the floor the team must know about."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    created_by = relationship("Staff")
