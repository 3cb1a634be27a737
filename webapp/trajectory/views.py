"""The trajectory catalogue, readable by the team."""
from flask import render_template

from ..auth import roles
from ..auth.access import allow
from . import bp, catalogue as methods_catalogue


@bp.get("/trajecten")
@allow(roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN)
def catalogue():
    """Show the methods with their modules, phases and durations."""
    return render_template("trajectory/catalogue.html", methods=methods_catalogue.methods())
