from flask import Blueprint

bp = Blueprint("audit", __name__)

from . import labels, views  # noqa: E402,F401
