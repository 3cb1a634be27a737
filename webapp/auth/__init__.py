from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import staff_views, views  # noqa: E402,F401
