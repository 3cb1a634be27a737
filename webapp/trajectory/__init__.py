from flask import Blueprint

bp = Blueprint("trajectory", __name__)

from . import domain_views, outflow_views, talk_views, transition_views, views  # noqa: E402,F401
