"""Worker list, search-as-you-type, the worker card, and editing a record."""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import clock, params
from ..audit.operations import record, searched, viewed
from ..auth import queries as staff_queries
from ..auth import roles
from ..auth.access import allow, can
from ..errors import Refused
from ..extensions import db
from ..formatting import money, parse_cents
from ..offline.replay import idempotent
from ..org import queries as org_queries
from ..trajectory import access, support, talks
from . import bp, operations, queries
from .forms import NoteForm, WorkerForm


@bp.get("/")
@allow(*roles.ALL)
def index():
    """Find workers by name as you type."""
    q = params.search_arg()
    may_find_inactive = access.sees_deactivated(current_user)
    inactive = request.args.get("inactief") == "1" and may_find_inactive
    workers = queries.search(q, include_inactive=inactive)
    if q:
        searched("medewerkers", q, workers)
    if request.htmx and request.htmx.target == "worker-list":
        return render_block("workers/index.html", "worker_list", workers=workers, q=q, inactive=inactive)
    return render_template("workers/index.html", workers=workers, q=q, inactive=inactive,
                           may_find_inactive=may_find_inactive)


@bp.get("/<int:worker_id>")
@allow(*roles.ALL)
def card(worker_id: int):
    """The worker card: who they are, where they are in their trajectory, and the team's agreements."""
    worker = queries.get_or_404(worker_id)
    record("view", worker)
    db.session.commit()
    former = worker.current_enrolment is None and can("trajectory.worker")  # who may read the trajectory
    return render_template("workers/card.html", worker=worker, note_form=NoteForm(), intake=talks.last_intake(worker),
                           outflow=talks.outflow(worker) if former else None,
                           support=support.glance(worker, clock.today()))


@bp.get("/<int:worker_id>/foto")
@allow(*roles.ALL)
def photo(worker_id: int):
    """The worker's photo (JPEG), cached privately by the browser."""
    worker = queries.get_or_404(worker_id)
    if worker.photo is None:
        abort(404)
    viewed(worker, "foto", "view_photo")
    response = make_response(worker.photo.data)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def _form(worker=None) -> WorkerForm:
    form = WorkerForm(obj=worker)
    form.shelter_id.choices = [(0, "—")] + [(s.id, s.name) for s in org_queries.active_shelters()]
    counsellors = staff_queries.active_with_role((roles.COUNSELLOR,))
    if worker and worker.counsellor and worker.counsellor not in counsellors:  # keeps theirs when saved unchanged
        counsellors.append(worker.counsellor)
    form.counsellor_id.choices = [(0, "—")] + [(s.id, s.name) for s in counsellors]
    if form.counsellor_id.data is None:  # not sent, and nobody yet: "—"
        form.counsellor_id.data = 0
    if not form.is_submitted():
        form.shelter_id.data = (worker.shelter_id if worker else None) or 0
        form.counsellor_id.data = (worker.counsellor_id if worker else None) or 0
        form.travel_euros.data = money(worker.travel_cents if worker else 0).replace("€\u00a0", "")
    return form


def _save(worker, form):
    """Validate and save the form; returns a redirect or the re-rendered form with 422."""
    if form.validate_on_submit():
        data = dict(form.data)
        data["counsellor_id"] = data["counsellor_id"] or None
        try:
            data["travel_cents"] = parse_cents(form.travel_euros.data or "0")
        except ValueError as error:
            form.travel_euros.errors = [str(error)]
        else:
            upload = form.photo.data
            try:
                saved = operations.save_worker(worker, data, upload.read() if upload else None)
            except Refused as refusal:
                (form.photo if refusal.code == "photo" else form.external_id).errors = [refusal.message]
            else:
                flash(_("%(name)s opgeslagen.", name=saved.display_name), "ok")
                return redirect(url_for("workers.card", worker_id=saved.id))
    status = 422 if form.errors else 200
    return render_template("workers/form.html", form=form, worker=worker), status


@bp.route("/nieuw", methods=["GET", "POST"])
@allow(*roles.RECORD_KEEPERS)
def create():
    """Add a new worker."""
    return _save(None, _form())


@bp.route("/<int:worker_id>/bewerken", methods=["GET", "POST"])
@allow(*roles.RECORD_KEEPERS)
def edit(worker_id: int):
    """Change a worker's details, flags, travel rate or photo."""
    worker = queries.get_or_404(worker_id)
    if request.method == "GET":
        viewed(worker, "gegevens wijzigen")
    return _save(worker, _form(worker))


@bp.post("/<int:worker_id>/actief")
@allow(*roles.RECORD_KEEPERS)
@idempotent
def set_active(worker_id: int):
    """Deactivate or reactivate a worker."""
    worker = queries.get_or_404(worker_id)
    active = request.form.get("active") == "1"
    operations.set_active(worker, active)
    flash(_("%(name)s is weer actief.", name=worker.display_name) if active
          else _("%(name)s is gedeactiveerd.", name=worker.display_name), "ok")
    if not access.visible(current_user, worker.id):  # a supervisor no longer sees a deactivated worker's card
        return redirect(url_for("workers.index"))
    return redirect(url_for("workers.card", worker_id=worker.id))
