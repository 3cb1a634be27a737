"""The Ronde tab: today's rounds, starting and planning a round, the round screen, the print view."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock
from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from ..auth import queries as staff_queries
from ..errors import Refused, refused_page
from ..extensions import db
from ..formatting import day_year
from ..fields import first_problem
from ..offline.replay import idempotent
from ..org import queries as org_queries
from ..trajectory import access
from . import bp, context, operations, queries
from .forms import plan_form

PLANNERS = (roles.SUPERVISOR, roles.ADMIN)


@bp.get("/")
@allow(*roles.RUNNERS, roles.COUNSELLOR, roles.ADMIN)
def index():
    """Today's rounds (and the planned ones ahead), with a one-tap start."""
    return render_template("rounds/index.html", **_index_context())


def _index_context() -> dict:
    today = clock.today()
    return {"today": today, "rounds": queries.rounds_on(today), "ahead": queries.planned_after(today),
            "free_bus": queries.free_bus(today)}


@bp.post("/start")
@allow(*roles.RUNNERS)
@idempotent
def start():
    """Start an unplanned round for today from the default plan."""
    try:
        pickup = operations.start_today()
    except Refused as refusal:
        return refused_page(refusal.message, "rounds/index.html", **_index_context())
    return redirect(url_for("rounds.show", round_id=pickup.id))


@bp.route("/plannen", methods=["GET", "POST"], defaults={"round_id": None})
@bp.route("/<int:round_id>/plannen", methods=["GET", "POST"])
@allow(*PLANNERS)
def plan(round_id: int | None):
    """Plan a round ahead: which bus, which shelters in which order, which staff."""
    pickup = queries.get_or_404(round_id) if round_id else None
    buses, shelters = access.mine(org_queries.active_buses()), access.mine(org_queries.active_shelters())
    staff = staff_queries.active_with_role(roles.RUNNERS)
    form = plan_form(buses, shelters)
    error = None
    if form.is_submitted():
        error = None if form.validate() else first_problem(form)
        if error is None:
            try:
                pickup = operations.plan(form.date.data, form.bus, form.stops(), form.staff_on_bus(staff), pickup)
            except Refused as refusal:
                error = refusal.message
            else:
                flash(_("Ronde op %(day)s met %(bus)s gepland.", day=day_year(pickup.date), bus=form.bus.name), "ok")
                return redirect(url_for("rounds.index"))
    return render_template("rounds/plan.html", pickup=pickup, buses=buses, shelters=shelters, staff=staff,
                           form=request.form, error=error, today=clock.today()), 422 if error else 200


@bp.get("/<int:round_id>")
@allow(*roles.RUNNERS, roles.COUNSELLOR)
def show(round_id: int):
    """The round: stops in route order with one-tap sign-ups, seats, who rides, boarding. The access log holds one
    line per person shown, per day (audit/shown.py), not one per reload."""
    return context.page(queries.get_or_404(round_id))


@bp.get("/<int:round_id>/print")
@allow(*roles.RUNNERS, roles.COUNSELLOR)
def print_view(round_id: int):
    """The day's roster on paper: per stop who signed up, rode, and was left behind."""
    pickup = queries.get_or_404(round_id)
    record("print_round", detail=f"ronde {pickup.id} ({len(pickup.signups)} aanmeldingen)")
    db.session.commit()
    return render_template("rounds/print.html", **context.build(pickup))
