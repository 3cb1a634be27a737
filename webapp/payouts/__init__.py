from flask import Blueprint

bp = Blueprint("payouts", __name__, url_prefix="/uitbetaling")

from . import views  # noqa: E402,F401
