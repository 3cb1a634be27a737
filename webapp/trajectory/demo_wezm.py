"""Demo: one *Werk: een zorg minder!* participant nearing the 6-month maximum of phase 1 (Contact en motivatie), so
the counsellor's work list shows `max_duur`. Idempotent: nothing is added when she exists."""
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import catalogue, schedule
from .operations import enrol

EXTERNAL_ID = "Z001"
DAYS_LEFT = 12  # the maximum is this many days away: inside the month before it


def load() -> None:
    if db.session.scalar(select(Worker.id).where(Worker.external_id == EXTERNAL_ID)):
        return
    module, phase = catalogue.find("wezm", 1)
    if module is None:
        return
    counsellor = db.session.scalar(select(Staff).where(Staff.email == "trajectbegeleider@dagdeel.test"))
    worker = Worker(external_id=EXTERNAL_ID, first_name="Sanne", last_name="Wubbels", roepnaam="Sanne",
                    phone="06-24681357", counsellor_id=counsellor.id if counsellor else None)
    db.session.add(worker)
    db.session.flush()
    start = schedule.add_months(clock.today() + timedelta(days=DAYS_LEFT), -(phase.max_months or 6))
    enrol(worker, module, phase, start, commit=False)
    db.session.commit()
