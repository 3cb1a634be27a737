from flask import Blueprint

bp = Blueprint("trajectory", __name__)

from . import checklist_models, checklist_views, outflow_views, talk_views, transition_views, views  # noqa: E402,F401
