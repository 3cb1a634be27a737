"""In the bus: decide who rides, check people off as they board, and arrive."""
import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_blocks
from sqlalchemy import select

from ..auth import roles
from ..auth.access import allow
from ..offline.replay import idempotent
from ..extensions import db
from . import bp, context, operations, queries
from .models import SignUp

RUNNERS = (roles.ASSISTANT, roles.SUPERVISOR)


@bp.post("/<int:round_id>/keuze")
@allow(*RUNNERS)
@idempotent
def decide(round_id: int):
    """Record who rides: the proposal, or the proposal with swaps."""
    pickup = queries.get_or_404(round_id)
    riders = {int(i) for i in request.form.getlist("rides") if i.isdigit()}
    try:
        operations.decide(pickup, riders)
    except operations.Refused as refusal:
        flash(str(refusal), "error")
        return context.page(pickup, chosen=riders), 422
    flash("Vastgelegd wie er meerijdt.", "ok")
    return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/instappen")
@bp.post("/<int:round_id>/instappen", defaults={"signup_id": None})
@allow(*RUNNERS)
@idempotent
def board(round_id: int, signup_id: int | None):
    """Check someone off as they board (boarded=1) or undo it (boarded=0); by sign-up, or by worker for
    someone who was signed up offline and has no sign-up number on the phone yet."""
    pickup = queries.get_or_404(round_id)
    match = SignUp.id == signup_id if signup_id else SignUp.worker_id == request.form.get("worker_id", type=int)
    signup = db.session.scalar(select(SignUp).where(match, SignUp.round_id == pickup.id)) or abort(404)
    notice, status = None, 200
    try:
        operations.board(pickup, signup, request.form.get("boarded") == "1")
    except operations.Refused as refusal:
        notice, status = str(refusal), 422
    if not request.htmx:
        if notice:
            flash(notice, "error")
        return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))
    return render_blocks(context.TEMPLATE, ["riders", "seat_counter"], oob=True, riders_oob=False, board_notice=notice,
                         **context.build(pickup)), status


@bp.route("/<int:round_id>/aankomst", methods=["GET", "POST"])
@allow(*RUNNERS)
@idempotent
def arrive(round_id: int):
    """At the work place: confirm who is here; their Loon naar Werken attendance is created at once."""
    pickup = queries.get_or_404(round_id)
    boarded = [s for s in pickup.signups if s.boarded_at is not None]
    if request.method == "POST":
        try:
            by_worker = {s.worker_id: s.id for s in pickup.signups}
            present = {int(i) for i in request.form.getlist("present") if i.isdigit()}
            present |= {by_worker[int(w)] for w in request.form.getlist("present_worker") if w.isdigit() and int(w) in by_worker}
            count = operations.arrive(pickup, present)
        except operations.Refused as refusal:
            return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=str(refusal),
                                   new_client_id=str(uuid.uuid4())), 422
        flash(f"Aangekomen: {count} mensen staan aanwezig op de werkdag van Loon naar Werken.", "ok")
        return redirect(url_for("rounds.show", round_id=pickup.id))
    return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=None, new_client_id=str(uuid.uuid4()))
