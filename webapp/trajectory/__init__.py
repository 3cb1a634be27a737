from flask import Blueprint

bp = Blueprint("trajectory", __name__)

from .access import no_site_hint  # noqa: E402

bp.add_app_template_global(no_site_hint)

from . import (  # noqa: E402,F401
    checklist_models, checklist_views, domain_views, outflow_views, talk_views, transition_views, views)
from . import support_models, support_views, training_models, training_views  # noqa: E402,F401
from . import zrm_models, zrm_views  # noqa: E402,F401
