from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/werkvloer")

from . import import_views, views, week_views  # noqa: E402,F401
