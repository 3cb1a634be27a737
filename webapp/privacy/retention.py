"""Retention that runs (issue 18 item 5): what is kept how long, and `flask privacy purge` doing it.

The periods (years; set in config, defaults with their reason):
- RETENTION_WORKER_YEARS = 2 after a former worker's last day (the later of their last enrolment's end and their
  last attendance): the method's nazorg ends 6 months after an exit, and a worker who returns within two years
  finds their trajectory again; no law asks an activation programme to keep more. Then the worker is
  **anonymised**: names, phone and photo go, every free-text field about them is emptied (FREE_TEXT); what the
  figures need stays under the pseudonym of their number (dates, statuses, modules, outflow codes, amounts).
- RETENTION_ACCESS_LOG_YEARS = 5: NEN 7513 asks for at least five years of the access log; older lines are deleted
  through the one permitted path past the append-only trigger (privacy.models.RetentionPermit).
- The ledger's amounts are kept 7 years for the tax authority (fiscale bewaarplicht, AWR art. 52) and never
  changed: after the worker's anonymisation they only name the pseudonym. A reversal's free-text reason stays
  (the ledger cannot be edited); keep names out of it.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import delete, func, select, update

from .. import clock
from ..attendance.models import Attendance
from ..attendance.queries import marked
from ..audit.models import AccessLog
from ..extensions import db
from ..trajectory.models import Enrolment
from ..trajectory.schedule import add_months
from ..workers.models import Worker, WorkerPhoto
from .models import RetentionPermit

# Every free-text column about a worker, emptied at anonymisation (table → columns). Every other String/Text
# column of a table about a worker is a code, a status or an id that the figures need: KEPT. A test fails for a
# new column in neither, so whoever adds one decides.
FREE_TEXT = {
    "worker": ("roepnaam", "phone"),
    "agreement": ("text",), "incident": ("text",), "contact_log": ("text",),
    "attendance": ("note",), "attendance_change": ("note", "device"),
    "intake": ("motivation", "wishes", "education", "work_history", "diagnosis", "addiction", "admissions"),
    "plan_version": ("attention_points", "goals"), "review": ("summary", "note"), "follow_up": ("note",),
    "enrolment": ("outcome_note", "trial_override"), "transition_check": ("note",),
    "signup": ("conditions_waived", "selection_reason"),
    "domain_version": ("situation", "goals"), "action_version": ("text", "owner_name"),
    "checklist_goal": ("text", "owner", "owner_name"), "overleg_mark": ("note",),
    "buddy": ("name",), "meeting": ("parties", "agreements"), "learning_goal": ("text",),
    "placement": ("organisation", "address", "contact", "supervisor"),
}
KEPT = {
    "worker": ("external_id", "first_name", "last_name"),  # the names are replaced by the pseudonym, not emptied
    "attendance": ("status",), "attendance_change": ("client_id", "old_status", "new_status"),
    "contact_log": ("client_id",), "intake": ("client_id",), "plan_version": ("source",),
    "review": ("outcome", "outflow_code", "client_id"), "enrolment": ("outcome", "trial_result"),
    "transition_check": ("criterion", "client_id"), "signup": ("client_id",),
    "domain_version": ("status", "client_id"), "action_point": ("client_id",),
    "action_version": ("owner_kind", "client_id"), "checklist_session": ("client_id",),
    "checklist_score": ("rater", "item"), "checklist_goal": ("item", "owner_kind", "client_id"),
    "overleg_mark": ("client_id",),
    "buddy": ("client_id",), "meeting": ("client_id",), "learning_goal": ("client_id",), "placement": ("client_id",),
    "session_attendance": ("status",), "session_attendance_change": ("old_status", "new_status", "client_id"),
    "zrm_assessment": ("occasion", "client_id"), "zrm_score": ("domain", "source"), "ladder_entry": ("client_id",),
    # Append-only by the database itself: never changed; they name the pseudonym once the worker is anonymised.
    "ledger_line": ("kind", "programme", "unit", "voucher_type", "client_id", "reason"),
    "access_log": ("action", "detail", "ip", "device", "on_behalf"),
}


@dataclass
class Purge:
    """What a purge did (or, dry, would do)."""

    workers: list[str] = field(default_factory=list)  # the numbers of the workers anonymised
    fields: int = 0  # free-text values emptied
    photos: int = 0
    access_lines: int = 0  # access-log lines deleted

    def lines(self) -> list[str]:
        return [f"{len(self.workers)} oud-medewerkers geanonimiseerd" + (f" ({', '.join(self.workers)})" if self.workers else ""),
                f"{self.fields} vrije-tekstvelden leeggemaakt, {self.photos} foto's verwijderd",
                f"{self.access_lines} regels uit het logboek verwijderd (ouder dan de bewaartermijn)"]


def due_workers(today: date, years: int) -> list[Worker]:
    """Former workers (inactive, no open enrolment, not yet anonymised) whose last day is more than `years` ago."""
    cutoff = add_months(today, -12 * years)
    last_end = select(func.max(Enrolment.end_date)).where(Enrolment.worker_id == Worker.id).correlate(Worker).scalar_subquery()
    last_day = (select(func.max(Attendance.date)).where(Attendance.worker_id == Worker.id, marked())
                .correlate(Worker).scalar_subquery())
    open_enrolment = select(Enrolment.id).where(Enrolment.worker_id == Worker.id, Enrolment.end_date.is_(None)).exists()
    candidates = db.session.execute(
        select(Worker, last_end, last_day).where(Worker.active.is_(False), Worker.purged_at.is_(None), ~open_enrolment)
        .order_by(Worker.id)).all()
    out = []
    for worker, ended, attended in candidates:
        last = max([d for d in (ended, attended, clock.local(worker.created_at).date()) if d is not None])
        if last < cutoff:
            out.append(worker)
    return out


def purge(today: date, worker_years: int, log_years: int, dry_run: bool = False) -> Purge:
    """Anonymise the former workers past their period and delete access-log lines past theirs; all in one
    transaction, logged; with `dry_run` nothing changes."""
    from ..audit.operations import record
    from .queries import own_data

    done = Purge()
    for worker in due_workers(today, worker_years):
        done.workers.append(worker.external_id)
        rows = own_data(worker)
        for table, columns in FREE_TEXT.items():
            for row in rows.get(table, []):
                emptied = {c: "" for c in columns if getattr(row, c, None)}
                done.fields += len(emptied)
                if emptied and not dry_run:
                    db.session.execute(update(type(row).__table__).where(type(row).__table__.c.id == row.id)
                                       .values(**emptied))
        if worker.photo is not None:
            done.photos += 1
        if not dry_run:
            db.session.execute(delete(WorkerPhoto).where(WorkerPhoto.worker_id == worker.id))
            db.session.execute(update(Worker.__table__).where(Worker.__table__.c.id == worker.id).values(
                first_name="Oud-medewerker", last_name=worker.external_id, roepnaam="", phone="", photo_at=None,
                purged_at=clock.now()))
    before = datetime.combine(add_months(today, -12 * log_years), time(), clock.LOCAL)
    done.access_lines = db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.at < before))
    if dry_run:
        db.session.rollback()
        return done
    if done.access_lines:
        db.session.add(RetentionPermit(table_name="access_log"))
        db.session.flush()
        db.session.execute(delete(AccessLog).where(AccessLog.at < before))
        db.session.execute(delete(RetentionPermit).where(RetentionPermit.table_name == "access_log"))
    record("privacy_purge", detail="; ".join(done.lines()))
    db.session.commit()
    db.session.expire_all()
    return done

