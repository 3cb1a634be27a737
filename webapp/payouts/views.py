"""The Uitbetaling tab: the Loon naar Werken day list, the Via Via week list, paying, reversing."""
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block
from sqlalchemy import select

from .. import clock, params, parse
from ..attendance.views import COOKIE as FLOOR_COOKIE
from ..auth import roles
from ..auth.access import allow
from ..offline.device import tap
from ..offline.replay import idempotent
from ..extensions import db
from ..formatting import parse_cents
from ..org.models import Workshop
from ..workers import queries as worker_queries
from . import bp, operations, queries, rules
from .models import LedgerLine, PayoutRule

PAYERS = (roles.ASSISTANT, roles.SUPERVISOR)


def _list_context(programme: str, unit: str, worker_id: int | None = None, workshop_id: int | None = None) -> dict:
    """The list of a day or a week; with `worker_id` only that worker's line (a payment's answer)."""
    entries = (queries.lnw_day(date.fromisoformat(unit), worker_id) if programme == "lnw"
               else queries.viavia_week(unit, worker_id, workshop_id))
    ready = queries.payable_from(programme, unit)
    return {"programme": programme, "unit": unit, "entries": entries, "ready_at": ready,
            "is_ready": ready is not None and clock.now() >= ready, "voucher_types": rules.VOUCHER_TYPES,
            "last_vouchers": queries.last_voucher_types([e.worker.id for e in entries]),
            "today": clock.today()}


@bp.get("/")
@allow(*PAYERS)
def index():
    """Today's Loon naar Werken list; Via Via and the cash check one tap away."""
    operations.ensure_default_rules()
    day = params.day_arg()
    context = _list_context("lnw", day.isoformat())
    offline = queries.offline_entry(day) if day == clock.today() else None
    offline_row = render_block("payouts/list.html", "entry", entry=offline, entry_error=None, **context) if offline else ""
    return render_template("payouts/list.html", day=day, offline_row=offline_row, **context)


@bp.get("/viavia")
@allow(*PAYERS)
def viavia():
    """The Via Via week: attended dagdelen, premium, travel costs and total per worker."""
    operations.ensure_default_rules()
    unit = params.week_arg()
    days = rules.week_days(unit)
    workshops = db.session.scalars(select(Workshop).where(Workshop.programme == "viavia", Workshop.active.is_(True))
                                   .order_by(Workshop.name)).all()
    workshop = _viavia_workshop(workshops)
    return render_template("payouts/list.html", days=days, prev_week=rules.week_unit(days[0] - timedelta(days=7)),
                           next_week=rules.week_unit(days[0] + timedelta(days=7)), workshops=workshops, workshop=workshop,
                           **_list_context("viavia", unit, workshop_id=workshop.id if workshop else None))


def _viavia_workshop(workshops: list[Workshop]) -> Workshop | None:
    """The workshop whose people the week list shows: the one asked for ("alle" for everyone), else this
    phone's workshop when it is a Via Via one, else everyone."""
    asked = request.args.get("werkplaats", "")
    if asked == "alle":
        return None
    wanted = params.id_arg("werkplaats", field="werkplaats") if asked else params.cookie_id(FLOOR_COOKIE)
    return next((w for w in workshops if w.id == wanted), None)


@bp.post("/betalen")
@allow(*PAYERS)
@idempotent
def pay():
    """Pay one worker for one day (lnw) or week (viavia) with one tap; returns their updated line."""
    programme, unit, voucher_type = _payment(request.form)
    worker = worker_queries.by_reference(request.form.get("worker_id", ""))
    error = None
    try:
        operations.pay(worker.id, programme, unit, voucher_type, request.form.get("client_id") or None, tap().at,
                       offline=parse.flag(request.form.get("offline")))
    except operations.Refused as refusal:
        error = str(refusal)
    context = _list_context(programme, unit, worker_id=worker.id)
    entry = next(iter(context["entries"]), None)
    if not request.htmx:
        flash(error or f"{worker.display_name} betaald.", "error" if error else "ok")
        return redirect(url_for("payouts.index", datum=unit) if programme == "lnw" else url_for("payouts.viavia", week=unit))
    return render_block("payouts/list.html", "entry", entry=entry, entry_error=error, **context), 422 if error else 200


