"""The organisation: sites (vestigingen), workshops with their dagdeel blocks, shelters and buses."""
from datetime import time

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

# Payout programmes a workshop can belong to (SPEC §5); None for the others.
PROGRAMMES = {"lnw": _l("Loon naar Werken"), "viavia": _l("Via Via")}


def programme_label(code: str | None) -> str:
    """A payout programme in words ('Loon naar Werken', not 'lnw'); '' for none."""
    return str(PROGRAMMES.get(code or "", code or ""))


class Site(db.Model):
    """A vestiging: a town branch."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(default=True)


class Workshop(db.Model):
    """A (leer)werkplaats: a work unit with its own dagdeel blocks."""

    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str] = mapped_column(String(80))
    programme: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship()
    blocks: Mapped[list["DagdeelBlock"]] = relationship(
        back_populates="workshop", order_by="DagdeelBlock.starts_at", cascade="all, delete-orphan"
    )

    @property
    def programme_label(self) -> str:
        return programme_label(self.programme)


class DagdeelBlock(db.Model):
    """One dagdeel of a workshop, e.g. 'ochtend 08:00–12:00': the unit of attendance and pay."""

    __tablename__ = "dagdeel_block"
    __table_args__ = (UniqueConstraint("workshop_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"))
    name: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    workshop: Mapped[Workshop] = relationship(back_populates="blocks")

    @property
    def label(self) -> str:
        return f"{self.name} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Shelter(db.Model):
    """A dag- en nachtopvang on the morning pickup route."""

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str] = mapped_column(String(80), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    route_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site | None] = relationship()


class Bus(db.Model):
    """A minibus for the ophaalronde."""

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str] = mapped_column(String(80), unique=True)
    seats: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site | None] = relationship()
