from flask import Blueprint

from . import rules

bp = Blueprint("rounds", __name__, url_prefix="/ronde")
# The Loon naar Werken conditions, for the sign-up rows, the first-timer form and the worker card.
bp.add_app_template_global(rules.unmet, "unmet_conditions")
bp.add_app_template_global(rules.CONDITIONS, "lnw_conditions")
# Whether the arrival counts a rider at Loon naar Werken (not a Via Via rider), for the arrival list and the phone.
bp.add_app_template_global(rules.arrives_at_lnw, "arrives_at_lnw")
bp.add_app_template_filter(rules.lnw_flag, "lnw_flag")

from . import bus_views, stop_views, views  # noqa: E402,F401
