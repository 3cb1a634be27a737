from flask import Blueprint

from . import rules

bp = Blueprint("attendance", __name__, url_prefix="/werkvloer")
# The attendance rules templates render from (the phone's tally, the Loon naar Werken → Via Via criterion).
bp.add_app_template_global(rules.attended_statuses, "attended_statuses")
bp.add_app_template_global(rules.week_label, "week_label")


from . import import_views, views, week_views  # noqa: E402,F401
