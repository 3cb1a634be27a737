"""The counsellor's conversations: the intake, the evaluatiegesprek, and nazorg after an exit.

Office forms, never queued offline (tests/test_replay_walk.py NOT_QUEUED): each form carries a one-time
client_id, so a double click or a resubmitted page saves one intake or review."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..workers import queries as workers
from . import bp, operations, queries, talks
from .forms import IntakeForm, ReviewForm
from .models import Module, Phase

# Which field a refusal of hold_review belongs next to (by its code).
REFUSAL_FIELD = {"months": "months", "module": "module_phase", "same_module": "module_phase", "last_phase": "outcome",
                 "outcome": "outcome", "outflow_code": "outflow_code", "date": "date",
                 # start_trial's (trajectory/transition.py): not from Loon naar Werken; unmet criteria need a reason
                 "not_lnw": "outcome", "criteria": "note", "reason": "note"}


@bp.app_template_global()
def intake_badge(worker) -> str:
    """The card's badge for a worker whose intake is still to be held, by when it is due: on their first working
    day "nieuw — intake vandaag"; later, that it has not been held yet, since when."""
    due, today = queries.intake_due(worker), clock.today()
    if due < today:
        return _("intake nog niet gehouden · sinds %(day)s", day=day_year(due, today))
    if due > today:
        return _("nieuw — intake op %(day)s", day=day_year(due, today))
    return _("nieuw — intake vandaag")


@bp.route("/trajecten/medewerker/<int:worker_id>/intake", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def intake(worker_id: int):
    """The intake conversation on a first-timer's first working day: what moves them, what they want, first goals."""
    worker = workers.get_or_404(worker_id)
    client_id = params.client_id_arg()
    form = IntakeForm()
    earlier = talks.last_intake(worker)  # held before: the form is that intake, to amend (a new version is kept)
    if not form.is_submitted():
        plan = talks.plan(worker)
        form.date.data = earlier.held_on if earlier else clock.today()
        for name in operations.INTAKE_FIELDS if earlier else ():
            getattr(form, name).data = getattr(earlier, name)
        form.attention_points.data, form.goals.data = (plan.attention_points, plan.goals) if plan else ("", "")
        record("view", worker, "intake")
        db.session.commit()
    if form.validate_on_submit():
        try:
            operations.record_intake(worker, current_user, form.date.data, form.data, client_id)
        except Refused as refusal:
            form.date.errors = [refusal.message]
        else:
            flash(_("Intake opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=worker.id))
    return render_template("trajectory/intake.html", worker=worker, form=form, earlier=earlier), \
        422 if request.method == "POST" else 200


@bp.route("/trajecten/medewerker/<int:worker_id>/evaluatie", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def review(worker_id: int):
    """The evaluatiegesprek: what was said, the plan, the afspraken, and the outcome that moves the trajectory."""
    worker = workers.get_or_404(worker_id)
    client_id = params.client_id_arg()
    form = _review_form(worker)
    if form.validate_on_submit():
        module, phase = _module_phase(form.module_phase.data) if form.outcome.data == "andere_module" else (None, None)
        try:
            operations.hold_review(
                worker, current_user, form.date.data, form.present.data, form.summary.data, form.attention_points.data,
                form.goals.data, form.agreements.data, form.outcome.data, months=form.months.data, module=module,
                phase=phase, outflow_code=form.outflow_code.data, note=form.note.data, client_id=client_id)
        except Refused as refusal:
            target = getattr(form, REFUSAL_FIELD.get(refusal.code, ""), None)
            if target is None:
                flash(refusal.message, "error")
            else:
                target.errors = [refusal.message]
        else:
            flash(_("Gesprek opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=worker.id))
    failed = request.method == "POST"
    return render_template("trajectory/review.html", worker=worker, form=form), 422 if failed else 200


@bp.post("/trajecten/nazorg/<int:follow_up_id>/gedaan")
@allow(roles.COUNSELLOR)
def follow_up_done(follow_up_id: int):
    """Tick off a nazorg contact after a positive exit."""
    follow_up = talks.follow_up_or_404(follow_up_id)
    operations.follow_up_done(follow_up, current_user, clock.today(), parse.text(request.form.get("note"), limit=2000))
    flash(_("Nazorg afgevinkt."), "ok")
    return redirect(url_for("trajectory.worker", worker_id=follow_up.worker_id))


def _review_form(worker) -> ReviewForm:
    """The review form with its choices; a new one starts from today, the current plan and who is filling it in."""
    form = ReviewForm()
    form.module_phase.choices = [("", "—")] + talks.module_choices()
    form.outflow_code.choices = talks.outflow_choices()
    if not form.is_submitted():
        plan = talks.plan(worker)
        form.date.data = clock.today()
        form.present.data = ["worker", "counsellor" if current_user.has_role(roles.COUNSELLOR) else "supervisor"]
        form.attention_points.data, form.goals.data = (plan.attention_points, plan.goals) if plan else ("", "")
        record("view", worker, "evaluatie")
        db.session.commit()
    return form


def _module_phase(value: str | None) -> tuple[Module | None, Phase | None]:
    """The module and phase a 'module_id:phase_id' choice names (the form checked that it is one of the choices)."""
    module_id, _sep, phase_id = (value or "").partition(":")
    if not module_id.isdigit():
        return None, None
    return db.session.get(Module, int(module_id)), db.session.get(Phase, int(phase_id)) if phase_id.isdigit() else None
