"""The start page: each role lands on its daily job."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user

from .auth import roles
from .auth.access import allow

bp = Blueprint("home", __name__)

LANDING = {
    roles.ASSISTANT: "rounds.index",
    roles.SUPERVISOR: "attendance.index",
    roles.COUNSELLOR: "trajectory.worklist",  # the counsellor starts the day with what is due
    roles.ADMIN: "org.index",
}


@bp.get("/")
@allow(*roles.ALL)
def index():
    """Send each role to the screen it starts the day with."""
    return redirect(url_for(LANDING[current_user.role]))
