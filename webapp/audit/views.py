"""The access log, for beheerders: paged and filterable."""
from datetime import datetime, time, timedelta

from flask import render_template, request
from sqlalchemy import or_, select

from .. import clock, params
from ..auth import roles
from ..auth.access import allow
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import bp
from .models import AccessLog


def _filtered():
    """The log lines the filters in the query string ask for, newest first."""
    args = request.args
    query = select(AccessLog).order_by(AccessLog.id.desc())
    if staff_id := params.id_arg("staff", field="medewerker"):
        query = query.where(AccessLog.staff_id == staff_id)
    if action := args.get("action"):
        query = query.where(AccessLog.action == action)
    if name := args.get("worker", "").strip():
        like = f"%{name}%"
        query = query.join(Worker, AccessLog.worker_id == Worker.id).where(
            or_(Worker.first_name.ilike(like), Worker.last_name.ilike(like), Worker.roepnaam.ilike(like), Worker.external_id == name)
        )
    if day_from := params.optional_day_arg("from", field="begindatum"):
        query = query.where(AccessLog.at >= datetime.combine(day_from, time(), clock.LOCAL))
    if day_to := params.optional_day_arg("to", field="einddatum"):
        query = query.where(AccessLog.at < datetime.combine(day_to + timedelta(days=1), time(), clock.LOCAL))
    return query


@bp.get("/beheer/logboek")
@allow(roles.ADMIN)
def index():
    """Page through who saw or changed which worker data."""
    page = db.paginate(_filtered(), page=params.id_arg("page", field="pagina") or 1, per_page=50,
                       error_out=False)
    staff = db.session.scalars(select(Staff).order_by(Staff.name)).all()
    actions = db.session.scalars(select(AccessLog.action).distinct().order_by(AccessLog.action)).all()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", page=page, staff=staff, actions=actions, args=args)
