"""Reading the access log: the lines a filter asks for, and the actions it can filter on."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from .. import clock
from ..extensions import db
from ..workers import queries as workers
from ..workers.models import Worker
from .models import AccessLog


def filtered(staff_id: int | None = None, action: str | None = None, worker: str = "",
             day_from: date | None = None, day_to: date | None = None) -> Select:
    """The log lines of a staff member, an action, a worker (by name or number) and a period, newest first."""
    query = select(AccessLog).order_by(AccessLog.id.desc())
    if staff_id:
        query = query.where(AccessLog.staff_id == staff_id)
    if action:
        query = query.where(AccessLog.action == action)
    if worker:
        query = query.join(Worker, AccessLog.worker_id == Worker.id).where(workers.matches(worker))
    if day_from:
        query = query.where(AccessLog.at >= datetime.combine(day_from, time(), clock.LOCAL))
    if day_to:
        query = query.where(AccessLog.at < datetime.combine(day_to + timedelta(days=1), time(), clock.LOCAL))
    return query


def actions() -> list[str]:
    """Every action the log holds (codes; the filter orders them by their words)."""
    return db.session.scalars(select(AccessLog.action).distinct().order_by(AccessLog.action)).all()
