"""The Werkvloer tab: today's board per workshop, one-tap attendance, adding someone, kort op de man."""
from datetime import date, datetime

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_block, render_blocks
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..offline import placeholder
from ..offline.device import tap
from ..offline.replay import idempotent
from ..extensions import db
from ..org.models import Workshop
from ..workers import queries as worker_queries
from . import bp, operations, queries, rules

FLOOR = (roles.ASSISTANT, roles.SUPERVISOR)
COOKIE = "werkplaats"
REASONS = ["ziek", "afspraak", "anders"]


def _workshop(workshop_id: int) -> Workshop:
    return db.session.get(Workshop, workshop_id, options=[selectinload(Workshop.blocks)]) or abort(404)


def _current_block(workshop: Workshop, day: date):
    """The block asked for, else the one going on now (or next), else the first."""
    wanted = params.id_arg("blok", field="dagdeel")
    blocks = workshop.blocks
    if chosen := next((b for b in blocks if b.id == wanted), None):
        return chosen
    if wanted is not None and request.method == "POST":  # a tap names its dagdeel: never land it on another
        raise parse.BadInput(f"Dit dagdeel hoort niet bij {workshop.name}; vernieuw de pagina.")
    now = clock.local(clock.now()).time()
    return next((b for b in blocks if now < b.ends_at), blocks[0]) if day == clock.today() else blocks[0]


def _context(workshop: Workshop, day: date, block, only: int | None = None) -> dict:
    rows, tallies = queries.board(workshop, day, [block.id], only)
    return {"workshop": workshop, "day": day, "block": block, "rows": rows[block.id], "tally": tallies[block.id],
            "statuses": rules.STATUSES, "reasons": REASONS,
            "now_hhmm": f"{clock.local(clock.now()):%H:%M}", "today": clock.today()}


@bp.get("/")
@allow(*FLOOR)
def index():
    """Go to this device's workshop, or pick one."""
    remembered = params.cookie_id(COOKIE)
    if remembered and db.session.get(Workshop, remembered):
        return redirect(url_for("attendance.board", workshop_id=remembered))
    workshops = db.session.scalars(select(Workshop).where(Workshop.active.is_(True)).order_by(Workshop.name)).all()
    return render_template("attendance/pick.html", workshops=workshops)


@bp.get("/<int:workshop_id>")
@allow(*FLOOR)
def board(workshop_id: int):
    """Today's board: every expected worker per dagdeel, one tap for present."""
    workshop = _workshop(workshop_id)
    day = params.day_arg()
    context = _context(workshop, day, _current_block(workshop, day))
    response = make_response(render_template("attendance/board.html", offline_row=_offline_row(context), **context))
    if not request.headers.get("Dagdeel-Prefetch"):  # the phone's workshop is the one its user opened
        response.set_cookie(COOKIE, str(workshop.id), max_age=365 * 86400, httponly=True, samesite="Lax")
    return response


def _offline_row(context: dict) -> str:
    """On today's Loon naar Werken board, the row app.js fills in for someone who arrived on the phone offline."""
    from ..rounds.operations import Refused, lnw_block  # the bus round's arrivals land on this block

    try:
        arrivals = lnw_block()
    except Refused:
        return ""
    if context["block"].id != arrivals.id or context["day"] != clock.today():
        return ""
    row = queries.Row(placeholder.worker(), None, expected=True)
    return render_block("attendance/board.html", "row", row=row, row_error=None, **context)


@bp.post("/<int:workshop_id>/markeren")
@allow(*FLOOR)
@idempotent
def mark(workshop_id: int):
    """Set one worker's status for one dagdeel; returns their row and the tally."""
    workshop = _workshop(workshop_id)
    day = params.day_arg()
    block = _current_block(workshop, day)
    worker = worker_queries.by_reference(request.form.get("worker_id", ""))
    error = None
    try:
        operations.set_status(worker.id, day, block.id, request.form.get("status", ""), **_details(request.form))
        db.session.flush()
    except operations.Refused as refusal:
        db.session.rollback()
        error = str(refusal)
    if not request.htmx:
        db.session.commit()
        return redirect(url_for("attendance.board", workshop_id=workshop.id, datum=day.isoformat(), blok=block.id))
    context = _context(workshop, day, block, only=worker.id)
    row = next(iter(context["rows"]), None) or queries.Row(worker, None, expected=False)  # refused, not on the list
    answer = render_blocks("attendance/board.html", ["row", "tally"], row=row, oob=True,
                           row_error=error, **context)
    db.session.commit()  # after rendering: a commit expires what the answer reads, and reading it again costs a third
    return answer, 422 if error else 200


def _details(form) -> dict:
    """Time, reason and the supervisor's say on an early leave, from the status menu."""
    status = form.get("status")
    at_time = None
    if status in ("te_laat", "vroeg_weg") and form.get("at_time"):
        try:
            at_time = datetime.strptime(form["at_time"], "%H:%M").time()
        except ValueError:
            raise operations.Refused("Geef de tijd als uu:mm, bijv. 10:20.") from None
    reason = form.get("reason", "") if status in ("vroeg_weg", "afwezig_bericht", "naar_huis") else ""
    if status in ("vroeg_weg", "naar_huis") and not (reason or form.get("note", "").strip()):
        raise operations.Refused("Geef een reden.")
    note = " · ".join(p for p in (reason, form.get("note", "").strip()) if p)
    counts = form.get("early_leave_counts") == "1"
    if counts and not current_user.has_role(roles.SUPERVISOR):
        raise operations.Refused("Alleen een werkbegeleider kan een vroeg vertrek laten meetellen.")
    return {"note": note[:300], "at_time": at_time, "early_leave_counts": counts,
            "client_id": form.get("client_id") or None, "tap": tap()}


@bp.get("/<int:workshop_id>/zoeken")
@allow(*FLOOR)
def search(workshop_id: int):
    """Find someone who was not expected, to add them to this dagdeel."""
    workshop = _workshop(workshop_id)
    day = params.day_arg()
    block = _current_block(workshop, day)
    q = params.search_arg()
    listed = {r.worker.id for r in queries.board(workshop, day, [block.id])[0][block.id]}
    workers = [w for w in worker_queries.search(q, limit=10) if w.id not in listed] if len(q) >= 2 else []
    return render_template("attendance/_search.html", workers=workers, workshop=workshop, day=day, block=block, q=q)


@bp.route("/<int:workshop_id>/kort-op-de-man", methods=["GET", "POST"])
@allow(*FLOOR)
@idempotent
def no_shows(workshop_id: int):
    """Who is missing without notice, with their phone number and a log of the contact."""
    workshop = _workshop(workshop_id)
    day = params.day_arg()
    if request.method == "POST":
        worker = worker_queries.by_reference(request.form.get("worker_id", ""))
        text = request.form.get("text", "").strip()
        if not text:
            return render_template("attendance/no_shows.html", **_no_show_context(workshop, day),
                                   error_for=worker.id, error="Schrijf kort wat je deed, bijv. ‘gebeld, komt morgen’."), 422
        operations.log_contact(worker, text, request.form.get("client_id"))
        if request.htmx:
            return render_block("attendance/no_shows.html", "list", **_no_show_context(workshop, day))
        return redirect(url_for("attendance.no_shows", workshop_id=workshop.id, datum=day.isoformat()))
    return render_template("attendance/no_shows.html", **_no_show_context(workshop, day))


def _no_show_context(workshop, day) -> dict:
    missing = queries.no_shows(workshop, day, clock.now())
    return {"workshop": workshop, "day": day, "missing": missing,
            "contacts": queries.contacts_today({row.worker.id for row, _ in missing}, day)}
