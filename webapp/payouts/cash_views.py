"""The cash check (kascontrole): float in the morning, count at the end, a supervisor signs off."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params
from ..auth import roles
from ..auth.access import allow
from ..errors import Refused, refused_page
from ..fields import first_problem
from ..offline.replay import idempotent
from ..trajectory import access
from ..extensions import db
from . import bp, operations, queries
from .forms import CashCountForm
from .models import CashBox


@bp.get("/kas")
@allow(*roles.PAYERS)
def cash():
    """My cash box of the day, and for a supervisor every box of the day."""
    return render_template("payouts/cash.html", **_cash_context(params.day_arg()))


def _cash_context(day) -> dict:
    mine = operations.box_for(current_user.id, day) if day == clock.today() else queries.box(current_user.id, day)
    db.session.commit()
    boxes = [b for b in queries.boxes_on(day) if b.may_handle(current_user)]
    return {"day": day, "balances": [queries.balance(b) for b in boxes], "mine": mine}


def _box(box_id: int) -> CashBox:
    """The box, a 404 for one of a site I do not work for (as any object out of sight), a 403 when it is a
    colleague's at my site and I am not a supervisor."""
    box = queries.box_or_404(box_id)
    if box.staff_id != current_user.id and not access.shares_a_site(current_user, box.staff):
        abort(404)
    if not box.may_handle(current_user):
        abort(403)
    return box


def _refused(box: CashBox, message: str, step: str | None = None):
    """The cash page again with the refusal on top and what was typed in the form it came from: a 422."""
    db.session.rollback()
    typed = {"box_id": box.id, "step": step, "form": request.form}
    return refused_page(message, "payouts/cash.html", typed=typed, **_cash_context(box.date))


@bp.post("/kas/<int:box_id>/<any(begin, tellen):step>")
@allow(*roles.PAYERS)
@idempotent
def count(box_id: int, step: str):
    """Enter the morning's float and vouchers (begin), or the end-of-day count (tellen)."""
    box = _box(box_id)
    form = CashCountForm()
    if not form.validate():
        return _refused(box, first_problem(form), step)
    try:
        if step == "begin":
            operations.open_box(box, form.amount.data, form.vouchers.data)
        else:  # a difference without a word is kept too: the page then asks for one at the field (payouts/cash.html)
            operations.count_box(box, form.amount.data, form.vouchers.data, form.note.data or "")
    except Refused as refusal:
        return _refused(box, refusal.message, step)
    return redirect(url_for("payouts.cash", datum=box.date.isoformat()))


@bp.post("/kas/<int:box_id>/aftekenen")
@allow(roles.SUPERVISOR)
@idempotent
def sign_off(box_id: int):
    """Sign off a cash box: the day's payouts from it are locked."""
    box = _box(box_id)
    try:
        operations.sign_off(box)
    except Refused as refusal:
        return _refused(box, refusal.message)
    flash(_("Kas van %(who)s afgetekend.", who=box.staff.name), "ok")
    return redirect(url_for("payouts.cash", datum=box.date.isoformat()))
