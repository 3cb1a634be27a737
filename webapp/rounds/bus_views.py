"""In the bus: decide who rides, check people off as they board, and arrive."""
import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_blocks

from ..auth import roles
from ..auth.access import allow
from ..offline.replay import idempotent
from . import bp, context, operations, queries

RUNNERS = (roles.ASSISTANT, roles.SUPERVISOR)


def _signups_of(pickup, references: list[str]) -> set[int]:
    """This round's sign-ups of the workers a phone names: by worker id, or by the client UUID of a
    sign-up made on the phone (its worker may have been created offline, as a first-timer)."""
    ids = {int(r) for r in references if r.isdigit()}
    clients = {r for r in references if r and not r.isdigit()}
    return {s.id for s in pickup.signups if s.worker_id in ids or (s.client_id and s.client_id in clients)}


@bp.post("/<int:round_id>/keuze")
@allow(*RUNNERS)
@idempotent
def decide(round_id: int):
    """Record who rides: the proposal, or the proposal with swaps."""
    pickup = queries.get_or_404(round_id)
    riders = {int(i) for i in request.form.getlist("rides") if i.isdigit()}
    riders |= _signups_of(pickup, request.form.getlist("rides_worker"))
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
    """Check someone off as they board (boarded=1) or undo it (boarded=0); by sign-up, or by worker
    reference for someone who was signed up offline and has no sign-up number on the phone yet."""
    pickup = queries.get_or_404(round_id)
    if signup_id is None:
        signup_id = next(iter(_signups_of(pickup, [request.form.get("worker_id", "")])), None)
    signup = next((s for s in pickup.signups if s.id == signup_id), None) or abort(404)
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
            present = {int(i) for i in request.form.getlist("present") if i.isdigit()}
            present |= _signups_of(pickup, request.form.getlist("present_worker"))
            count = operations.arrive(pickup, present)
        except operations.Refused as refusal:
            return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=str(refusal),
                                   new_client_id=str(uuid.uuid4())), 422
        flash(f"Aangekomen: {count} mensen staan aanwezig op de werkdag van Loon naar Werken.", "ok")
        return redirect(url_for("rounds.show", round_id=pickup.id))
    return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=None, new_client_id=str(uuid.uuid4()))
