"""The trajectory catalogue (methods, modules, phases) and each worker's enrolments."""
import json
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..crypto import Encrypted
from ..types import UTCDateTime


class Method(db.Model):
    """A method such as the Relim methodiek, loaded from methods/<code>.toml."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    placements: Mapped[bool] = mapped_column(default=False, server_default="0")  # uses werkervaringsplaatsen

    modules: Mapped[list["Module"]] = relationship(back_populates="method", order_by="Module.position")


class MethodVersion(db.Model):
    """One loaded content of a method file (and its checklists): an edited file is a new version; enrolments keep
    the version they started under, so their dates do not move when the file's durations change."""

    __tablename__ = "method_version"
    __table_args__ = (UniqueConstraint("method_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    content: Mapped[str] = mapped_column(Text)  # the parsed file as JSON (method_file.as_json)

    def spec(self, module_code: str, phase_number: int | None) -> tuple[dict, dict]:
        """The module's and the phase's tables in this version ({} when absent)."""
        return module_spec(self.content, module_code, phase_number)


def module_spec(content: str, module_code: str, phase_number: int | None) -> tuple[dict, dict]:
    """The module's and the phase's tables in a version's JSON content ({} when absent)."""
    data = json.loads(content) if content else {}
    module = next((m for m in data.get("modules", []) if m.get("code") == module_code), {})
    phase = next((p for p in module.get("phases", []) if p.get("number") == phase_number), {})
    return module, phase


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
    max_months: Mapped[int | None]  # the maximum stay; the work list shows max_duur as it nears

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
    max_months: Mapped[int | None]  # the maximum stay in this phase

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
    # Months granted by `verlengen` outcomes: the phase (or module) ends this much later.
    extension_months: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when the enrolment ends with an exit (or is ended by a review): an OutflowReason code, and its note.
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_note: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # A proefweek (Via Via on trial): its last day, and how it ended (bevestigd | terug), None while it runs.
    trial_until: Mapped[date | None] = mapped_column(Date)
    trial_result: Mapped[str | None] = mapped_column(String(20))
    # Why the proefweek started although a criterion was not met (empty when all were met).
    trial_override: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The method version this stay started under (catalogue.stamp_version): its durations count, not the newest's.
    method_version_id: Mapped[int | None] = mapped_column(ForeignKey("method_version.id"))

    module: Mapped[Module] = relationship()
    phase: Mapped[Phase | None] = relationship()
    method_version: Mapped[MethodVersion | None] = relationship()

    def _spec(self) -> tuple[dict, dict] | None:
        if self.method_version is None:
            return None
        return self.method_version.spec(self.module.code, self.phase.number if self.phase else None)

    @property
    def duration_months(self) -> int | None:
        """How long this stay is planned: the phase's duration, else the module's (as in the version it started
        under); None when open-ended."""
        spec = self._spec()
        if spec is not None:
            module, phase = spec
            return phase.get("duration_months", module.get("duration_months"))
        if self.phase and self.phase.duration_months is not None:
            return self.phase.duration_months
        return self.module.duration_months

    @property
    def max_months(self) -> int | None:
        """The maximum stay: the phase's, else the module's (in this stay's version); None when there is none."""
        spec = self._spec()
        if spec is not None:
            module, phase = spec
            return phase.get("max_months", module.get("max_months"))
        if self.phase and self.phase.max_months is not None:
            return self.phase.max_months
        return self.module.max_months

    @property
    def label(self) -> str:
        if self.phase and len(self.module.phases) > 1:
            return _("%(module)s · fase %(n)s %(phase)s", module=self.module.name, n=self.phase.number, phase=self.phase.name)
        return self.module.name


class OutflowReason(db.Model):
    """A reason a trajectory ends (uitstroom), with its class; data from the method file, never deleted."""

    __tablename__ = "outflow_reason"
    __table_args__ = (UniqueConstraint("method_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    method_id: Mapped[int] = mapped_column(ForeignKey("method.id"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    klass: Mapped[str] = mapped_column(String(20))  # positief | negatief | overig (trajectory.outflow.CLASSES)
    position: Mapped[int] = mapped_column(default=0)
    # The Participatieladder rung an exit for this reason shows (5 paid work with support, 6 without), or None.
    ladder: Mapped[int | None]


class Intake(db.Model):
    """The intake conversation on a first-timer's first working day; the sensitive fields are for counsellors only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    motivation: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(Text, default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    # Sensitive: visible to counsellors only (trajectory.access.SENSITIVE), encrypted at rest (webapp/crypto.py).
    diagnosis: Mapped[str] = mapped_column(Encrypted, default="")
    addiction: Mapped[str] = mapped_column(Encrypted, default="")
    admissions: Mapped[str] = mapped_column(Encrypted, default="")
    # The form's one-time id: a second send of the same form is the same intake.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    by = relationship("Staff")


class PlanVersion(db.Model):
    """The trajectory plan (aandachtspunten and doelen) as set by an intake or a review; the newest is current."""

    __tablename__ = "plan_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    attention_points: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    set_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # intake | review
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    by = relationship("Staff")


class Review(db.Model):
    """An evaluatiegesprek and the one outcome that moves the trajectory."""

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    with_worker: Mapped[bool] = mapped_column(default=True)
    with_supervisor: Mapped[bool] = mapped_column(default=False)
    with_counsellor: Mapped[bool] = mapped_column(default=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    # verlengen | volgende_fase | andere_module | proefweek | uitstroom (trajectory.rules.OUTCOMES)
    outcome: Mapped[str] = mapped_column(String(20))
    months: Mapped[int | None]  # verlengen: the months asked for
    # verlengen: where the phase (else module) ends after it, as decided that day (a late review adds more than
    # `months`: schedule.extension_for); None for an open-ended one and for reviews kept before this column
    extended_to: Mapped[date | None] = mapped_column(Date)
    outflow_code: Mapped[str | None] = mapped_column(String(40))  # uitstroom: an OutflowReason code
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    enrolment: Mapped[Enrolment] = relationship()
    by = relationship("Staff")


class TransitionCheck(db.Model):
    """A recorded Loon naar Werken → Via Via criterion (housing, sober, ready); append-only, the newest counts."""

    __tablename__ = "transition_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(20))
    met: Mapped[bool]
    recorded_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The form's one-time id: a second send of the same form is the same check.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    by = relationship("Staff")


class TrialDay(db.Model):
    """The supervisor's tick for one day of a proefweek: sober, agreements kept (the last tap of the day counts)."""

    __tablename__ = "trial_day"
    __table_args__ = (UniqueConstraint("enrolment_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    sober: Mapped[bool] = mapped_column(default=True)
    agreements_kept: Mapped[bool] = mapped_column(default=True)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class FollowUp(db.Model):
    """Nazorg after a positive exit: a contact due 3 and 6 months after it."""

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("enrolment_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"))  # the enrolment whose end was the exit
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(Text, default="")
