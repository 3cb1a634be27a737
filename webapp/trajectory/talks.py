"""What the trajectory page shows of the conversations: the plan, the intake, the reviews held and the outflow
with its nazorg. Reads only; the changes are in operations.py."""
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l, gettext as _
from sqlalchemy import select

from ..auth import roles
from ..extensions import db
from ..formatting import day_year
from . import catalogue
from .models import Enrolment, FollowUp, Intake, OutflowReason, PlanVersion, Review
from .operations import INTAKE_FIELDS, current_plan
from .schedule import add_months, extension_for

# The intake fields only a counsellor (trajectbegeleider) may read (SPEC §7: never for the floor).
SENSITIVE = ("diagnosis", "addiction", "admissions")
OPEN_FIELDS = tuple(name for name in INTAKE_FIELDS if name not in SENSITIVE)
CLASS_LABELS = {"positief": _l("positief"), "negatief": _l("negatief"), "overig": _l("overig")}
PRESENT = (("with_worker", _l("medewerker")), ("with_supervisor", _l("werkbegeleider")),
           ("with_counsellor", _l("trajectbegeleider")))


def may_see_sensitive(user) -> bool:
    """Diagnosis, addiction and admissions are for counsellors only."""
    return bool(user and user.is_authenticated and user.has_role(roles.COUNSELLOR))


def plan(worker) -> PlanVersion | None:
    """The current plan: the newest aandachtspunten and doelen."""
    return current_plan(worker)


def last_intake(worker) -> Intake | None:
    """The latest intake conversation held with the worker."""
    return db.session.scalar(select(Intake).where(Intake.worker_id == worker.id)
                             .order_by(Intake.held_on.desc(), Intake.id.desc()).limit(1))


@dataclass
class IntakeShown:
    """An intake as this viewer may see it: the sensitive fields are left out unless they are a counsellor."""

    held_on: date
    by: str
    fields: dict  # field name → text, in the form's order, only what was filled in
    sensitive: dict = field(default_factory=dict)


def intake(worker, viewer) -> IntakeShown | None:
    """The latest intake for the trajectory page; the sensitive fields only for a counsellor."""
    found = last_intake(worker)
    if found is None:
        return None
    shown = IntakeShown(found.held_on, found.by.name if found.by else "",
                        {name: getattr(found, name) for name in OPEN_FIELDS if getattr(found, name)})
    if may_see_sensitive(viewer):
        shown.sensitive = {name: getattr(found, name) for name in SENSITIVE if getattr(found, name)}
    return shown


@dataclass
class ReviewShown:
    held_on: date
    by: str
    present: list
    summary: str
    outcome: str  # in words


def reviews(worker) -> list[ReviewShown]:
    """The evaluatiegesprekken held, newest first, each with its outcome in words."""
    found = db.session.scalars(select(Review).where(Review.worker_id == worker.id)
                               .order_by(Review.held_on, Review.id)).all()
    reasons = {reason.code: reason.label for reason in catalogue.outflow_reasons()}
    granted: dict[int, int] = {}  # enrolment → months granted up to and including this review
    shown = []
    for r in found:
        if r.outcome == "verlengen":  # as hold_review granted it (more than asked for at a late review)
            before = granted.get(r.enrolment_id, 0)
            granted[r.enrolment_id] = before + extension_for(r.enrolment.start_date, r.enrolment.duration_months,
                                                             before, r.held_on, r.months or 0)
        shown.append(ReviewShown(r.held_on, r.by.name if r.by else "",
                                 [str(words) for name, words in PRESENT if getattr(r, name)], r.summary,
                                 outcome_words(r, worker, reasons, granted.get(r.enrolment_id, 0))))
    return shown[::-1]


def planned_end(enrolment: Enrolment, extension_months: int) -> date | None:
    """Where the phase (else module) ends with these months granted; None when it is open-ended."""
    duration = enrolment.duration_months
    return add_months(enrolment.start_date, duration + extension_months) if duration else None


def outcome_words(review: Review, worker, reasons: dict[str, str], granted: int = 0) -> str:
    """'Verlengd met 1 maand, tot wo 23 dec', 'Naar Via Via · fase 2 Aanpassing', 'Uitstroom: Regulier werk'."""
    if review.outcome == "verlengen":
        words = _("Verlengd met %(n)s maand", n=review.months) if review.months == 1 else \
            _("Verlengd met %(n)s maanden", n=review.months)
        end = review.extended_to or planned_end(review.enrolment, granted)
        return _("%(words)s, tot %(day)s", words=words, day=day_year(end)) if end else words
    if review.outcome == "uitstroom":
        return _("Uitstroom: %(reason)s", reason=reasons.get(review.outflow_code, review.outflow_code or ""))
    if review.outcome == "proefweek":
        return _("Proefweek Via Via")
    following = next((e for e in reversed(worker.enrolments)
                      if e.id != review.enrolment_id and e.start_date == review.held_on), None)
    if following is not None:
        return _("Naar %(module)s", module=following.label)
    return _("Volgende fase") if review.outcome == "volgende_fase" else _("Andere module")


@dataclass
class OutflowShown:
    day: date
    reason: str
    klass: str
    klass_label: str
    note: str
    follow_ups: list


def outflow(worker) -> OutflowShown | None:
    """The worker's exit, once there is one: the latest ended enrolment with an outflow reason, and its nazorg."""
    ended = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.outcome.is_not(None))
                              .order_by(Enrolment.end_date.desc(), Enrolment.id.desc()).limit(1))
    if ended is None or ended.end_date is None:
        return None
    reason = db.session.scalar(select(OutflowReason).where(OutflowReason.method_id == ended.module.method_id,
                                                           OutflowReason.code == ended.outcome))
    klass = reason.klass if reason else "overig"
    follow_ups = db.session.scalars(select(FollowUp).where(FollowUp.enrolment_id == ended.id)
                                    .order_by(FollowUp.due_on)).all()
    return OutflowShown(ended.end_date, reason.label if reason else ended.outcome, klass, str(CLASS_LABELS[klass]),
                        ended.outcome_note, follow_ups)


def follow_up_or_404(follow_up_id: int) -> FollowUp:
    return db.session.get(FollowUp, follow_up_id) or abort(404)


def outflow_choices() -> dict[str, list[tuple[str, str]]]:
    """The outflow reasons for a select, grouped by class (positief, negatief, overig)."""
    grouped: dict[str, list[tuple[str, str]]] = {str(CLASS_LABELS[k]): [] for k in CLASS_LABELS}
    seen = set()
    for reason in catalogue.outflow_reasons():
        if reason.code not in seen and reason.klass in CLASS_LABELS:
            seen.add(reason.code)
            grouped[str(CLASS_LABELS[reason.klass])].append((reason.code, reason.label))
    return {group: pairs for group, pairs in grouped.items() if pairs}


def module_choices() -> list[tuple[str, str]]:
    """Every module (and phase) a review can send the worker to, as 'module_id:phase_id'."""
    choices = []
    for module in catalogue.modules():
        for phase in module.phases or [None]:
            value = f"{module.id}:{phase.id if phase else ''}"
            label = module.name if phase is None or len(module.phases) < 2 else \
                _("%(module)s · fase %(n)s %(phase)s", module=module.name, n=phase.number, phase=phase.name)
            choices.append((value, label))
    return choices


