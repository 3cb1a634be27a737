from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/beheer")

from . import views  # noqa: E402,F401
