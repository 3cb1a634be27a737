"""Demo: Loon naar Werken → Via Via. One Loon naar Werken worker ready for the transition (four full weeks of 4+
dagdelen, two criteria recorded, "klaar" left for the counsellor), and one in a running proefweek (on the Via Via
schedule, its days attended and ticked). Idempotent: nothing is added when the two exist."""
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..attendance.operations import set_status
from ..auth.models import Staff
from ..extensions import db
from ..org.models import Shelter, Workshop
from ..workers.models import ScheduleSlot, Worker
from . import catalogue, transition
from .operations import enrol

READY, TRYING = "P001", "P002"


def load() -> None:
    """Add the two workers of the transition's demo, if they are not there yet."""
    if db.session.scalar(select(Worker.id).where(Worker.external_id.in_([READY, TRYING]))):
        return
    today = clock.today()
    counsellor = db.session.scalar(select(Staff).where(Staff.email == "trajectbegeleider@dagdeel.test"))
    supervisor = db.session.scalar(select(Staff).where(Staff.email == "werkbegeleider@dagdeel.test"))
    lnw_workshop = db.session.scalar(select(Workshop).where(Workshop.programme == "lnw").order_by(Workshop.id))
    viavia_workshop = db.session.scalar(select(Workshop).where(Workshop.programme == "viavia").order_by(Workshop.id))
    shelter = db.session.scalar(select(Shelter).order_by(Shelter.route_order))
    lnw, _ = catalogue.find("lnw", None)
    # The proefweek started this Monday (on a Monday: last Monday, so its decision is due).
    this_monday = today - timedelta(days=today.weekday())
    trial_start = this_monday if today.weekday() >= 1 else this_monday - timedelta(days=7)

    ready = _worker(READY, "Jeu", "Pelzer", shelter, counsellor)
    trying = _worker(TRYING, "Nol", "Hendriks", shelter, counsellor)
    enrol(ready, lnw, None, today - timedelta(days=130), commit=False)
    enrol(trying, lnw, None, today - timedelta(days=220), commit=False)
    _lnw_weeks(ready, lnw_workshop, this_monday - timedelta(weeks=6), this_monday)  # ready to start this Monday
    _lnw_weeks(trying, lnw_workshop, trial_start - timedelta(weeks=6), trial_start)
    db.session.flush()

    transition.record_check(ready, counsellor, "huisvesting", True, "Kamer via Het Anker sinds oktober.",
                            today - timedelta(days=6))
    transition.record_check(ready, counsellor, "verslaving", True, "Al zes weken nuchter op het werk, zegt ook de werkbegeleider.",
                            today - timedelta(days=6))
    for code, note in (("huisvesting", "Woont bij zijn zus."), ("verslaving", "Gebruikt niet meer overdag."),
                       ("klaar", "Wil verder, komt zijn afspraken na.")):
        transition.record_check(trying, counsellor, code, True, note, trial_start - timedelta(days=3))
    db.session.flush()
    trial = transition.start_trial(trying, trial_start, "", counsellor)
    mornings = viavia_workshop.blocks[0]
    for weekday in range(5):
        db.session.add(ScheduleSlot(worker_id=trying.id, block_id=mornings.id, weekday=weekday))
    day = trial_start
    while day < today and day <= trial.trial_until:
        if day.weekday() < 5:
            set_status(trying.id, day, mornings.id, "aanwezig")
            transition.tick_trial_day(trial, day, True, True, supervisor)
        day += timedelta(days=1)
    db.session.commit()


def _worker(external_id, first, last, shelter, counsellor) -> Worker:
    worker = Worker(external_id=external_id, first_name=first, last_name=last, roepnaam=first, phone="06-24681357",
                    shelter_id=shelter.id if shelter else None, uitkering=True, postadres=True, ingeschreven=True,
                    counsellor_id=counsellor.id if counsellor else None)
    db.session.add(worker)
    db.session.flush()
    return worker


def _lnw_weeks(worker, workshop, first, last) -> None:
    """Loon naar Werken workdays from `first` up to (not including) `last`: Monday to Thursday, and every other
    Friday: 4 or 5 dagdelen a week."""
    day = first
    while day < last:
        if day.weekday() < 4 or (day.weekday() == 4 and day.isocalendar()[1] % 2 == 0):
            set_status(worker.id, day, workshop.blocks[0].id, "aanwezig", note="ophaalronde Bus 1")
        day += timedelta(days=1)
