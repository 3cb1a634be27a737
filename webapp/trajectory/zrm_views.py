"""The ZRM and the Participatieladder of a worker: a counsellor scores a ZRM (one tap per domain) or enters a rung.

Office forms, never queued offline (tests/test_replay_walk.py NOT_QUEUED): each carries a one-time client_id, so a
double tap or a resubmitted page saves one. Counsellors write; the trajectory page shows both to whoever may read
the worker's checklists and life domains (access.clause); assistants never."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..errors import Refused, refused_form
from ..extensions import db
from . import access, bp, zrm_labels, zrm_ops, zrm_rules
from .zrm_forms import LadderForm, ZrmForm


@bp.route("/trajecten/medewerker/<int:worker_id>/zrm", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def zrm(worker_id: int):
    """Score the Zelfredzaamheid-Matrix: thirteen domains, 1–5 over the last 30 days; one-to-one domains pre-filled."""
    person = access.worker_or_403(worker_id, current_user)
    form, suggested = ZrmForm(), zrm_ops.prefilled(person)
    if not form.is_submitted():
        record("view", person, "zrm")
        db.session.commit()
        form.assessed_on.data = clock.today()
        form.occasion.data = "voortgang" if zrm_ops.assessments(person) else "intake"
        for code, level in suggested.items():
            form[code].data = level
    elif form.validate_on_submit():
        try:
            zrm_ops.save_assessment(person, current_user, form.occasion.data, form.assessed_on.data,
                                    {code: form[code].data for code in zrm_rules.ZRM_DOMAINS}, params.client_id_arg())
        except Refused as refusal:
            refused_form(form, refusal)
        else:
            db.session.commit()
            flash(_("ZRM opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=person.id, _anchor="instrumenten"), code=303)
    return render_template("trajectory/zrm.html", worker=person, form=form, suggested=suggested,
                           levels=zrm_labels.LEVELS, prefilled_words=zrm_labels.PREFILLED), \
        422 if request.method == "POST" else 200


@bp.route("/trajecten/medewerker/<int:worker_id>/participatieladder", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def ladder(worker_id: int):
    """Enter the worker's rung on the Participatieladder from a date on (where attendance or outflow do not decide)."""
    person = access.worker_or_403(worker_id, current_user)
    form = LadderForm()
    if not form.is_submitted():
        record("view", person, "participatieladder")
        db.session.commit()
        form.day.data = clock.today()
    elif form.validate_on_submit():
        try:
            zrm_ops.enter_rung(person, current_user, form.day.data, form.rung.data, params.client_id_arg())
        except Refused as refusal:
            refused_form(form, refusal)
        else:
            db.session.commit()
            flash(_("Trede op de Participatieladder opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=person.id, _anchor="instrumenten"), code=303)
    return render_template("trajectory/ladder.html", worker=person, form=form,
                           now=zrm_ops.rung(person, clock.today()), why=zrm_labels.WHY, rungs=zrm_labels.RUNGS), \
        422 if request.method == "POST" else 200
