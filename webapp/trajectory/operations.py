"""Enrolling a worker in a module/phase, keeping the history; intake, reviews and the end of a trajectory."""
from datetime import date

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import clock, parse
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..workers.models import Agreement, Worker
from .models import Enrolment, FollowUp, Intake, Module, OutflowReason, Phase, PlanVersion, Review
from . import schedule
from .schedule import follow_up_dates


def enrol(worker, module: Module, phase: Phase | None, start: date, commit: bool = True) -> None:
    """Close the current enrolment and open the new one from `start`; Refused when `start` lies before the current one."""
    current = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))
    if current is not None:
        if current.module_id == module.id and current.phase_id == (phase.id if phase else None):
            return
        if start < current.start_date:
            raise Refused(_("De startdatum ligt vóór de start van de huidige module (%(day)s).",
                            day=day_year(current.start_date)))
        current.end_date = start
    if module.phases and phase is None:
        phase = module.phases[0]
    by = current_user.id if current_user and current_user.is_authenticated else None
    db.session.add(Enrolment(worker_id=worker.id, module_id=module.id, phase_id=phase.id if phase else None,
                             start_date=start, created_by_id=by))
    record("enrol", worker, f"{module.code} fase {phase.number if phase else '-'} vanaf {start.isoformat()}")
    if commit:
        db.session.commit()


# --- Intake, reviews, the end of a trajectory (issue 15 items 3, 4, 6) ---

OUTCOMES = ("verlengen", "volgende_fase", "andere_module", "proefweek", "uitstroom")
INTAKE_FIELDS = ("motivation", "wishes", "education", "work_history", "diagnosis", "addiction", "admissions")
MAX_EXTENSION = 12


def current_enrolment(worker) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))


def current_plan(worker) -> PlanVersion | None:
    """The newest plan version (aandachtspunten and doelen) of a worker."""
    return db.session.scalar(select(PlanVersion).where(PlanVersion.worker_id == worker.id)
                             .order_by(PlanVersion.set_on.desc(), PlanVersion.id.desc()).limit(1))


def record_intake(worker, by, held_on: date, fields: dict, client_id: str | None = None) -> Intake:
    """Keep the intake conversation; its aandachtspunten and doelen become the plan; the intake flag is cleared."""
    if client_id and (seen := db.session.scalar(select(Intake).where(Intake.client_id == client_id))):
        return seen
    _not_ahead(held_on)
    intake = Intake(worker_id=worker.id, held_on=held_on, by_id=by.id if by else None, client_id=client_id,
                    **{name: (fields.get(name) or "").strip() for name in INTAKE_FIELDS})
    db.session.add(intake)
    if (fields.get("attention_points") or "").strip() or (fields.get("goals") or "").strip():  # empty keeps the plan
        _set_plan(worker, by, held_on, "intake", fields.get("attention_points"), fields.get("goals"))
    worker.intake_pending = False
    if worker.counsellor_id is None and by is not None:  # a newcomer's intake makes its counsellor theirs
        worker.counsellor_id = by.id
    record("intake", worker, f"intake {held_on.isoformat()}")  # never the sensitive fields themselves
    db.session.commit()
    return intake


def hold_review(worker, by, held_on: date, present, summary: str, attention_points: str, goals: str,
                agreements: str, outcome: str, months: int | None = None, module: Module | None = None,
                phase: Phase | None = None, outflow_code: str | None = None, note: str = "",
                client_id: str | None = None) -> Review:
    """Keep an evaluatiegesprek and move the trajectory by its outcome, all or nothing; `present` names who was there
    (worker, supervisor, counsellor). For `proefweek` the note is the reason to start despite an unmet criterion."""
    if client_id and (seen := db.session.scalar(select(Review).where(Review.client_id == client_id))):
        return seen
    if seen := _same_review(worker, held_on, outcome, summary, months):
        return seen
    _not_ahead(held_on)
    current = current_enrolment(worker)
    if current is None:
        raise Refused(_("%(name)s is niet ingeschreven in een module: er is geen traject om te evalueren.",
                        name=worker.display_name), code="no_enrolment")
    if held_on < current.start_date:
        raise Refused(_("Het gesprek ligt vóór de start van de huidige module (%(day)s).",
                        day=day_year(current.start_date)), code="date")
    present = set(present or ())
    review = Review(worker_id=worker.id, enrolment_id=current.id, held_on=held_on, with_worker="worker" in present,
                    with_supervisor="supervisor" in present, with_counsellor="counsellor" in present,
                    summary=(summary or "").strip(), outcome=outcome, note=(note or "").strip(),
                    by_id=by.id if by else None, client_id=client_id)
    try:
        _apply_outcome(worker, current, review, held_on, months, module, phase, outflow_code, by)
        db.session.add(review)
        _set_plan(worker, by, held_on, "review", attention_points, goals)
        for line in (agreements or "").splitlines():
            if line.strip():
                db.session.add(Agreement(worker_id=worker.id, text=line.strip(), created_by_id=by.id if by else None))
                record("agreement", worker, line.strip()[:200])
        record("review", worker, f"{outcome} {held_on.isoformat()}")
        db.session.commit()
    except Refused:
        db.session.rollback()
        raise
    return review


def _same_review(worker, held_on: date, outcome: str, summary: str, months: int | None) -> Review | None:
    """The review already kept for this worker with this day, outcome and summary: the same conversation sent
    again with a new form id (the phone's back button brings the form back filled in, from a fresh page), which
    must not extend the phase, or move it on, a second time."""
    query = select(Review).where(Review.worker_id == worker.id, Review.held_on == held_on, Review.outcome == outcome,
                                 Review.summary == (summary or "").strip())
    if outcome == "verlengen":
        query = query.where(Review.months == months)
    return db.session.scalar(query.order_by(Review.id).limit(1))


