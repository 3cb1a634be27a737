from flask import Blueprint

bp = Blueprint("trajectory", __name__)

from . import views  # noqa: E402,F401
from . import outflow_views  # noqa: E402,F401
