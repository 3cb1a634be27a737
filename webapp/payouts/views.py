"""The Uitbetaling tab."""
from flask import render_template

from ..auth import roles
from ..auth.access import allow
from . import bp

TAB = "Uitbetaling"
PURPOSE = "Uitbetalen: Loon naar Werken € 6,00 en een kaart per dag, Via Via € 3,00 per dagdeel (4 tot 9 per week), en de kascontrole."


@bp.get("/")
@allow(roles.ASSISTANT, roles.SUPERVISOR)
def index():
    """Show what this tab will do (its own issue builds it)."""
    return render_template("coming.html", tab=TAB, purpose=PURPOSE)
