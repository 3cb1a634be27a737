"""The access log, for beheerders: paged and filterable."""
from flask import render_template, request

from .. import params
from ..auth import queries as staff_queries
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from . import bp, queries
from .labels import action_label


def _filtered():
    """The log lines the filters in the query string ask for, newest first."""
    return queries.filtered(params.id_arg("staff", field="medewerker"), request.args.get("action"),
                            request.args.get("worker", "").strip(),
                            params.optional_day_arg("from", field="begindatum"),
                            params.optional_day_arg("to", field="einddatum"))


@bp.get("/beheer/logboek")
@allow(roles.ADMIN)
def index():
    """Page through who saw or changed which worker data."""
    page = db.paginate(_filtered(), page=params.id_arg("page", field="pagina") or 1, per_page=50,
                       error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", page=page, staff=staff_queries.by_name(), actions=sorted(queries.actions(), key=lambda a: str(action_label(a)).lower()),
                           args=args)
