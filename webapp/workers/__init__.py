from flask import Blueprint

bp = Blueprint("workers", __name__, url_prefix="/medewerkers")

from . import import_views, notes_views, plan_views, views  # noqa: E402,F401
from ..csvfiles import outcome_label  # noqa: E402

bp.add_app_template_global(outcome_label)
from .queries import list_name, namesake_mark  # noqa: E402

bp.add_app_template_global(list_name)
bp.add_app_template_global(namesake_mark)
