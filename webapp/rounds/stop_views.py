"""At a stop: search, one-tap sign-up (with the Loon naar Werken conditions), first-timers, undo."""

from flask import abort, render_template, request
from sqlalchemy import select

from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from .. import parse
from ..extensions import db
from ..offline.device import tap
from ..offline.replay import idempotent
from ..workers import queries as worker_queries
from . import bp, context, operations, queries
from .models import SignUp

RUNNERS = (roles.ASSISTANT, roles.SUPERVISOR)


def _shelter_id(pickup) -> int:
    shelter_id = parse.ident(request.form.get("shelter_id") or request.args.get("shelter_id"), field="opvang")
    if shelter_id not in {s.shelter_id for s in pickup.stops}:
        abort(404)
    return shelter_id


@bp.get("/<int:round_id>/zoeken")
@allow(*RUNNERS)
def search(round_id: int):
    """Find anyone by name to sign up at this stop."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    q = parse.search(request.args.get("q"))
    workers = worker_queries.search(q, limit=15) if len(q) >= 2 else []
    if workers:
        record("search", detail=f"ophaalronde: {len(workers)} gevonden")
        db.session.commit()
    signed = {s.worker_id for s in pickup.signups}
    workers = [w for w in workers if w.id not in signed]
    taken = context.marks(pickup, [w.id for w in workers])
    context.free_first(workers, taken)
    return render_template("rounds/_search_results.html", pickup=pickup, shelter_id=shelter_id, q=q, workers=workers,
                           ranks=queries.ranks([w.id for w in workers], pickup.date), taken=taken)


@bp.get("/<int:round_id>/stops/<int:shelter_id>")
@allow(*RUNNERS, roles.COUNSELLOR)
def stop(round_id: int, shelter_id: int):
    """One stop as it is now (also: declining a sign-up warning)."""
    pickup = queries.get_or_404(round_id)
    if shelter_id not in {s.shelter_id for s in pickup.stops}:
        abort(404)
    return context.stop_fragment(pickup, shelter_id)


@bp.post("/<int:round_id>/aanmelden")
@allow(*RUNNERS)
@idempotent
def sign_up(round_id: int):
    """Sign a worker up at this stop with one tap (a warning first when conditions are not met)."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    worker = worker_queries.get_or_404(parse.ident(request.form.get("worker_id"), field="medewerker"))
    try:
        operations.sign_up(pickup, worker, shelter_id, parse.client_id(request.form.get("client_id")),
                           parse.flag(request.form.get("confirmed")), tap().at)
    except operations.ConditionsUnmet as unmet:
        # 422: nothing was applied; the assistant confirms or declines (a queued sign-up becomes a conflict to redo)
        return context.stop_fragment(pickup, shelter_id, 422, pending={"message": str(unmet), "form": request.form})
    except operations.Refused as refusal:
        return context.stop_fragment(pickup, shelter_id, 422, notice=str(refusal), notice_stop=shelter_id)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id)


@bp.post("/<int:round_id>/nieuw")
@allow(*RUNNERS)
@idempotent
def first_timer(round_id: int):
    """Add a first-timer with just a name at this stop, flagged for intake today, and sign them up."""
    pickup = queries.get_or_404(round_id)
    shelter_id = _shelter_id(pickup)
    name = " ".join(request.form.get("name", "").split())[:80]  # first_name holds 80
    if not name:
        return context.stop_fragment(pickup, shelter_id, 422, notice="Vul een naam in (een roepnaam mag).", notice_stop=shelter_id)
    flags = {f: parse.flag(request.form.get(f)) for f in operations.CONDITIONS}
    try:
        operations.add_first_timer(pickup, shelter_id, name, flags, parse.client_id(request.form.get("client_id")),
                                   parse.flag(request.form.get("confirmed")), tap().at)
    except operations.ConditionsUnmet as unmet:
        # 422: nothing was applied; the assistant confirms or declines (a queued sign-up becomes a conflict to redo)
        return context.stop_fragment(pickup, shelter_id, 422, pending={"message": str(unmet), "form": request.form})
    except operations.Refused as refusal:
        db.session.rollback()
        return context.stop_fragment(queries.get_or_404(round_id), shelter_id, 422, notice=str(refusal), notice_stop=shelter_id)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id)


@bp.post("/<int:round_id>/aanmeldingen/<int:signup_id>/intrekken")
@allow(*RUNNERS)
@idempotent
def withdraw(round_id: int, signup_id: int):
    """Undo a sign-up made by mistake."""
    pickup = queries.get_or_404(round_id)
    signup = db.session.scalar(select(SignUp).where(SignUp.id == signup_id, SignUp.round_id == pickup.id)) or abort(404)
    shelter_id = signup.shelter_id
    try:
        operations.withdraw(pickup, signup)
    except operations.Refused as refusal:
        return context.stop_fragment(pickup, shelter_id, 422, notice=str(refusal), notice_stop=shelter_id)
    return context.stop_fragment(queries.get_or_404(round_id), shelter_id)
