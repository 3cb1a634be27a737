from flask import Blueprint

bp = Blueprint("workers", __name__, url_prefix="/medewerkers")

from . import import_views, notes_views, plan_views, views  # noqa: E402,F401
