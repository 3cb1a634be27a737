"""Demo: Kansen op werk. Kim (K001) at a werkervaringsplaats with a werkmaatje, in a running series of "Weer aan
het werk…!" (weekly, five sessions held before today, today's open): she attended 3, missed 1 and excused herself
once; Sam (K002) takes part too. One afstemmingsoverleg. Idempotent: nothing is added when Kim exists."""
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import catalogue, support, training
from .support_models import MeetingType
from .operations import enrol

KIM, SAM = "K001", "K002"


def load() -> None:
    if db.session.scalar(select(Worker.id).where(Worker.external_id == KIM)):
        return
    today = clock.today()
    counsellor = db.session.scalar(select(Staff).where(Staff.email == "trajectbegeleider@dagdeel.test"))
    module, phase = catalogue.find("kow", 2)
    if module is None or counsellor is None:
        return
    kim = _worker(KIM, "Kim", "Vermeer", counsellor)
    sam = _worker(SAM, "Sam", "Dijkstra", counsellor)
    mate = db.session.scalar(select(Worker).where(Worker.active.is_(True), Worker.external_id.not_in([KIM, SAM]))
                             .order_by(Worker.id))
    for person in (kim, sam):
        enrol(person, module, catalogue.find("kow", 1)[1], today - timedelta(days=150), commit=False)
        enrol(person, module, phase, today - timedelta(days=70), commit=False)
    support.start_placement(kim, counsellor, today - timedelta(days=60), "Bakkerij Jansen",
                            address="Markt 3, Heerlen", contact="Mieke Jansen, 045-5712345",
                            supervisor="Henk Jansen", hours_per_week=16)
    if mate is not None:
        support.start_buddy(kim, counsellor, today - timedelta(days=60), buddy_worker=mate)
    support.start_buddy(sam, counsellor, today - timedelta(days=40), name="Anja Smeets (vrijwilliger)")
    template = next((t for t in training.templates() if t.code == "weer-aan-het-werk"), None)
    if template is not None:
        series = training.plan(template, training.weekly(today - timedelta(weeks=5), template.sessions), [kim.id, sam.id],
                               counsellor, trainer_name="Els Hermans")
        held = [s for s in series.sessions if s.date < today]
        for session, status in zip(held, ("aanwezig", "afwezig", "aanwezig", "afgemeld", "aanwezig")):
            training.set_status(session, kim.id, status, counsellor, session.date)
        for session in held:
            training.set_status(session, sam.id, "aanwezig", counsellor, session.date)
        training.set_goal(series, kim, "Op tijd aangeven als het te veel wordt.\nElke week één keer zelf iets vragen "
                          "aan Henk.", counsellor)
    kind = db.session.scalar(select(MeetingType).where(MeetingType.code == "afstemming"))
    if kind is not None:
        support.record_meeting(kim, counsellor, kind, today - timedelta(days=14),
                               "Henk Jansen (Bakkerij Jansen)\nEls Hermans (trainer)\nKim",
                               "Kim werkt dinsdag en donderdag 9–13 uur bij de bakkerij")
    db.session.commit()


def _worker(external_id, first, last, counsellor) -> Worker:
    worker = Worker(external_id=external_id, first_name=first, last_name=last, roepnaam=first, phone="06-13572468",
                    uitkering=True, postadres=True, ingeschreven=True, counsellor_id=counsellor.id)
    db.session.add(worker)
    db.session.flush()
    return worker
