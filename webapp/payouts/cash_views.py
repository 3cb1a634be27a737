"""The cash check (kascontrole): float in the morning, count at the end, a supervisor signs off."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..offline.replay import idempotent
from ..extensions import db
from ..formatting import parse_cents
from . import bp, operations, queries
from .models import CashBox
from .views import PAYERS


@bp.get("/kas")
@allow(*PAYERS)
def cash():
    """My cash box of the day, and for a supervisor every box of the day."""
    day = params.day_arg()
    mine = operations.box_for(current_user.id, day) if day == clock.today() else queries.box(current_user.id, day)
    db.session.commit()
    boxes = queries.boxes_on(day) if current_user.has_role(roles.SUPERVISOR) else [b for b in [mine] if b]
    return render_template("payouts/cash.html", day=day, balances=[queries.balance(b) for b in boxes], mine=mine)


def _box(box_id: int) -> CashBox:
    box = db.session.get(CashBox, box_id) or abort(404)
    if box.staff_id != current_user.id and not current_user.has_role(roles.SUPERVISOR):
        abort(403)
    return box


def _count(name: str) -> int:
    return parse.count(request.form.get(name), field="aantal kaarten")


@bp.post("/kas/<int:box_id>/<any(begin, tellen):step>")
@allow(*PAYERS)
@idempotent
def count(box_id: int, step: str):
    """Enter the morning's float and vouchers (begin), or the end-of-day count (tellen)."""
    box = _box(box_id)
    try:
        cents = parse_cents(request.form.get("amount", ""))
        if step == "begin":
            operations.open_box(box, cents, _count("vouchers"))
        else:
            if warning := operations.count_box(box, cents, _count("vouchers"), request.form.get("note", "")):
                flash(warning, "warning")
    except (ValueError, operations.Refused) as problem:
        flash(str(problem), "error")
    return redirect(url_for("payouts.cash", datum=box.date.isoformat()))


@bp.post("/kas/<int:box_id>/aftekenen")
@allow(roles.SUPERVISOR)
@idempotent
def sign_off(box_id: int):
    """Sign off a cash box: the day's payouts from it are locked."""
    box = _box(box_id)
    try:
        operations.sign_off(box)
    except operations.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(f"Kas van {box.staff.name} afgetekend.", "ok")
    return redirect(url_for("payouts.cash", datum=box.date.isoformat()))