def _not_ahead(day: date) -> None:
    """A conversation is written down after it was held, never ahead of it."""
    if day > clock.today():
        raise Refused(_("Een gesprek kan pas worden vastgelegd als het gehouden is: kies vandaag of eerder."), code="date")


def _apply_outcome(worker, current: Enrolment, review: Review, day: date, months, module, phase, outflow_code, by):
    """The one step a review's outcome takes; Refused before anything changes when it cannot be taken."""
    if review.outcome == "verlengen":
        if months is None or not 1 <= months <= MAX_EXTENSION:
            raise Refused(_("Verlengen kan met 1 tot %(n)s maanden.", n=MAX_EXTENSION), code="months")
        review.months = months
        extension = (current.extension_months or 0) + schedule.extension_for(
            current.start_date, current.duration_months, current.extension_months or 0, day, months)
        maximum = current.max_months
        if maximum is not None and (schedule.past_max(current.start_date, maximum, current.duration_months, extension)
                                    or (current.duration_months is None
                                        and day >= schedule.add_months(current.start_date, maximum - schedule.MAX_WINDOW_MONTHS))):
            raise Refused(_("Verlengen gaat voorbij de maximale duur van %(module)s (%(n)s maanden, tot %(day)s): "
                            "kies volgende fase, een andere module of uitstroom.", module=current.label, n=maximum,
                            day=day_year(schedule.add_months(current.start_date, maximum))), code="max_months")
        current.extension_months = extension
        if current.duration_months is not None:
            review.extended_to = schedule.add_months(current.start_date, current.duration_months + extension)
    elif review.outcome == "volgende_fase":
        later = [p for p in current.module.phases if current.phase is None or p.number > current.phase.number]
        if len(current.module.phases) < 2 or not later:
            raise Refused(_("%(module)s heeft geen volgende fase.", module=current.label), code="last_phase")
        enrol(worker, current.module, later[0], day, commit=False)
    elif review.outcome == "andere_module":
        if module is None:
            raise Refused(_("Kies de module waar het traject verder gaat."), code="module")
        phase = phase if phase is not None and phase.module_id == module.id else None
        target_phase = phase or (module.phases[0] if module.phases else None)
        if module.id == current.module_id and (target_phase.id if target_phase else None) == current.phase_id:
            raise Refused(_("Dat is de module waar %(name)s nu al in zit.", name=worker.display_name), code="same_module")
        enrol(worker, module, target_phase, day, commit=False)
    elif review.outcome == "proefweek":
        from .transition import start_trial  # helper C's module: the criteria and the trial week live there

        start_trial(worker, day, review.note, by=by)
    elif review.outcome == "uitstroom":
        review.outflow_code = outflow_code
        end_trajectory(worker, day, outflow_code, review.note, commit=False)
    else:
        raise Refused(_("Kies een uitkomst van het gesprek."), code="outcome")


def _set_plan(worker, by, day: date, source: str, attention_points: str | None, goals: str | None) -> None:
    """A new plan version when the aandachtspunten or doelen differ from the current ones."""
    attention_points, goals = (attention_points or "").strip(), (goals or "").strip()
    plan = current_plan(worker)
    before = (plan.attention_points, plan.goals) if plan else ("", "")
    if before == (attention_points, goals):
        return
    db.session.add(PlanVersion(worker_id=worker.id, attention_points=attention_points, goals=goals, set_on=day,
                               source=source, by_id=by.id if by else None))


def outflow_reason(enrolment: Enrolment, code: str | None) -> OutflowReason | None:
    """The outflow reason of the enrolment's method with this code."""
    if not code:
        return None
    return db.session.scalar(select(OutflowReason).where(OutflowReason.method_id == enrolment.module.method_id,
                                                         OutflowReason.code == code))


def end_trajectory(worker, day: date, code: str | None, note: str = "", commit: bool = True) -> Enrolment:
    """End the current enrolment on `day` with an outflow reason; a positive exit gets nazorg 3 and 6 months later."""
    current = current_enrolment(worker)
    if current is None:
        raise Refused(_("%(name)s is niet ingeschreven in een module: er is geen traject om te beëindigen.",
                        name=worker.display_name), code="no_enrolment")
    reason = outflow_reason(current, code)
    if reason is None:
        raise Refused(_("Kies een reden van uitstroom."), code="outflow_code")
    if day < current.start_date:
        raise Refused(_("De einddatum ligt vóór de start van de huidige module (%(day)s).",
                        day=day_year(current.start_date)), code="date")
    current.end_date, current.outcome, current.outcome_note = day, reason.code, parse.text(note, limit=300)
    if reason.klass == "positief":
        for due in follow_up_dates(day):
            db.session.add(FollowUp(worker_id=worker.id, enrolment_id=current.id, due_on=due))
    record("outflow", worker, f"{reason.code} {day.isoformat()}")
    if commit:
        db.session.commit()
    return current


def follow_up_done(follow_up: FollowUp, by, day: date, note: str = "") -> None:
    """Mark a nazorg contact as done (a second tap changes nothing)."""
    if follow_up.done_on is not None:
        return
    follow_up.done_on, follow_up.done_by_id, follow_up.note = day, by.id if by else None, (note or "").strip()
    record("follow_up", db.session.get(Worker, follow_up.worker_id), f"nazorg {follow_up.due_on.isoformat()}")
    db.session.commit()
