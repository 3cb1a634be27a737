"""The demo's trajectories for the work list: the demo counsellor guides most demo workers, and their reviews are
mostly up to date, so that her list shows a handful of overdue and due items of every kind (evaluatie, einde fase,
intake, proefweek, nazorg) instead of every enrolment the demo started without a review."""
import random
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..auth import roles
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import schedule
from .models import Enrolment, FollowUp, Module, Review

COUNSELLOR = "trajectbegeleider@dagdeel.test"
KEEP = {"evaluatie": 2, "fase_einde": 2, "soon": 2}  # overdue items of these kinds, and items due soon, left as they are
LEAVERS = [("D901", "Anouk", "Lemmens", 2), ("D902", "Guus", "Hendriks", -3)]  # nazorg overdue 2 days / due in 3


def load_worklist() -> None:
    """Give the demo's workers the demo counsellor and reviews; idempotent (does nothing once she has workers)."""
    counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR, Staff.role == roles.COUNSELLOR))
    if counsellor is None or db.session.scalar(select(Worker.id).where(Worker.counsellor_id == counsellor.id)):
        return
    rng = random.Random(15)
    today = clock.today()
    horizon = today + timedelta(days=7)
    workers = db.session.scalars(select(Worker).where(Worker.active.is_(True)).order_by(Worker.external_id)).all()
    kept = dict.fromkeys(KEEP, 0)
    for number, worker in enumerate(workers):
        if number % 5:  # most, not all: "Team" and "Alles" show more than "Mijn medewerkers"
            worker.counsellor_id = counsellor.id
        enrolment = worker.current_enrolment
        if enrolment is None:
            continue
        _settle(enrolment, worker.counsellor_id == counsellor.id, counsellor, today, horizon, kept, rng)
    _intake(workers)
    for external_id, first, last, days_late in LEAVERS:
        _leaver(external_id, first, last, days_late, counsellor, today)
    db.session.commit()


def _facts(e: Enrolment, last_review=None) -> schedule.EnrolmentFacts:
    return schedule.EnrolmentFacts(e.id, e.worker_id, e.start_date, e.module.review_months, e.duration_months,
                                   e.extension_months, last_review)


def _settle(e: Enrolment, mine: bool, counsellor, today, horizon, kept, rng) -> None:
    """Leave a few overdue items; hold the reviews (and extensions) of the others that a counsellor would have."""
    facts = _facts(e)
    end, review = schedule.phase_end(facts), schedule.review_due(facts)
    due = {"fase_einde": end, "evaluatie": review}
    late = [kind for kind, day in due.items() if day and day < today]
    soon = ["soon"] if not late and any(day and today <= day <= horizon for day in due.values()) else []
    if mine and any(kept[kind] < KEEP[kind] for kind in late + soon):
        for kind in late + soon:
            kept[kind] += 1
        return
    if not any(day and day <= horizon for day in due.values()):
        return
    held = max(e.start_date, today - timedelta(days=rng.randint(3, 20)))
    months = 0
    while end and schedule.add_months(e.start_date, facts.duration_months + e.extension_months + months) <= horizon:
        months += 1
    e.extension_months += months
    db.session.add(Review(worker_id=e.worker_id, enrolment_id=e.id, held_on=held, with_counsellor=True,
                          with_supervisor=True, outcome="verlengen", months=months or None, by_id=counsellor.id,
                          summary="Gaat goed; zo doorgaan." if not months else "Nog niet klaar voor de volgende stap."))


def _intake(workers) -> None:
    """Two workers of the floor still wait for their intake. (The proefweek of the demo is Nol Hendriks's, a real
    one of seven days from demo_transition: marking a months-old Via Via enrolment as a trial made a "proefweek"
    of four months.)"""
    floor = [w for w in workers if w.external_id.startswith("D") and w.shelter_id is None]
    for worker in floor[:2]:
        worker.intake_pending = True


def _leaver(external_id, first, last, days_late, counsellor, today) -> None:
    """A former worker who left for a job three months ago: the nazorg contact is (almost) due."""
    if db.session.scalar(select(Worker.id).where(Worker.external_id == external_id)):
        return
    viavia = db.session.scalar(select(Module).where(Module.code == "viavia"))
    exit_day = schedule.add_months(today - timedelta(days=days_late), -schedule.NAZORG_MONTHS[0])
    worker = Worker(external_id=external_id, first_name=first, last_name=last, active=False, counsellor_id=counsellor.id)
    db.session.add(worker)
    db.session.flush()
    enrolment = Enrolment(worker_id=worker.id, module_id=viavia.id, phase_id=viavia.phases[-1].id,
                          start_date=schedule.add_months(exit_day, -12), end_date=exit_day, outcome="regulier_werk",
                          outcome_note="Vaste baan bij een hovenier.")
    db.session.add(enrolment)
    db.session.flush()
    for due in schedule.follow_up_dates(exit_day):
        db.session.add(FollowUp(worker_id=worker.id, enrolment_id=enrolment.id, due_on=due))