def _payment(form) -> tuple[str, str, str | None]:
    """The programme, its unit in the one canonical spelling, and the voucher a pay tap names; else a Dutch 422."""
    programme = (form.get("programme") or "").strip()
    unit = parse.unit(programme, form.get("unit"))
    voucher_type = (form.get("voucher_type") or "").strip() or None
    if voucher_type is not None and voucher_type not in rules.VOUCHER_TYPES:
        raise parse.BadInput("Kies de kaart: slaaphuis of maaltijd.")
    return programme, unit, voucher_type


@bp.route("/regel/<int:line_id>/terugboeken", methods=["GET", "POST"])
@allow(*PAYERS)
@idempotent
def reverse(line_id: int):
    """Reverse a wrong payout with a reason; the original stays in the ledger."""
    line = db.session.get(LedgerLine, line_id) or abort(404)
    error = None
    if request.method == "POST":
        try:
            operations.reverse(line, request.form.get("reason", ""))
        except operations.Refused as refusal:
            error = str(refusal)
        else:
            flash(f"Teruggeboekt: {line.worker.display_name}, {line.unit}.", "ok")
            return redirect(url_for("payouts.cash"))
    return render_template("payouts/reverse.html", line=line, error=error, reason=request.form.get("reason", "")), 422 if error else 200


@bp.post("/lnw/toestaan")
@allow(roles.SUPERVISOR)
@idempotent
def grant():
    """Let a day left early be paid after all (supervisor, with a reason)."""
    worker = worker_queries.get_or_404(params.required_id_arg("worker_id", field="medewerker"))
    day = params.day_arg()
    try:
        operations.grant_early_leave(worker, day, request.form.get("reason", ""))
    except operations.Refused as refusal:
        flash(str(refusal), "error")
    else:
        flash(f"Vroeg weg van {worker.display_name} wordt toch uitbetaald.", "ok")
    return redirect(url_for("payouts.index", datum=day.isoformat()))


@bp.route("/regels", methods=["GET", "POST"])
@allow(roles.ADMIN)
def rule_list():
    """The payout rules as data: every version with its start date; a change is a new version."""
    operations.ensure_default_rules()
    error = None
    if request.method == "POST":
        try:
            operations.add_rule(_rule_form(request.form))
        except ValueError as problem:
            error = str(problem)
        else:
            flash("Nieuwe versie van de regel opgeslagen.", "ok")
            return redirect(url_for("payouts.rule_list"))
    versions = db.session.scalars(select(PayoutRule).order_by(PayoutRule.programme, PayoutRule.effective_from.desc())).all()
    return render_template("payouts/rules.html", versions=versions, error=error, form=request.form), 422 if error else 200


def _rule_form(form) -> dict:
    if form.get("programme") not in ("lnw", "viavia"):
        raise ValueError("Kies Loon naar Werken of Via Via.")
    try:
        effective = parse.day(form.get("effective_from"), field="ingangsdatum")
    except parse.BadInput:
        raise ValueError("Kies de datum vanaf wanneer de regel geldt.") from None
    numbers = {name: parse.count(form.get(name), field=label, limit=1000)
               for name, label in (("min_units", "minimum"), ("max_units", "maximum"), ("vouchers", "kaarten"))}
    if numbers["max_units"] < numbers["min_units"]:
        raise ValueError("Het maximum moet minstens het minimum zijn.")
    phase = parse.count(form.get("phase"), field="fase", limit=99) if (form.get("phase") or "").strip() else None
    return {"programme": form["programme"], "effective_from": effective, "phase": phase,
            "amount_cents": parse_cents(form.get("amount", "")), "travel": form.get("travel") == "1",
            "early_leave_paid": form.get("early_leave_paid") == "1", **numbers}
