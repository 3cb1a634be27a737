from flask import Blueprint

bp = Blueprint("audit", __name__)

from . import labels, shown, sink, views  # noqa: E402,F401

bp.after_app_request(shown.log)
