from flask import Blueprint

bp = Blueprint("trajectory", __name__)

from . import views  # noqa: E402,F401
