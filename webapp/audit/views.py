"""The access log, for beheerders: paged and filterable."""
from datetime import datetime, time, timedelta

from flask import render_template, request
from sqlalchemy import or_, select

from .. import clock
from ..auth import roles
from ..auth.access import allow
from ..auth.models import Staff
from ..extensions import db
from ..workers.models import Worker
from . import bp
from .models import AccessLog


def _parse_day(value: str | None):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None


def _filtered(args):
    query = select(AccessLog).order_by(AccessLog.id.desc())
    if staff_id := args.get("staff", type=int):
        query = query.where(AccessLog.staff_id == staff_id)
    if action := args.get("action"):
        query = query.where(AccessLog.action == action)
    if name := args.get("worker", "").strip():
        like = f"%{name}%"
        query = query.join(Worker, AccessLog.worker_id == Worker.id).where(
            or_(Worker.first_name.ilike(like), Worker.last_name.ilike(like), Worker.roepnaam.ilike(like), Worker.external_id == name)
        )
    if day_from := _parse_day(args.get("from")):
        query = query.where(AccessLog.at >= datetime.combine(day_from, time(), clock.LOCAL))
    if day_to := _parse_day(args.get("to")):
        query = query.where(AccessLog.at < datetime.combine(day_to + timedelta(days=1), time(), clock.LOCAL))
    return query


@bp.get("/beheer/logboek")
@allow(roles.ADMIN)
def index():
    """Page through who saw or changed which worker data."""
    page = db.paginate(_filtered(request.args), per_page=50, error_out=False)
    staff = db.session.scalars(select(Staff).order_by(Staff.name)).all()
    actions = db.session.scalars(select(AccessLog.action).distinct().order_by(AccessLog.action)).all()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", page=page, staff=staff, actions=actions, args=args)
