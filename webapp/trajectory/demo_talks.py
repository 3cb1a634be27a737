"""Demo conversations: intakes with a first plan, monthly reviews in Arbeidsgewenning, and a worker who left for
regular work with nazorg due. Idempotent: each conversation has a fixed client id."""
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import catalogue
from .models import Intake, Review
from .operations import current_enrolment, enrol, hold_review, record_intake
from .schedule import add_months

COUNSELLOR = "trajectbegeleider@dagdeel.test"
INTAKES = [  # (motivation, wishes, attention points, goals)
    ("Wil weer een ritme, thuis zitten gaat niet goed.", "Later iets met hout of in de groenvoorziening.",
     "Op tijd komen\nAfmelden vóór 09:00 bij ziekte", "Drie ochtenden per week komen"),
    ("Zijn moeder vond dat hij iets moest gaan doen; zelf twijfelt hij nog.", "Rijbewijs halen.",
     "Samenwerken met collega's\nKritiek aannemen", "Elke werkdag op tijd\nEén keer per week een gesprek"),
    ("Wil laten zien dat ze het kan.", "Een vaste baan in de schoonmaak.",
     "Pauzes niet laten uitlopen", "Vier ochtenden per week komen"),
]


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dagdeel-demo/{name}"))


def load_talks() -> None:
    """Intakes and reviews for the first Arbeidsgewenning workers, and one exit to regular work with nazorg."""
    counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR))
    today = clock.today()
    gewenning, _phase = catalogue.find("gewenning", None)
    workers = db.session.scalars(select(Worker).where(Worker.external_id.like("D%")).order_by(Worker.external_id)).all()
    starters = [w for w in workers if (e := current_enrolment(w)) and e.module_id == gewenning.id
                and not w.intake_pending][:len(INTAKES)]  # the work list's demo keeps two intakes waiting
    for number, (worker, (motivation, wishes, points, goals)) in enumerate(zip(starters, INTAKES)):
        start = current_enrolment(worker).start_date
        if db.session.scalar(select(Intake.id).where(Intake.client_id == _id(f"intake/{worker.external_id}"))) is None:
            record_intake(worker, counsellor, start, {"motivation": motivation, "wishes": wishes,
                                                      "attention_points": points, "goals": goals},
                          _id(f"intake/{worker.external_id}"))
        first_review = add_months(start, 1)
        if number < 2 and first_review <= today and db.session.scalar(
                select(Review.id).where(Review.client_id == _id(f"review/{worker.external_id}"))) is None:
            hold_review(worker, counsellor, first_review, ["worker", "supervisor", "counsellor"],
                        "Went goed aan het ritme; komt soms te laat.", points, goals, "Zet twee wekkers",
                        "verlengen", months=1, client_id=_id(f"review/{worker.external_id}"))
    _left_for_work(counsellor, today)


def _left_for_work(counsellor, today: date) -> None:
    """Ria left Algemene Arbeidstraining for a job three months ago: her first nazorg contact is due."""
    if db.session.scalar(select(Worker.id).where(Worker.external_id == "N001")):
        return
    worker = Worker(external_id="N001", first_name="Ria", last_name="Claessens", phone="06-24681357", active=False)
    db.session.add(worker)
    db.session.flush()
    algemeen, _phase = catalogue.find("algemeen", None)
    left = add_months(today, -3) - timedelta(days=4)
    enrol(worker, algemeen, None, add_months(left, -7), commit=False)
    record_intake(worker, counsellor, add_months(left, -7), {
        "motivation": "Wil weer aan het werk na een lange periode thuis.", "goals": "Vier dagen per week werken"})
    hold_review(worker, counsellor, left, ["worker", "supervisor", "counsellor"],
                "Heeft een baan als schoonmaker bij de gemeente, 24 uur per week.", "", "Vier dagen per week werken",
                "", "uitstroom", outflow_code="regulier_werk", note="Schoonmaker bij de gemeente",
                client_id=_id("review/N001"))
    db.session.commit()
