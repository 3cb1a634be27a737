"""In the bus: decide who rides, check people off as they board, settle a double boarding, and arrive."""

from flask import abort, flash, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_blocks

from .. import parse
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from ..offline.device import tap
from ..offline.replay import idempotent
from ..workers.models import Worker
from . import bp, context, edge, operations, queries
from .models import SignUp

RUNNERS = (roles.ASSISTANT, roles.SUPERVISOR)


def _signups_of(signups, references: list[str]) -> set[int]:
    """The sign-ups among these of the workers a phone names: by worker id, or by the client UUID of a
    sign-up made on the phone (its worker may have been created offline, as a first-timer)."""
    return {s.id for s in signups if str(s.worker_id) in references or (s.client_id and s.client_id in references)}


def _signup_of_day(pickup, signup_id: int) -> SignUp:
    """A sign-up of this round's date (on this round or another bus), or a 404."""
    signup = db.session.get(SignUp, signup_id)
    return signup if signup is not None and signup.date == pickup.date else abort(404)


def _named(pickup) -> SignUp:
    """The day's sign-up of the worker the phone names; a Dutch refusal when they are signed up nowhere today."""
    reference = request.form.get("worker_id", "")
    signup = queries.signup_named(pickup.date, reference)
    if signup is None:
        worker = db.session.get(Worker, parse.ident(reference, field="medewerker")) if reference.strip().isdigit() else None
        if worker is None:
            abort(404)
        raise operations.Refused(f"{worker.display_name} is vandaag nergens aangemeld; meld eerst aan.")
    return signup


@bp.post("/<int:round_id>/keuze")
@allow(*RUNNERS)
@idempotent
def decide(round_id: int):
    """Record who rides: the proposal, or the proposal with swaps."""
    pickup = queries.get_or_404(round_id)
    riders = edge.ids("rides", "aanmelding") | _signups_of(pickup.signups, edge.references("rides_worker"))
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
    """Check someone off as they board (boarded=1) or undo it (boarded=0), at the tap's time; by sign-up, or by
    worker reference for someone signed up offline. Someone signed up on another bus who boards here moves here."""
    pickup = queries.get_or_404(round_id)
    notice, status = None, 200
    try:
        signup = _signup_of_day(pickup, signup_id) if signup_id is not None else _named(pickup)
        operations.board(pickup, signup, parse.flag(request.form.get("boarded")), tap().at)
    except operations.Refused as refusal:
        db.session.rollback()
        notice, status = str(refusal), 422
    if not request.htmx:  # a plain form (or a replay: the idempotent decorator turns a flashed refusal into a 422)
        if notice:
            flash(notice, "error")
        return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))
    return render_blocks(context.TEMPLATE, ["riders", "seat_counter"], oob=True, riders_oob=False, board_notice=notice,
                         **context.build(queries.get_or_404(round_id))), status


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/dubbel")
@allow(roles.SUPERVISOR)
@idempotent
def resolve(round_id: int, signup_id: int):
    """Settle 'ingestapt in twee bussen' with one tap: the bus the person was on keeps their sign-up."""
    pickup = queries.get_or_404(round_id)
    signup = _signup_of_day(pickup, signup_id)
    rode_on = queries.get_or_404(request.form.get("rode"))
    if rode_on.date != pickup.date:
        abort(404)
    name = signup.worker.display_name
    try:
        operations.resolve(signup, rode_on)
        flash(f"Vastgelegd: {name} zat in {rode_on.bus.name}.", "ok")
    except operations.Refused as refusal:
        flash(str(refusal), "error")
    return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))


@bp.route("/<int:round_id>/aankomst", methods=["GET", "POST"])
@allow(*RUNNERS)
@idempotent
def arrive(round_id: int):
    """At the work place: confirm who is here; their Loon naar Werken attendance is created at once, at the tap's time."""
    pickup = queries.get_or_404(round_id)
    boarded = queries.on_board(pickup)
    if request.method == "POST":
        try:
            present = edge.ids("present", "aanmelding") | _signups_of(boarded, edge.references("present_worker"))
            count = operations.arrive(pickup, present, tap())
        except operations.Refused as refusal:
            return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=str(refusal)), 422
        flash(f"Aangekomen: {count} mensen staan aanwezig op de werkdag van Loon naar Werken.", "ok")
        return redirect(url_for("rounds.show", round_id=pickup.id))
    return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=None)
