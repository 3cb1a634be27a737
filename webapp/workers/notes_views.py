"""Agreements (afspraken) and incidents on the worker card: two taps plus text."""
from flask import abort, render_template, request
from jinja2_fragments.flask import render_block

from ..audit.operations import viewed
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from ..offline.replay import idempotent
from . import bp, operations, queries
from .forms import NoteForm
from .models import Agreement


def _notes(worker, form, status=200, failed=None):
    """The card's notes section (fragment for htmx, whole card otherwise)."""
    context = {"worker": worker, "note_form": form, "failed": failed}
    if request.htmx:
        return render_block("workers/card.html", "notes", **context), status
    viewed(worker, "kaart")  # a form post without htmx answers the whole card: that is a view too
    return render_template("workers/card.html", **context), status


@bp.post("/<int:worker_id>/afspraken")
@allow(*roles.ALL)
@idempotent
def add_agreement(worker_id: int):
    """Add an agreement the whole team will see."""
    worker = queries.get_or_404(worker_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _notes(worker, form, 422, failed="agreement")
    operations.add_agreement(worker, form.text.data, form.rides_bus.data)
    return _notes(worker, NoteForm(formdata=None))


@bp.post("/<int:worker_id>/afspraken/<int:agreement_id>/einde")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
@idempotent
def end_agreement(worker_id: int, agreement_id: int):
    """Close an agreement that no longer holds."""
    worker = queries.get_or_404(worker_id)
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or agreement.worker_id != worker.id:
        abort(404)
    operations.end_agreement(worker, agreement)
    return _notes(worker, NoteForm(formdata=None))


@bp.post("/<int:worker_id>/incidenten")
@allow(*roles.ALL)
@idempotent
def add_incident(worker_id: int):
    """Record an incident on the floor."""
    worker = queries.get_or_404(worker_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _notes(worker, form, 422, failed="incident")
    operations.add_incident(worker, form.text.data)
    return _notes(worker, NoteForm(formdata=None))
