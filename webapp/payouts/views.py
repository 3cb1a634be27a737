"""The Uitbetaling tab: the Loon naar Werken day list, the Via Via week list, paying, reversing."""
from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import clock, params, parse
from ..attendance import floor
from ..attendance import rules as attendance_rules
from ..auth import roles
from ..auth.access import allow
from ..offline.device import tap
from ..offline.replay import idempotent
from ..errors import Refused
from ..fields import first_problem
from ..org import queries as org_queries
from ..formatting import unit as unit_words
from ..org.models import Workshop
from ..workers import queries as worker_queries
from . import bp, operations, queries, rules
from .forms import RuleForm

bp.add_app_template_global(operations.GRANT_REASON_MAX, "grant_reason_max")  # the reason field's maxlength


def _list_context(programme: str, unit: str, worker_id: int | None = None, workshop_id: int | None = None) -> dict:
    """The list of a day or a week; with `worker_id` only that worker's line (a payment's answer)."""
    entries = (queries.lnw_day(date.fromisoformat(unit), worker_id) if programme == "lnw"
               else queries.viavia_week(unit, worker_id, workshop_id))
    ready = queries.payable_from(programme, unit)
    box = queries.box(current_user.id, clock.today())
    return {"programme": programme, "unit": unit, "entries": entries, "ready_at": ready,
            "box_closed": box is not None and box.signed_off_at is not None,
            "no_opening": box is None or box.opening_cents is None,  # today's cash count has nothing to start from
            "rule": queries.rule_in_force(programme, unit),
            "is_ready": ready is not None and clock.now() >= ready, "voucher_types": rules.VOUCHER_TYPES,
            "last_vouchers": queries.last_voucher_types([e.worker.id for e in entries]),
            "today": clock.today()}


@bp.get("/")
@allow(*roles.PAYERS)
def index():
    """Today's Loon naar Werken list; Via Via and the cash check one tap away."""
    operations.ensure_default_rules()
    day = params.day_arg()
    context = _list_context("lnw", day.isoformat())
    offline = queries.offline_entry(day) if day == clock.today() else None
    offline_row = render_block("payouts/list.html", "entry", entry=offline, entry_error=None, **context) if offline else ""
    return render_template("payouts/list.html", day=day, offline_row=offline_row, prev_day=rules.working_day(day, -1),
                           next_day=rules.working_day(day, 1), **context)


@bp.get("/viavia")
@allow(*roles.PAYERS)
def viavia():
    """The Via Via week: attended dagdelen, premium, travel costs and total per worker."""
    operations.ensure_default_rules()
    unit = params.week_arg()
    days = rules.week_days(unit)
    workshops = org_queries.active_workshops("viavia")
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
    wanted = params.id_arg("werkplaats", field="werkplaats") if asked else floor.remembered()
    return next((w for w in workshops if w.id == wanted), None)


@bp.post("/betalen")
@allow(*roles.PAYERS)
@idempotent
def pay():
    """Pay one worker for one day (lnw) or week (viavia) with one tap; returns their updated line."""
    programme, unit, voucher_type = _payment(request.form)
    worker = worker_queries.by_reference(request.form.get("worker_id", ""))
    error = None
    try:
        operations.pay(worker.id, programme, unit, voucher_type, params.client_id_arg(), tap().at,
                       offline=params.flag_arg("offline"))
    except Refused as refusal:
        if not request.htmx:
            raise  # a plain form: the Dutch 422 page
        error = refusal.message
    if not request.htmx:
        flash(_("%(name)s betaald.", name=worker.display_name), "ok")
        return redirect(url_for("payouts.index", datum=unit) if programme == "lnw" else url_for("payouts.viavia", week=unit))
    context = _list_context(programme, unit, worker_id=worker.id)
    entry = next(iter(context["entries"]), None)
    return render_block("payouts/list.html", "entry", entry=entry, entry_error=error, **context), 422 if error else 200


def _payment(form) -> tuple[str, str, str | None]:
    """The programme, its unit in the one canonical spelling, and the voucher a pay tap names; else a Dutch 422.
    The card is `voucher_type`, or, when the list's one form posts every row's card chip (a phone without
    JavaScript, templates/payouts/list.html), the one named for the person the button names."""
    programme = (form.get("programme") or "").strip()
    unit = parse.unit(programme, form.get("unit"))
    voucher_type = (form.get("voucher_type") or form.get(f"voucher_type-{form.get('worker_id', '')}") or "").strip() or None
    if voucher_type is not None and voucher_type not in rules.VOUCHER_TYPES:
        raise parse.BadInput(_("Kies de kaart: slaaphuis of maaltijd."))
    return programme, unit, voucher_type


@bp.route("/regel/<int:line_id>/terugboeken", methods=["GET", "POST"])
@allow(*roles.PAYERS)
@idempotent
def reverse(line_id: int):
    """Reverse a wrong payout with a reason; the original stays in the ledger."""
    line = queries.line_or_404(line_id)
    error = None
    if request.method == "POST":
        try:
            operations.reverse(line, request.form.get("reason", ""))
        except Refused as refusal:
            error = refusal.message
        else:
            flash(_("Teruggeboekt: %(name)s, %(unit)s.", name=line.worker.display_name, unit=unit_words(line.unit)), "ok")
            return redirect(url_for("payouts.cash"))
    return render_template("payouts/reverse.html", line=line, error=error, reason=request.form.get("reason", "")), 422 if error else 200


@bp.post("/lnw/toestaan")
@allow(*attendance_rules.EARLY_LEAVE_GRANTERS)
@idempotent
def grant():
    """Let a day left early be paid after all (supervisor, with a reason)."""
    worker = worker_queries.get_or_404(params.required_id_arg("worker_id", field="medewerker"))
    day = params.day_arg()
    operations.grant_early_leave(worker, day, request.form.get("reason", ""))  # Refused: the Dutch 422
    flash(_("Vroeg weg van %(name)s wordt toch uitbetaald.", name=worker.display_name), "ok")
    return redirect(url_for("payouts.index", datum=day.isoformat()))


@bp.route("/regels", methods=["GET", "POST"])
@allow(roles.ADMIN)
def rule_list():
    """The payout rules as data: every version with its start date; a change is a new version."""
    operations.ensure_default_rules()
    form = RuleForm()
    error = None
    if form.is_submitted():
        if form.validate():
            operations.add_rule(form.rule())
            flash(_("Nieuwe versie van de regel opgeslagen."), "ok")
            return redirect(url_for("payouts.rule_list"))
        error = first_problem(form)
    versions = queries.rule_versions()
    return render_template("payouts/rules.html", versions=versions, error=error, form=request.form), 422 if error else 200
