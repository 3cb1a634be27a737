"""Training series: the list, planning a series, the series overview with learning goals, and the session board
where one tap per person records attendance (queued offline like the work floor's taps)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_blocks

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..errors import Refused, refused_form
from ..extensions import db
from ..formatting import day_year
from ..offline.device import tap
from ..offline.replay import idempotent
from ..workers import queries as workers
from . import bp, training
from .support_forms import GoalForm, SeriesForm
from .training_models import TrainingTemplate
from wtforms.validators import ValidationError

# Assistants tap the session board (they run the floor and may run a session); the learning goals are not theirs.
BOARD_ROLES = (roles.ASSISTANT, roles.SUPERVISOR, roles.COUNSELLOR)


@bp.get("/trajecten/trainingen")
@allow(*BOARD_ROLES)
def trainings():
    """Today's sessions first, then every series."""
    return render_template("trajectory/trainings.html", today_sessions=training.today_sessions(clock.today()),
                           series=training.all_series(), today=clock.today())


@bp.route("/trajecten/trainingen/nieuw", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def training_plan():
    """Plan a series from a method's template: the dates of its N sessions, the trainer, who take part."""
    templates = training.templates()
    if not templates:
        flash(_("Geen methode noemt een training."), "error")
        return redirect(url_for("trajectory.trainings"))
    form = SeriesForm()
    form.template_id.choices = [(t.id, f"{t.name} ({t.sessions})") for t in templates]
    form.trainer_staff_id.choices = [(0, "—")] + [(s.id, s.name) for s in training.trainers()]
    chosen = next((t for t in templates if t.id == form.template_id.data), templates[0])
    people = training.candidates()
    form.workers.choices = [(w.id, w.display_name) for w in people]
    if not form.is_submitted():
        form.first.data = clock.today()
        form.every_days.data = 7
        form.trainer_staff_id.data = current_user.id
        form.workers.data = [w.id for w in training.enrolled(chosen)]
    if form.is_submitted():
        _check_choices(form, {t.id for t in templates}, {w.id for w in people})
    if form.validate_on_submit():
        try:
            dates = _dates(form, chosen)
            series = training.plan(chosen, dates, form.workers.data or [], current_user,
                                   trainer_staff_id=None if (form.trainer_name.data or "").strip()
                                   else form.trainer_staff_id.data or None,
                                   trainer_name=form.trainer_name.data or "", client_id=params.client_id_arg())
        except Refused as refusal:
            refused_form(form, refusal, {"dates": form.dates, "trainer": form.trainer_staff_id, "workers": form.workers})
        else:
            db.session.commit()
            flash(_("Training gepland."), "ok")
            return redirect(url_for("trajectory.training_series", series_id=series.id))
    enrolled = {w.id for w in training.enrolled(chosen)}
    return render_template("trajectory/training_plan.html", form=form, enrolled=enrolled), \
        422 if request.method == "POST" else 200


def _check_choices(form: SeriesForm, templates: set[int], people: set[int]) -> None:
    """A choice not on the form (a stale page, a made-up id) is an error beside its field, never a lookup."""
    if form.template_id.data not in templates:
        form.template_id.validators = [_refuse(_("Kies een training uit de lijst."))]
    if form.trainer_staff_id.data not in {value for value, _label in form.trainer_staff_id.choices}:
        form.trainer_staff_id.validators = [_refuse(_("Kies een trainer uit de lijst."))]
    if not set(form.workers.data or []) <= people:
        form.workers.validators = [_refuse(_("Kies deelnemers uit de lijst."))]


def _refuse(message: str):
    def check(form, field):
        raise ValidationError(message)
    return check


def _dates(form: SeriesForm, template: TrainingTemplate) -> list:
    """The dates typed one per line, else every `every_days` days from the first."""
    lines = [line.strip() for line in (form.dates.data or "").splitlines() if line.strip()]
    if lines:
        try:
            return [parse.day(line, field="data") for line in lines[:training.MAX_SESSIONS + 1]]
        except parse.BadInput as bad:
            raise Refused(str(bad), code="dates") from None
    return training.weekly(form.first.data, template.sessions, form.every_days.data or 7)


@bp.get("/trajecten/trainingen/<int:series_id>")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def training_series(series_id: int):
    """A series: its sessions, who attended which, and each participant's learning goals (with history)."""
    series = training.series_or_404(series_id)
    record("view_training", None, series.name)
    db.session.commit()
    return _series_page(series)


def _series_page(series, errors: dict | None = None, typed: dict | None = None, status: int = 200):
    """The series page; a refused move or join shows its Dutch reason beside its form, with what was typed."""
    joined = {p.worker_id for p in series.participants}
    grid = training.grid(series)
    joinable = sorted((w for w in training.candidates() if w.id not in joined),
                      key=lambda w: (w.display_name.casefold(), w.external_id))  # as the list shows them
    return render_template("trajectory/training_series.html", series=series, grid=grid, goals=training.goals(series),
                           statuses=training.STATUSES, symbols=training.SYMBOLS, today=clock.today(),
                           goal_form=GoalForm(), errors=errors or {},
                           typed=typed or {}, joinable=joinable,
                           held={session_id for session_id, _worker in grid}), status


@bp.post("/trajecten/trainingen/sessie/<int:session_id>/verzetten")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def training_move(session_id: int):
    """Move a session to another day (before anyone's attendance is recorded for it)."""
    session = training.session_or_404(session_id)
    typed = request.form.get("datum", "")
    try:
        training.move_session(session, parse.day(typed, field="datum"))
    except (Refused, parse.BadInput) as refusal:
        db.session.rollback()
        return _series_page(session.series, {f"move-{session.id}": str(refusal)}, {f"move-{session.id}": typed}, 422)
    db.session.commit()
    flash(_("Bijeenkomst %(n)s staat nu op %(day)s.", n=session.number, day=day_year(session.date)), "ok")
    return redirect(url_for("trajectory.training_series", series_id=session.series_id, _anchor="sessions-h"), code=303)


@bp.post("/trajecten/trainingen/<int:series_id>/deelnemers")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def training_join(series_id: int):
    """Someone joins a series under way; the sessions before are not theirs (not missed)."""
    series = training.series_or_404(series_id)
    try:
        worker = workers.get_or_404(parse.ident(request.form.get("worker_id"), field="medewerker"))
    except parse.BadInput as refusal:
        return _series_page(series, {"join": str(refusal)}, status=422)
    joined = training.add_participant(series, worker)
    db.session.commit()
    flash(_("%(name)s doet mee vanaf nu.", name=worker.display_name) if joined
          else _("%(name)s deed al mee.", name=worker.display_name), "ok")
    return redirect(url_for("trajectory.training_series", series_id=series.id, _anchor=f"goal-{worker.id}"), code=303)


@bp.post("/trajecten/trainingen/<int:series_id>/leerdoelen/<int:worker_id>")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def learning_goal(series_id: int, worker_id: int):
    """A new version of a participant's learning goals."""
    series, worker = training.series_or_404(series_id), workers.get_or_404(worker_id)
    form = GoalForm()
    if not form.validate_on_submit():
        raise parse.BadInput(str(next(iter(form.text.errors), _("Schrijf de leerdoelen."))))
    training.set_goal(series, worker, form.text.data or "", current_user, params.client_id_arg())
    db.session.commit()
    flash(_("Leerdoelen opgeslagen."), "ok")
    return redirect(url_for("trajectory.training_series", series_id=series.id, _anchor=f"goal-{worker.id}"))


def _board_context(session, only=None) -> dict:
    rows, tally = training.board(session, only)
    return {"session": session, "series": session.series, "rows": rows, "tally": tally,
            "statuses": training.SETTABLE, "open_status": training.OPEN, "today": clock.today()}


@bp.get("/trajecten/trainingen/sessie/<int:session_id>")
@allow(*BOARD_ROLES)
def training_board(session_id: int):
    """A session's board: every participant, one tap for aanwezig, the menu for afwezig, afgemeld or (a mark taken
    back) nog niet afgetekend."""
    session = training.session_or_404(session_id)
    return render_template("trajectory/training_board.html", **_board_context(session))


@bp.post("/trajecten/trainingen/sessie/<int:session_id>/markeren")
@allow(*BOARD_ROLES)
@idempotent
def training_mark(session_id: int):
    """Set one participant's status for one session; returns their row and the tally."""
    session = training.session_or_404(session_id)
    worker = workers.by_reference(request.form.get("worker_id", ""))
    error = None
    try:
        training.set_status(session, worker.id, request.form.get("status", ""), current_user,
                            clock.local(tap().at).date(), params.client_id_arg())
        db.session.flush()
    except Refused as refusal:
        db.session.rollback()
        error = refusal.message
    db.session.commit()
    if not request.htmx:
        if error:
            raise Refused(error)
        return redirect(url_for("trajectory.training_board", session_id=session.id))
    context = _board_context(session, only=worker.id)
    row = next(iter(context["rows"]), None) or training.BoardRow(worker, None)
    return render_blocks("trajectory/training_board.html", ["row", "tally"], row=row, oob=True, row_error=error,
                         **context), 422 if error else 200
