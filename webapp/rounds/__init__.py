from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/ronde")

from . import views  # noqa: E402,F401
