"""The eight life domains (leefgebieden) per worker: situation, status and goals, action points, and the overleg's
"besproken" marks. Everything is append-only: a change adds a version row and the newest is current, so the
history (who, when, old → new) is the rows themselves."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..crypto import Encrypted
from ..types import UTCDateTime


class LifeDomain(db.Model):
    """A life domain of a method (Dagbesteding … Zingeving), loaded from the method file's [[domains]]."""

    __tablename__ = "life_domain"
    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    short: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(default=0)
    # Whether werkbegeleiders see the domain; trajectbegeleiders always do, assistants never.
    supervisors: Mapped[bool] = mapped_column(default=False)
    # The ZRM domain this life domain is one to one with (the method file's `zrm`): its status pre-fills that ZRM level.
    zrm: Mapped[str | None] = mapped_column(String(40))


class DomainVersion(db.Model):
    """One version of a worker's situation, status and goals in one domain; the newest is current."""

    __tablename__ = "domain_version"
    __table_args__ = (Index("ix_domain_version_worker_domain", "worker_id", "domain_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    domain_id: Mapped[int] = mapped_column(ForeignKey("life_domain.id"))
    situation: Mapped[str] = mapped_column(Encrypted, default="")  # encrypted at rest
    status: Mapped[str] = mapped_column(String(20))  # stabiel | aandacht | knelpunt (domains.STATUSES)
    goals: Mapped[str] = mapped_column(Encrypted, default="")  # encrypted at rest
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The form's one-time id: the same form sent twice is one version.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    domain: Mapped[LifeDomain] = relationship()
    by = relationship("Staff")


class ActionPoint(db.Model):
    """An action point in a worker's domain; what it says, who owns it and when it is done are its versions."""

    __tablename__ = "action_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("life_domain.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    domain: Mapped[LifeDomain] = relationship()
    versions: Mapped[list["ActionVersion"]] = relationship(back_populates="action", order_by="ActionVersion.id")


class ActionVersion(db.Model):
    """One version of an action point: text, owner (a staff member, the worker, or an outside party by name),
    due date and done date. The newest is current; an open one owned by staff is on that staff's work list."""

    __tablename__ = "action_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_point.id"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    owner_kind: Mapped[str] = mapped_column(String(20))  # staff | medewerker | extern (domains.OWNER_KINDS)
    owner_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    owner_name: Mapped[str] = mapped_column(String(120), default="")  # extern: "schuldhulpverlening"
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    action: Mapped[ActionPoint] = relationship(back_populates="versions")
    owner_staff = relationship("Staff", foreign_keys=[owner_staff_id])
    by = relationship("Staff", foreign_keys=[by_id])


class OverlegMark(db.Model):
    """"Besproken" in the team overleg: a worker was discussed, with a short note (append-only)."""

    __tablename__ = "overleg_mark"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    by = relationship("Staff")
