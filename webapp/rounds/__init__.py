from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/ronde")

from . import bus_views, stop_views, views  # noqa: E402,F401


@bp.app_template_global()
def unmet_conditions(worker) -> list[str]:
    """The Loon naar Werken conditions a worker does not meet, in Dutch (for the sign-up rows)."""
    return operations.unmet_conditions(worker)


from . import operations  # noqa: E402
