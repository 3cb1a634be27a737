"""Werkmaatje, werkervaringsplaats and meetings on the trajectory page, and the meetings report.

Office forms by a counsellor, never queued offline (tests/test_replay_walk.py NOT_QUEUED): each form carries a
one-time client_id, so a double click or a resubmitted page saves one."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, params, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..errors import Refused, refused_form
from ..extensions import db
from ..workers import queries as workers
from . import bp, support, training
from .support_forms import BuddyForm, EndForm, MeetingForm, PlacementForm
from wtforms.validators import ValidationError


def _form_page(worker, form, title: str, submit: str, status: int = 200):
    return render_template("trajectory/support_form.html", worker=worker, form=form, title=title,
                           submit=submit), status


def _refuse(message: str):
    def check(form, field):
        raise ValidationError(message)
    return check


@bp.route("/trajecten/medewerker/<int:worker_id>/werkmaatje", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def buddy(worker_id: int):
    """Give a worker a werkmaatje: another worker, or a volunteer by name."""
    worker = workers.get_or_404(worker_id)
    form = BuddyForm()
    known_roles = {r.id: r for r in support.roles()}
    others = {w.id: w for w in training.candidates() if w.id != worker.id}
    form.role_id.choices = [(r.id, r.name) for r in known_roles.values()] or [(0, _("Werkmaatje"))]
    form.buddy_worker_id.choices = [(0, "—")] + [(w.id, w.display_name) for w in others.values()]
    if not form.is_submitted():
        form.start.data = clock.today()
    if form.is_submitted() and form.buddy_worker_id.data and form.buddy_worker_id.data not in others:
        form.buddy_worker_id.validators = [_refuse(_("Kies een medewerker uit de lijst."))]
    if form.validate_on_submit():
        other = others.get(form.buddy_worker_id.data)
        try:
            support.start_buddy(worker, current_user, form.start.data, role=known_roles.get(form.role_id.data),
                                buddy_worker=other, name=form.name.data or "", end=form.end.data,
                                client_id=params.client_id_arg())
        except Refused as refusal:
            refused_form(form, refusal)
        else:
            db.session.commit()
            flash(_("Werkmaatje opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=worker.id))
    return _form_page(worker, form, _("Werkmaatje voor %(name)s", name=worker.display_name), _("Opslaan"),
                      422 if request.method == "POST" else 200)


@bp.post("/trajecten/werkmaatje/<int:buddy_id>/einde")
@allow(roles.COUNSELLOR)
def buddy_end(buddy_id: int):
    """End a werkmaatje (it stays in the history)."""
    found = support.buddy_or_404(buddy_id)
    return _end(found, support.end_buddy, _("Werkmaatje beëindigd."))


@bp.route("/trajecten/medewerker/<int:worker_id>/werkervaringsplaats", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def placement(worker_id: int):
    """Start a werkervaringsplaats; the current one (if any) ends the day before."""
    worker = workers.get_or_404(worker_id)
    form = PlacementForm()
    if not form.is_submitted():
        form.start.data = clock.today()
    if form.validate_on_submit():
        try:
            support.start_placement(worker, current_user, form.start.data, form.organisation.data,
                                    address=form.address.data or "", contact=form.contact.data or "",
                                    supervisor=form.supervisor.data or "", hours_per_week=form.hours_per_week.data,
                                    end=form.end.data, client_id=params.client_id_arg())
        except Refused as refusal:
            refused_form(form, refusal)
        else:
            db.session.commit()
            flash(_("Werkervaringsplaats opgeslagen."), "ok")
            return redirect(url_for("trajectory.worker", worker_id=worker.id))
    return _form_page(worker, form, _("Werkervaringsplaats voor %(name)s", name=worker.display_name), _("Opslaan"),
                      422 if request.method == "POST" else 200)


@bp.post("/trajecten/werkervaringsplaats/<int:placement_id>/einde")
@allow(roles.COUNSELLOR)
def placement_end(placement_id: int):
    """End a werkervaringsplaats (it stays in the history)."""
    found = support.placement_or_404(placement_id)
    return _end(found, support.end_placement, _("Werkervaringsplaats beëindigd."))


def _end(found, end, done: str):
    """End a werkmaatje or a werkervaringsplaats on the date sent (a bad date is a Dutch 400, a refusal a 422)."""
    form = EndForm()
    if not form.validate_on_submit():
        raise parse.BadInput(str(next(iter(form.end.errors), _("Geef een einddatum."))))
    end(found, form.end.data)
    db.session.commit()
    flash(done, "ok")
    return redirect(url_for("trajectory.worker", worker_id=found.worker_id))


@bp.route("/trajecten/medewerker/<int:worker_id>/overleg-extern", methods=["GET", "POST"])
@allow(roles.COUNSELLOR)
def meeting(worker_id: int):
    """Record a meeting with outside parties (a type from the method file): date, who, agreements."""
    worker = workers.get_or_404(worker_id)
    form = MeetingForm()
    types = support.meeting_types()
    form.type_id.choices = [(t.id, t.name) for t in types]
    if not types:
        flash(_("Geen methode noemt soorten overleg."), "error")
        return redirect(url_for("trajectory.worker", worker_id=worker.id))
    if not form.is_submitted():
        form.held_on.data = clock.today()
    if form.validate_on_submit():
        kind = next((t for t in types if t.id == form.type_id.data), None)
        if kind is None:
            form.type_id.errors = [_("Kies een soort overleg uit de lijst.")]
        else:
            try:
                support.record_meeting(worker, current_user, kind, form.held_on.data, form.parties.data or "",
                                       form.agreements.data or "", params.client_id_arg())
            except Refused as refusal:
                refused_form(form, refusal)
            else:
                db.session.commit()
                flash(_("Overleg opgeslagen."), "ok")
                return redirect(url_for("trajectory.worker", worker_id=worker.id))
    return _form_page(worker, form, _("Overleg over %(name)s", name=worker.display_name), _("Opslaan"),
                      422 if request.method == "POST" else 200)


@bp.get("/trajecten/overleggen")
@allow(roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN)
def meetings_report():
    """How many meetings of each type were held in a period (per method file's types counted in reports)."""
    today = clock.today()
    first = params.optional_day_arg("van", field="van") or date(today.year, 1, 1)
    last = params.optional_day_arg("tot", field="tot") or today
    record("view_meetings", None, f"{first.isoformat()}–{last.isoformat()}")
    db.session.commit()
    return render_template("trajectory/meetings_report.html", counts=support.counts(first, last), first=first,
                           last=last)
