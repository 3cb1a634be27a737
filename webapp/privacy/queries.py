"""Reading for the privacy pages: a worker's lines in the access log, and every row the database holds on them."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from .. import clock
from ..audit.models import AccessLog
from ..extensions import db
from ..workers.models import Worker


def accesses(worker_id: int, start: date, end: date) -> Select:
    """Who saw or changed this worker's data in the period (whole local days), newest first."""
    return (select(AccessLog).options(joinedload(AccessLog.staff)).where(AccessLog.worker_id == worker_id)
            .where(AccessLog.at >= datetime.combine(start, time(), clock.LOCAL),
                   AccessLog.at < datetime.combine(end + timedelta(days=1), time(), clock.LOCAL))
            .order_by(AccessLog.at.desc(), AccessLog.id.desc()))


def _tables_about_workers() -> tuple[list, list]:
    """The mapped classes with a `worker_id` column, and those that hang one step below them (a checklist's scores,
    an action point's versions): (direct, [(class, its foreign-key column, the class above)])."""
    mappers = [m for m in db.Model.registry.mappers if m.class_ is not Worker]
    direct = [m.class_ for m in mappers if "worker_id" in m.columns]
    tables = {c.__table__.name: c for c in direct}
    below = []
    for m in mappers:
        if m.class_ in direct:
            continue
        for column in m.columns:
            for key in column.foreign_keys:
                if key.column.table.name in tables and key.column.name == "id":
                    below.append((m.class_, column.key, tables[key.column.table.name]))
    return direct, below


def own_data(worker: Worker) -> dict[str, list]:
    """Every row the database holds on this worker, table by table (the worker's own row first), as ORM objects:
    encrypted fields read back plain. New tables with a `worker_id` are included without a change here."""
    data: dict[str, list] = {"worker": [worker]}
    direct, below = _tables_about_workers()
    ids: dict[type, list[int]] = {}
    for model in sorted(direct, key=lambda c: c.__table__.name):
        rows = db.session.scalars(select(model).where(model.worker_id == worker.id)
                                  .order_by(*model.__mapper__.primary_key)).all()
        ids[model] = [row.id for row in rows] if "id" in model.__mapper__.columns else []
        if rows:
            data[model.__table__.name] = rows
    for model, key, above in sorted(below, key=lambda b: b[0].__table__.name):
        if ids.get(above):
            rows = db.session.scalars(select(model).where(getattr(model, key).in_(ids[above]))
                                      .order_by(*model.__mapper__.primary_key)).all()
            if rows:
                data.setdefault(model.__table__.name, []).extend(rows)
    return data
