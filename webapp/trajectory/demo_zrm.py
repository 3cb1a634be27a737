"""Demo ZRM and Participatieladder: three of the counsellor's workers with a ZRM at intake three months ago and a
voortgang two weeks ago, and entered rungs for the WEZM! participant (who does not come to our work places, so
nothing is derived for her) and for one worker before he started here. Idempotent: fixed client ids."""
import uuid
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import zrm_rules
from .models import Enrolment, Module
from .zrm_models import LadderEntry, ZrmAssessment, ZrmScore

COUNSELLOR = "trajectbegeleider@dagdeel.test"
# Per worker: the intake's levels and the voortgang's, in zrm_rules.ZRM_DOMAINS order.
LEVELS = [
    ("2223222323413", "3333332334413"),
    ("1322342244323", "2333342344333"),
    ("3243443355434", "3344443355434"),
]
WEZM = "Z001"


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dagdeel-demo/zrm/{name}"))


def load() -> None:
    counsellor = db.session.scalar(select(Staff).where(Staff.email == COUNSELLOR))
    if counsellor is None or db.session.scalar(select(ZrmAssessment.id).where(ZrmAssessment.client_id == _id("0/0"))):
        return
    today = clock.today()
    people = db.session.scalars(
        select(Worker).join(Enrolment, (Enrolment.worker_id == Worker.id) & Enrolment.end_date.is_(None))
        .join(Module, Module.id == Enrolment.module_id)
        .where(Worker.active.is_(True), Worker.counsellor_id == counsellor.id, Module.code.in_(("lnw", "viavia")))
        .order_by(Worker.external_id).limit(len(LEVELS))).all()
    for number, (person, pair) in enumerate(zip(people, LEVELS)):
        for which, (occasion, days) in enumerate((("intake", 91), ("voortgang", 14))):
            assessment = ZrmAssessment(worker_id=person.id, occasion=occasion, assessed_on=today - timedelta(days=days),
                                       by_id=counsellor.id, client_id=_id(f"{number}/{which}"))
            for code, level in zip(zrm_rules.ZRM_DOMAINS, pair[which]):
                assessment.scores.append(ZrmScore(domain=code, level=int(level), source=zrm_rules.ENTERED))
            db.session.add(assessment)
    if people:
        db.session.add(LadderEntry(worker_id=people[0].id, day=today - timedelta(days=120), rung=1,
                                   by_id=counsellor.id, client_id=_id("ladder/0")))
    sanne = db.session.scalar(select(Worker).where(Worker.external_id == WEZM))
    if sanne is not None:
        db.session.add(LadderEntry(worker_id=sanne.id, day=today - timedelta(days=150), rung=1, by_id=counsellor.id,
                                   client_id=_id("ladder/wezm/1")))
        db.session.add(LadderEntry(worker_id=sanne.id, day=today - timedelta(days=30), rung=2, by_id=counsellor.id,
                                   client_id=_id("ladder/wezm/2")))
    db.session.commit()
