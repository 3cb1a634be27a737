"""A worker's trajectory (module/phase enrolment) and weekly schedule of expected dagdelen."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock
from ..audit.operations import viewed
from ..auth import roles
from ..auth.access import allow
from ..errors import Refused
from ..extensions import db
from ..org import queries as org_queries
from ..trajectory import catalogue
from ..trajectory.models import Phase
from ..trajectory.operations import enrol as enrol_worker
from . import bp, operations, queries
from .forms import EnrolForm
from .models import WEEKDAYS


def _module_phase_choices() -> list[tuple[str, str]]:
    choices = []
    for module in catalogue.modules():
        if module.phases:
            choices += [(f"{module.id}:{p.id}", _("%(module)s · fase %(n)s %(phase)s", module=module.name, n=p.number, phase=p.name))
                        for p in module.phases]
        else:
            choices.append((f"{module.id}:", module.name))
    return choices


@bp.route("/<int:worker_id>/traject", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def enrol(worker_id: int):
    """Move a worker to another module or phase from a date; the history stays."""
    worker = queries.get_or_404(worker_id)
    form = EnrolForm()
    form.module_phase.choices = _module_phase_choices()
    if not form.is_submitted():
        form.start_date.data = clock.today()
    if form.validate_on_submit():
        module_id, _sep, phase_id = form.module_phase.data.partition(":")
        phase = db.session.get(Phase, int(phase_id)) if phase_id else None
        module = next(m for m in catalogue.modules() if m.id == int(module_id))
        try:
            enrol_worker(worker, module, phase, form.start_date.data)
        except Refused as refusal:
            form.start_date.errors = [refusal.message]
        else:
            flash(_("Traject bijgewerkt."), "ok")
            return redirect(url_for("workers.card", worker_id=worker.id))
    if request.method == "GET":
        viewed(worker, "traject wijzigen")
    status = 422 if form.errors else 200
    return render_template("workers/enrol.html", worker=worker, form=form), status


@bp.route("/<int:worker_id>/rooster", methods=["GET", "POST"])
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def schedule(worker_id: int):
    """Set which dagdelen a worker is expected each week, per workshop."""
    worker = queries.get_or_404(worker_id)
    workshops = org_queries.active_workshops()
    valid_blocks = {b.id for w in workshops for b in w.blocks}
    if request.method == "POST":
        slots = set()
        for value in request.form.getlist("slot"):
            block, _sep, day = value.partition(":")
            if block.isdigit() and day.isdigit() and int(block) in valid_blocks and int(day) < 7:
                slots.add((int(block), int(day)))
        operations.set_schedule(worker, slots)
        flash(_("Rooster opgeslagen: %(n)s dagdelen per week.", n=len(slots)), "ok")
        return redirect(url_for("workers.card", worker_id=worker.id))
    chosen = {(s.block_id, s.weekday) for s in worker.schedule}
    viewed(worker, "rooster")
    return render_template("workers/schedule.html", worker=worker, workshops=workshops, chosen=chosen, weekdays=WEEKDAYS)
