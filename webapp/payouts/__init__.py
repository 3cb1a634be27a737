from flask import Blueprint

bp = Blueprint("payouts", __name__, url_prefix="/uitbetaling")

from . import cash_views, export_views, labels, views  # noqa: E402,F401
