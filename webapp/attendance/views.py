"""The Werkvloer tab."""
from flask import render_template

from ..auth import roles
from ..auth.access import allow
from . import bp

TAB = "Werkvloer"
PURPOSE = "Aanwezigheid per dagdeel: met één tik aanwezig, afwezigen direct bellen, weekoverzicht."


@bp.get("/")
@allow(roles.ASSISTANT, roles.SUPERVISOR)
def index():
    """Show what this tab will do (its own issue builds it)."""
    return render_template("coming.html", tab=TAB, purpose=PURPOSE)
