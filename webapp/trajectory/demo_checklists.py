"""Demo checklists: one Algemene Arbeidstraining worker scored twice, a month apart, by Ruud and by themselves, so the
gap view, the history chart and the trajectory page's one-line summary have something to show. Idempotent: each
session has a fixed client id."""
import uuid

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import catalogue, checklists, instruments
from .checklist_models import ChecklistSession
from .operations import current_enrolment
from .schedule import add_months

SUPERVISOR = "werkbegeleider@dagdeel.test"
# Per session (two months ago, one month ago): the worker's and the supervisor's level per item, in the file's order.
SCORES = [
    ([3, 2, 2, 3, 2, 3, 2, 2, 3, 2, 3, 3], [2, 1, 2, 2, 2, 2, 3, 2, 2, 1, 2, 3]),
    ([3, 3, 3, 3, 2, 3, 3, 3, 2, 2, 3, 4], [3, 2, 3, 2, 3, 3, 3, 2, 2, 2, 3, 3]),
]


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dagdeel-demo/checklist/{name}"))


def load() -> None:
    """Two finished checklists for the first Algemene Arbeidstraining worker of the demo."""
    supervisor = db.session.scalar(select(Staff).where(Staff.email == SUPERVISOR))
    algemeen, _phase = catalogue.find("algemeen", None)
    workers = db.session.scalars(select(Worker).where(Worker.external_id.like("D%")).order_by(Worker.external_id)).all()
    worker = next((w for w in workers if (e := current_enrolment(w)) and e.module_id == algemeen.id), None)
    if worker is None or supervisor is None:
        return
    instrument = instruments.for_enrolment(current_enrolment(worker))
    today = clock.today()
    for number, (own, theirs) in enumerate(SCORES):
        client_id = _id(f"{worker.external_id}/{number}")
        if db.session.scalar(select(ChecklistSession.id).where(ChecklistSession.client_id == client_id)):
            continue
        sitting = checklists.start(worker, supervisor, instrument, add_months(today, number - len(SCORES)), client_id)
        names = [item.name for item in sitting.version.items]
        checklists.submit_supervisor(sitting, supervisor, dict(zip(names, theirs)))
        for position, score in enumerate(own, start=1):
            checklists.score_item(sitting, position, score, supervisor)
        checklists.submit_worker(sitting)
