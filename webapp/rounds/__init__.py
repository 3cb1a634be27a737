from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/ronde")

from . import bus_views, stop_views, views  # noqa: E402,F401
