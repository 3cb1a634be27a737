"""The "Naar Via Via" panel's writes on the trajectory page: a criterion, the proefweek's start, its day ticks and
its end. Counsellor forms at the office (the supervisor's tick too): never queued offline (tests/test_replay_walk.py
NOT_QUEUED); a resent form changes nothing (client id, upsert, or the same trial/ending returned)."""
from flask import current_app, flash, g, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params
from ..auth import roles
from ..auth.access import allow
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..workers import queries as workers
from . import bp, transition


def _done(worker, message: str):
    db.session.commit()
    flash(message, "ok")
    return redirect(url_for("trajectory.worker", worker_id=worker.id, _anchor="overgang"), code=303)


def _refused(worker_id: int, refusal: Refused, at_reason: bool = False):
    """The trajectory page as it is now with the reason on top, a 422 (like errors.refused_page); `at_reason`: beside
    the proefweek's reason field instead, which then has the focus (_transition.html)."""
    db.session.rollback()
    if at_reason:
        g.trial_refused = refusal.message
    else:
        flash(refusal.message, "error")
    response = make_response(current_app.view_functions["trajectory.worker"](worker_id=worker_id))
    response.status_code = 422
    return response


@bp.post("/trajecten/medewerker/<int:worker_id>/overgang")
@allow(roles.COUNSELLOR)
def transition_check(worker_id: int):
    """Record one of the recorded criteria: met or not, with a note."""
    person = workers.get_or_404(worker_id)
    try:
        check = transition.record_check(person, current_user, request.form.get("criterion", ""), params.flag_arg("met"),
                                        request.form.get("note", ""), clock.today(), params.client_id_arg())
    except Refused as refusal:
        return _refused(worker_id, refusal)
    label = transition.CRITERIA[check.criterion]
    return _done(person, _("Vastgelegd: %(criterion)s — %(answer)s.", criterion=label,
                           answer=_("voldaan") if check.met else _("niet voldaan")))


def _slots(values: list[str]) -> set[tuple[int, int]]:
    """The schedule page's "block:weekday" checkboxes as pairs; anything else is refused (in Dutch)."""
    slots = set()
    for value in values:
        block, _sep, weekday = value.partition(":")
        if not (block.isdigit() and weekday.isdigit() and len(block) < 10 and len(weekday) == 1):
            raise Refused(_("Kies dagdelen van een werkplaats van Via Via."), code="slots")
        slots.add((int(block), int(weekday)))
    return slots


@bp.post("/trajecten/medewerker/<int:worker_id>/proefweek")
@allow(roles.COUNSELLOR)
def trial_start(worker_id: int):
    """Start the proefweek in Via Via today (a reason when a criterion is not met), on the chosen Via Via dagdelen."""
    person = workers.get_or_404(worker_id)
    try:
        trial = transition.start_trial(person, clock.today(), request.form.get("override_reason", ""), current_user,
                                       _slots(request.form.getlist("slot")))
    except Refused as refusal:
        return _refused(worker_id, refusal, at_reason=refusal.code in ("criteria", "reason"))
    return _done(person, _("Proefweek Via Via gestart, tot en met %(day)s.", day=day_year(trial.trial_until)))


@bp.post("/trajecten/medewerker/<int:worker_id>/proefweek/dag")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def trial_tick(worker_id: int):
    """One tap for one day of the proefweek: sober, agreements kept."""
    person = workers.get_or_404(worker_id)
    day = params.day_arg()
    try:
        transition.tick_trial_day(person.current_enrolment, day, params.flag_arg("sober"),
                                  params.flag_arg("agreements_kept"), current_user)
    except Refused as refusal:
        return _refused(worker_id, refusal)
    return _done(person, _("Proefweek: %(day)s afgevinkt.", day=day_year(day)))


@bp.post("/trajecten/medewerker/<int:worker_id>/proefweek/einde")
@allow(roles.COUNSELLOR)
def trial_end(worker_id: int):
    """Confirm the move to Via Via, or return the worker to Loon naar Werken."""
    person = workers.get_or_404(worker_id)
    result = request.form.get("result", "")
    try:
        if result not in transition.RESULTS:
            raise Refused(_("Kies: bevestigen of terug naar Loon naar Werken."), code="result")
        transition.end_trial(person, result == "bevestigd", clock.today(), current_user)
    except Refused as refusal:
        return _refused(worker_id, refusal)
    return _done(person, _("Proefweek afgesloten: %(result)s.", result=transition.RESULTS[result]))
