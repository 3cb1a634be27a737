"""The trajectory catalogue, readable by the team."""
from flask import render_template
from sqlalchemy import select

from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from . import bp
from .models import Method


@bp.get("/trajecten")
@allow(roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN)
def catalogue():
    """Show the methods with their modules, phases and durations."""
    methods = db.session.scalars(select(Method).order_by(Method.name)).all()
    return render_template("trajectory/catalogue.html", methods=methods)
