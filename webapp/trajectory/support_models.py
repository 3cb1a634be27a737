"""Who supports a worker outside the workshops: a werkmaatje (buddy) and a werkervaringsplaats (an external
placement), each with start and end so the history stays; and meetings with outside parties (afstemmingsoverleg,
zorgconferentie) of the types a method file names."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class RelationRole(db.Model):
    """A method file's [[roles]]: a relationship a worker can have, e.g. werkmaatje."""

    __tablename__ = "relation_role"
    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class MeetingType(db.Model):
    """A method file's [[meetings]]: a kind of meeting with outside parties, counted in reports when `report`."""

    __tablename__ = "meeting_type"
    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    report: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


class Buddy(db.Model):
    """A worker's werkmaatje: another worker (by id) or a volunteer (by name); open while `end_date` is empty."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("relation_role.id"))
    buddy_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    name: Mapped[str] = mapped_column(String(120), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    role: Mapped[RelationRole | None] = relationship()
    buddy_worker = relationship("Worker", foreign_keys=[buddy_worker_id])

    @property
    def who(self) -> str:
        return self.buddy_worker.display_name if self.buddy_worker else self.name


class Placement(db.Model):
    """A werkervaringsplaats: an organisation outside the workshops, its werkbegeleider, hours, start and end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(120), default="")  # contact person (name, phone)
    supervisor: Mapped[str] = mapped_column(String(120), default="")  # the werkbegeleider there
    hours_per_week: Mapped[int | None]
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)


class Meeting(db.Model):
    """A meeting about a worker with outside parties: its type, who was there, and the agreements made."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("meeting_type.id"))
    held_on: Mapped[date] = mapped_column(Date)
    parties: Mapped[str] = mapped_column(Text, default="")  # one party per line
    agreements: Mapped[str] = mapped_column(Text, default="")  # one per line; each becomes an afspraak on the card
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    type: Mapped[MeetingType] = relationship()
    by = relationship("Staff")
