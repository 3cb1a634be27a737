"""The Werkvloer tab: today's board per workshop, one-tap attendance, adding someone, kort op de man."""
from datetime import date

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from jinja2_fragments.flask import render_block, render_blocks

from .. import clock, params, parse
from ..audit.operations import searched
from ..auth import roles
from ..auth.access import allow
from ..offline import placeholder
from ..offline.device import tap
from ..offline.replay import idempotent
from ..errors import Refused
from ..fields import first_problem
from ..extensions import db
from ..org import queries as org_queries
from ..org.models import Workshop
from ..trajectory import access
from ..workers import queries as worker_queries
from . import bp, floor, operations, queries, rules
from .forms import StatusForm

REASONS = {"ziek": _l("ziek"), "afspraak": _l("afspraak"), "anders": _l("anders")}  # stored in Dutch, shown translated


def _current_block(workshop: Workshop, day: date):
    """The block asked for, else the one going on now (or next), else the first."""
    wanted = params.id_arg("blok", field="dagdeel")
    blocks = workshop.blocks
    if chosen := next((b for b in blocks if b.id == wanted), None):
        return chosen
    if wanted is not None and request.method == "POST":  # a tap names its dagdeel: never land it on another
        raise parse.BadInput(_("Dit dagdeel hoort niet bij %(workshop)s; vernieuw de pagina.", workshop=workshop.name))
    now = clock.local(clock.now()).time()
    return next((b for b in blocks if now < b.ends_at), blocks[0]) if day == clock.today() else blocks[0]


def _context(workshop: Workshop, day: date, block) -> dict:
    rows, tallies = queries.board(workshop, day, [block.id])
    return {"rows": rows[block.id], "tally": tallies[block.id], **_labels(workshop, day, block)}


def _labels(workshop: Workshop, day: date, block) -> dict:
    """What a board's rows show besides the rows themselves."""
    return {"workshop": workshop, "day": day, "block": block,
            "statuses": rules.STATUSES, "reasons": REASONS, "open_status": rules.OPEN, "clear_label": rules.SETTABLE[rules.OPEN],
            "may_count_early_leave": rules.may_count_early_leave(current_user.role), "note_max": rules.NOTE_MAX,
            "offers_present_tap": rules.offers_present_tap,
            "today": clock.today()}


@bp.get("/")
@allow(*roles.FLOOR)
def index():
    """Go to this device's workshop, or pick one ("Andere werkplaats" asks for the list: `?kies=1`)."""
    workshops = access.mine(org_queries.active_workshops())
    remembered = org_queries.workshop(floor.remembered())
    if not params.flag_arg("kies", source="args") and remembered in workshops:
        return redirect(url_for("attendance.board", workshop_id=remembered.id))
    return render_template("attendance/pick.html", workshops=workshops)


@bp.get("/<int:workshop_id>")
@allow(*roles.FLOOR)
def board(workshop_id: int):
    """Today's board: every expected worker per dagdeel, one tap for present."""
    workshop = org_queries.workshop_or_404(workshop_id)
    day = params.day_arg()
    context = _context(workshop, day, _current_block(workshop, day))
    response = make_response(render_template("attendance/board.html", offline_row=_offline_row(context), **context))
    if not request.headers.get("Dagdeel-Prefetch"):  # the phone's workshop is the one its user opened
        floor.remember(response, workshop.id)
    return response


def _offline_row(context: dict) -> str:
    """On today's Loon naar Werken board, the row the phone fills in (static/js/optimistic/people.js) for someone
    who arrived on it offline."""
    arrivals = org_queries.lnw_block()
    if arrivals is None or context["block"].id != arrivals.id or context["day"] != clock.today():
        return ""
    row = queries.Row(placeholder.worker(), None, expected=True)
    return render_block("attendance/board.html", "row", row=row, row_error=None, **context)


@bp.post("/<int:workshop_id>/markeren")
@allow(*roles.FLOOR)
@idempotent
def mark(workshop_id: int):
    """Set one worker's status for one dagdeel; returns their row and the tally."""
    workshop = org_queries.workshop_or_404(workshop_id)
    day = params.day_arg()
    block = _current_block(workshop, day)
    worker = worker_queries.by_reference(request.form.get("worker_id", ""), worker_queries.WITH_ENROLMENT_ONE)
    form = StatusForm()
    form.block = block
    error = None if form.validate() else first_problem(form)
    record = None
    if error is None:
        try:
            record = operations.set_status(worker.id, day, block.id, form.status.data or "", **form.details(),
                                           client_id=params.client_id_arg(), tap=tap())
            db.session.flush()
        except Refused as refusal:
            db.session.rollback()
            error = refusal.message
    db.session.commit()
    if not request.htmx:
        return redirect(url_for("attendance.board", workshop_id=workshop.id, datum=day.isoformat(), blok=block.id))
    if error:  # refused: the row as it stands
        record = queries.record_of(worker.id, day, block.id)
    row, tally = queries.one_row(workshop, day, block.id, worker, record)
    return render_blocks("attendance/board.html", ["row", "tally"], row=row, tally=tally, oob=True,
                         row_error=error, **_labels(workshop, day, block)), 422 if error else 200


@bp.get("/<int:workshop_id>/zoeken")
@allow(*roles.FLOOR)
def search(workshop_id: int):
    """Find someone who was not expected, to add them to this dagdeel."""
    workshop = org_queries.workshop_or_404(workshop_id)
    day = params.day_arg()
    block = _current_block(workshop, day)
    q = params.search_arg()
    listed = {r.worker.id for r in queries.board(workshop, day, [block.id])[0][block.id]}
    workers = [w for w in worker_queries.search(q, limit=10) if w.id not in listed] if len(q) >= 2 else []
    if len(q) >= 2:
        searched(f"werkvloer {workshop.name}", q, workers)
    return render_template("attendance/_search.html", workers=workers, workshop=workshop, day=day, block=block, q=q)


@bp.route("/<int:workshop_id>/kort-op-de-man", methods=["GET", "POST"])
@allow(*roles.FLOOR)
@idempotent
def no_shows(workshop_id: int):
    """Who is missing without notice, with their phone number and a log of the contact."""
    workshop = org_queries.workshop_or_404(workshop_id)
    day = params.day_arg()
    if request.method == "POST":
        worker = worker_queries.by_reference(request.form.get("worker_id", ""))
        text = request.form.get("text", "").strip()
        if not text:
            return render_template("attendance/no_shows.html", **_no_show_context(workshop, day),
                                   error_for=worker.id, error=_("Schrijf kort wat je deed, bijv. ‘gebeld, komt morgen’.")), 422
        operations.log_contact(worker, text, params.client_id_arg())
        if request.htmx:
            return render_block("attendance/no_shows.html", "list", **_no_show_context(workshop, day))
        return redirect(url_for("attendance.no_shows", workshop_id=workshop.id, datum=day.isoformat()))
    return render_template("attendance/no_shows.html", **_no_show_context(workshop, day))


def _no_show_context(workshop, day) -> dict:
    missing = queries.no_shows(workshop, day, clock.now())
    return {"workshop": workshop, "day": day, "missing": missing,
            "contacts": queries.contacts_today({row.worker.id for row, _ in missing}, day)}
