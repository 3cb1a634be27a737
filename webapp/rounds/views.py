"""The Ronde tab: today's rounds, starting and planning a round, the round screen, the print view."""
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import clock, parse
from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from ..auth.models import Staff
from ..extensions import db
from ..offline.replay import idempotent
from ..org.models import Bus, Shelter
from . import bp, context, operations, queries
from .models import PickupRound

RUNNERS = (roles.ASSISTANT, roles.SUPERVISOR)
PLANNERS = (roles.SUPERVISOR, roles.ADMIN)


@bp.get("/")
@allow(*RUNNERS, roles.COUNSELLOR, roles.ADMIN)
def index():
    """Today's rounds (and the planned ones ahead), with a one-tap start."""
    today = clock.today()
    ahead = db.session.scalars(select(PickupRound).where(PickupRound.date > today)
                               .order_by(PickupRound.date).limit(14)).all()
    return render_template("rounds/index.html", today=today, rounds=queries.rounds_on(today), ahead=ahead)


@bp.post("/start")
@allow(*RUNNERS)
@idempotent
def start():
    """Start an unplanned round for today from the default plan."""
    try:
        pickup = operations.start_today()
    except operations.Refused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("rounds.index"))
    return redirect(url_for("rounds.show", round_id=pickup.id))


@bp.route("/plannen", methods=["GET", "POST"], defaults={"round_id": None})
@bp.route("/<int:round_id>/plannen", methods=["GET", "POST"])
@allow(*PLANNERS)
def plan(round_id: int | None):
    """Plan a round ahead: which bus, which shelters in which order, which staff."""
    pickup = queries.get_or_404(round_id) if round_id else None
    buses = db.session.scalars(select(Bus).where(Bus.active.is_(True)).order_by(Bus.name)).all()
    shelters = db.session.scalars(select(Shelter).where(Shelter.active.is_(True)).order_by(Shelter.route_order)).all()
    staff = db.session.scalars(select(Staff).where(Staff.active.is_(True), Staff.role.in_(RUNNERS)).order_by(Staff.name)).all()
    error = None
    if request.method == "POST":
        try:
            day = parse.day(request.form.get("date"))
            bus = next(b for b in buses if str(b.id) == request.form.get("bus_id"))
            order = sorted((_position(request.form.get(f"order-{s.id}")), s.route_order, s.id) for s in shelters
                           if request.form.get(f"stop-{s.id}"))
            chosen = [next(s for s in shelters if s.id == i) for _, _, i in order]
            if not chosen:
                raise operations.Refused("Kies minstens één opvang.")
            on_bus = [s.id for s in staff if str(s.id) in request.form.getlist("staff")]  # only staff that can ride
            pickup = operations.plan(day, bus, chosen, on_bus, pickup)
            flash(f"Ronde op {day:%d-%m-%Y} met {bus.name} gepland.", "ok")
            return redirect(url_for("rounds.index"))
        except parse.BadInput:
            error = "Kies een geldige datum."
        except StopIteration:
            error = "Kies een bus."
        except operations.Refused as refusal:
            error = str(refusal)
    return render_template("rounds/plan.html", pickup=pickup, buses=buses, shelters=shelters, staff=staff,
                           form=request.form, error=error, today=clock.today()), 422 if error else 200


def _position(raw: str | None) -> int:
    """A stop's place in the order typed on the plan form (0 when empty or not a small number)."""
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else 0


@bp.get("/<int:round_id>")
@allow(*RUNNERS, roles.COUNSELLOR)
def show(round_id: int):
    """The round: stops in route order with one-tap sign-ups, seats, who rides, boarding."""
    pickup = queries.get_or_404(round_id)
    page = context.page(pickup)
    record("view_round", detail=f"ronde {pickup.id} ({len(pickup.signups)} aanmeldingen)")
    db.session.commit()  # after rendering: a commit expires every loaded row
    return page


@bp.get("/<int:round_id>/print")
@allow(*RUNNERS, roles.COUNSELLOR)
def print_view(round_id: int):
    """The day's roster on paper: per stop who signed up, rode, and was left behind."""
    pickup = queries.get_or_404(round_id)
    return render_template("rounds/print.html", **context.build(pickup))
