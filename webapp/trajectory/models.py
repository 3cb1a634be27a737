"""The trajectory catalogue (methods, modules, phases) and each worker's enrolments."""
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class Method(db.Model):
    """A method such as the Relim methodiek, loaded from methods/<code>.toml."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    modules: Mapped[list["Module"]] = relationship(back_populates="method", order_by="Module.position")


class Module(db.Model):
    """A module of a method, e.g. Arbeidsgewenning or Via Via."""

    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    track: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    optional: Mapped[bool] = mapped_column(default=False)
    duration_months: Mapped[int | None]
    extension_months: Mapped[int | None]
    review_months: Mapped[int | None]
    duration_note: Mapped[str] = mapped_column(String(200), default="")

    method: Mapped[Method] = relationship(back_populates="modules")
    phases: Mapped[list["Phase"]] = relationship(back_populates="module", order_by="Phase.number")


class Phase(db.Model):
    """A numbered phase of a module (Via Via 1–4); modules without phases have none."""

    __table_args__ = (UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    duration_months: Mapped[int | None]

    module: Mapped[Module] = relationship(back_populates="phases")


class Enrolment(db.Model):
    """A worker's stay in a module/phase; the one without end date is the current one."""

    __table_args__ = (
        Index(
            "uq_enrolment_current",
            "worker_id",
            unique=True,
            sqlite_where=text("end_date IS NULL"),
            postgresql_where=text("end_date IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    module: Mapped[Module] = relationship()
    phase: Mapped[Phase | None] = relationship()

    @property
    def label(self) -> str:
        if self.phase and len(self.module.phases) > 1:
            return _("%(module)s · fase %(n)s %(phase)s", module=self.module.name, n=self.phase.number, phase=self.phase.name)
        return self.module.name
