from flask import Blueprint

bp = Blueprint("offline", __name__)

from . import views  # noqa: E402,F401
