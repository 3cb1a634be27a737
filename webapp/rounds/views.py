"""The Ronde tab."""
from flask import render_template

from ..auth import roles
from ..auth.access import allow
from . import bp

TAB = "Ronde"
PURPOSE = "De ophaalronde langs de opvang: aanmeldingen per opvang, zitplaatsen, eerlijke roulatie, instappen en aankomst."


@bp.get("/")
@allow(roles.ASSISTANT, roles.SUPERVISOR, roles.COUNSELLOR)
def index():
    """Show what this tab will do (its own issue builds it)."""
    return render_template("coming.html", tab=TAB, purpose=PURPOSE)
