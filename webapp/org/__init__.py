from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/beheer")

from . import views  # noqa: E402,F401
from .models import programme_label  # noqa: E402

bp.add_app_template_global(programme_label)
