"""In the bus: decide who rides, check people off as they board, settle a double boarding, and arrive."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_blocks

from .. import params, parse
from ..auth import roles
from ..auth.access import allow
from ..errors import Refused, refused_page
from ..extensions import db
from ..offline.device import tap
from ..offline.replay import idempotent
from ..workers.models import Worker
from . import bp, context, edge, operations, queries
from .models import SignUp


def _signups_of(signups, references: list[str]) -> set[int]:
    """The sign-ups among these of the workers a phone names: by worker id, or by the client UUID of a
    sign-up made on the phone (its worker may have been created offline, as a first-timer)."""
    return {s.id for s in signups if str(s.worker_id) in references or (s.client_id and s.client_id in references)}


def _named(pickup) -> SignUp:
    """The day's sign-up of the worker the phone names; a Dutch refusal when they are signed up nowhere today."""
    reference = request.form.get("worker_id", "")
    signup = queries.signup_named(pickup.date, reference)
    if signup is None:
        worker = db.session.get(Worker, parse.ident(reference, field="medewerker")) if reference.strip().isdigit() else None
        if worker is None:
            abort(404)
        raise Refused(_("%(name)s is vandaag nergens aangemeld; meld eerst aan.", name=worker.display_name))
    return signup


def _boarding_answer(round_id: int, notice: str | None, status: int):
    """After a boarding tap: htmx gets the riders and the seat counter (with the refusal, if any); a plain form or
    a replay from the queue goes back to the boarding list, or reads the refusal on the round."""
    pickup = queries.get_or_404(round_id)
    if not request.htmx:
        if notice:
            return refused_page(notice, context.TEMPLATE, **context.build(pickup))
        return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))
    return render_blocks(context.TEMPLATE, ["riders", "seat_counter"], oob=True, riders_oob=False, board_notice=notice,
                         **context.build(pickup)), status


@bp.post("/<int:round_id>/keuze")
@allow(*roles.RUNNERS)
@idempotent
def decide(round_id: int):
    """Record who rides: the proposal, or the proposal with swaps."""
    pickup = queries.get_or_404(round_id)
    riders = edge.ids("rides", "aanmelding") | _signups_of(pickup.signups, edge.references("rides_worker"))
    try:
        operations.decide(pickup, riders)
    except Refused as refusal:
        return refused_page(refusal.message, context.TEMPLATE, in_place=True, **context.build(pickup), chosen=riders,
                            decide_notice=refusal.message)
    flash(_("Vastgelegd wie er meerijdt."), "ok")
    return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/instappen")
@bp.post("/<int:round_id>/instappen", defaults={"signup_id": None})
@allow(*roles.RUNNERS)
@idempotent
def board(round_id: int, signup_id: int | None):
    """Check someone off as they board (boarded=1) or undo it (boarded=0), at the tap's time; by sign-up, or by
    worker reference for someone signed up offline. Someone signed up on another bus who boards here moves here."""
    pickup = queries.get_or_404(round_id)
    notice, status = None, 200
    try:
        signup = queries.signup_of_day_or_404(pickup, signup_id) if signup_id is not None else _named(pickup)
        operations.board(pickup, signup, params.flag_arg("boarded"), tap().at)
    except Refused as refusal:
        db.session.rollback()
        notice, status = refusal.message, 422
    return _boarding_answer(round_id, notice, status)


@bp.post("/<int:round_id>/stops/<int:shelter_id>/instappen")
@allow(*roles.RUNNERS)
@idempotent
def board_stop(round_id: int, shelter_id: int):
    """Check off with one tap everyone of a stop the button named ("Alle 3 van De Boei ingestapt"), at the tap's time;
    by sign-up, or by worker reference for someone signed up offline."""
    pickup = queries.get_or_404(round_id)
    if shelter_id not in {s.shelter_id for s in pickup.stops}:
        abort(404)
    chosen = edge.ids("signup", "aanmelding") | _signups_of(pickup.signups, edge.references("worker"))
    signups = [s for s in queries.signups_of_day(pickup.date) if s.id in chosen]
    notice, status = None, 200
    try:
        operations.board_stop(pickup, signups, tap().at)
    except Refused as refusal:
        db.session.rollback()
        notice, status = refusal.message, 422
    return _boarding_answer(round_id, notice, status)


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/dubbel")
@allow(roles.SUPERVISOR)
@idempotent
def resolve(round_id: int, signup_id: int):
    """Settle 'ingestapt in twee bussen' with one tap: the bus the person was on keeps their sign-up."""
    pickup = queries.get_or_404(round_id)
    signup = queries.signup_of_day_or_404(pickup, signup_id)
    rode_on = queries.get_or_404(request.form.get("rode"))
    if rode_on.date != pickup.date:
        abort(404)
    name = signup.worker.display_name
    try:
        operations.resolve(signup, rode_on)
    except Refused as refusal:
        return refused_page(refusal.message, context.TEMPLATE, **context.build(pickup))
    flash(_("Vastgelegd: %(name)s zat in %(bus)s.", name=name, bus=rode_on.bus.name), "ok")
    return redirect(url_for("rounds.show", round_id=pickup.id, _anchor="instappen"))


@bp.route("/<int:round_id>/aankomst", methods=["GET", "POST"])
@allow(*roles.RUNNERS)
@idempotent
def arrive(round_id: int):
    """At the work place: confirm who is here; their Loon naar Werken attendance is created at once, at the tap's time."""
    pickup = queries.get_or_404(round_id)
    boarded = queries.on_board(pickup)
    if request.method == "POST":
        try:
            present = edge.ids("present", "aanmelding") | _signups_of(boarded, edge.references("present_worker"))
            count = operations.arrive(pickup, present, tap())
        except Refused as refusal:
            return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=refusal.message), 422
        flash(_("Aangekomen: %(n)s mensen staan aanwezig op de werkdag van Loon naar Werken.", n=count), "ok")
        return redirect(url_for("rounds.show", round_id=pickup.id))
    return render_template("rounds/arrive.html", pickup=pickup, boarded=boarded, error=None)
