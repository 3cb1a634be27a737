"""At a stop: search, one-tap sign-up (with the Loon naar Werken conditions), first-timers, undo."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from ..audit.operations import searched
from ..auth import roles
from ..auth.access import allow
from .. import params, parse
from ..errors import Refused
from ..extensions import db
from ..offline.device import tap
from ..offline.replay import idempotent
from ..workers import queries as worker_queries
from . import bp, context, operations, queries, rules


def _shelter_id(pickup) -> int:
    shelter_id = parse.ident(request.form.get("shelter_id") or request.args.get("shelter_id"), field="opvang")
    if shelter_id not in {s.shelter_id for s in pickup.stops}:
        abort(404)
    return shelter_id


@bp.get("/<int:round_id>/zoeken")
@allow(*roles.RUNNERS)
def search(round_id: int):
    """Find anyone by name to sign up at this stop."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    q = parse.search(request.args.get("q"))
    workers = worker_queries.search(q, limit=15) if len(q) >= 2 else []
    signed = {s.worker_id for s in pickup.signups}
    workers = [w for w in workers if w.id not in signed]
    if len(q) >= 2:
        searched(f"ophaalronde {pickup.id}", q, workers, page=f"de ronde van {pickup.bus.name}")
    taken = context.marks(pickup, [w.id for w in workers])
    context.free_first(workers, taken)
    return render_template("rounds/_search_results.html", pickup=pickup, shelter_id=shelter_id, q=q, workers=workers,
                           ranks=queries.ranks([w.id for w in workers], pickup.date), taken=taken)


@bp.get("/<int:round_id>/stops/<int:shelter_id>")
@allow(*roles.RUNNERS, roles.COUNSELLOR)
def stop(round_id: int, shelter_id: int):
    """One stop as it is now (also: declining a sign-up warning)."""
    pickup = queries.get_or_404(round_id)
    if shelter_id not in {s.shelter_id for s in pickup.stops}:
        abort(404)
    return context.stop_fragment(pickup, shelter_id)


@bp.post("/<int:round_id>/aanmelden")
@allow(*roles.RUNNERS)
@idempotent
def sign_up(round_id: int):
    """Sign a worker up at this stop with one tap (a warning first when conditions are not met)."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    worker = worker_queries.get_or_404(parse.ident(request.form.get("worker_id"), field="medewerker"))
    try:
        operations.sign_up(pickup, worker, shelter_id, params.client_id_arg(), params.flag_arg("confirmed"), tap().at)
    except Refused as refusal:
        return _refused(pickup, shelter_id, refusal)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id, just_signed=worker.id)


def _refused(pickup, shelter_id: int, refusal: Refused):
    """The stop with the refusal: unmet conditions ask "toch aanmelden?" (422: nothing was applied; a queued
    sign-up becomes a conflict to redo), anything else is said at the stop."""
    if refusal.code == "conditions":
        return context.stop_fragment(pickup, shelter_id, 422, pending={"message": refusal.message, "form": request.form})
    return context.stop_fragment(pickup, shelter_id, 422, notice=refusal.message, notice_stop=shelter_id)


@bp.post("/<int:round_id>/nieuw")
@allow(*roles.RUNNERS)
@idempotent
def first_timer(round_id: int):
    """Add a first-timer with just a name at this stop, flagged for intake today, and sign them up."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    name = " ".join(request.form.get("name", "").split())
    if not name or len(name) > 80:  # first_name holds 80; the field stops at 80, so only a hand-made request is longer
        notice = _("Vul een naam in (een roepnaam mag).") if not name else parse.too_long(80, len(name))
        return context.stop_fragment(pickup, shelter_id, 422, notice=notice, notice_stop=shelter_id)
    flags = {f: params.flag_arg(f) for f in rules.FLAGS}
    try:
        operations.add_first_timer(pickup, shelter_id, name, flags, params.client_id_arg(),
                                   params.flag_arg("confirmed"), tap().at)
    except Refused as refusal:
        if refusal.code != "conditions":
            db.session.rollback()
            pickup = queries.get_or_404(round_id)
        return _refused(pickup, shelter_id, refusal)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id)


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/intrekken")
@allow(*roles.RUNNERS)
@idempotent
def withdraw(round_id: int, signup_id: int):
    """Undo a sign-up made by mistake."""
    pickup = queries.get_or_404(round_id)
    signup = queries.signup_or_404(pickup, signup_id)
    shelter_id = signup.shelter_id
    try:
        operations.withdraw(pickup, signup)
    except Refused as refusal:
        return _refused(pickup, shelter_id, refusal)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id)
