"""Enrolling a worker in a module/phase, keeping the history."""
from datetime import date

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from .models import Enrolment, Module, Phase


def enrol(worker, module: Module, phase: Phase | None, start: date, commit: bool = True) -> None:
    """Close the current enrolment and open the new one from `start`; Refused when `start` lies before the current one."""
    current = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))
    if current is not None:
        if current.module_id == module.id and current.phase_id == (phase.id if phase else None):
            return
        if start < current.start_date:
            raise Refused(_("De startdatum ligt vóór de start van de huidige module (%(day)s).",
                            day=f"{current.start_date:%d-%m-%Y}"))
        current.end_date = start
    if module.phases and phase is None:
        phase = module.phases[0]
    by = current_user.id if current_user and current_user.is_authenticated else None
    db.session.add(Enrolment(worker_id=worker.id, module_id=module.id, phase_id=phase.id if phase else None,
                             start_date=start, created_by_id=by))
    record("enrol", worker, f"{module.code} fase {phase.number if phase else '-'} vanaf {start.isoformat()}")
    if commit:
        db.session.commit()
