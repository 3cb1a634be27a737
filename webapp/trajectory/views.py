"""Trajectories: the catalogue, a worker's trajectory page and the counsellor's work list."""
from flask import render_template, request
from flask_login import current_user

from .. import clock, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..extensions import db
from ..workers import queries as workers
from . import bp, catalogue as methods_catalogue, talks, transition, worklist as work


@bp.get("/trajecten")
@allow(roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN)
def catalogue():
    """Show the methods with their modules, phases and durations."""
    return render_template("trajectory/catalogue.html", methods=methods_catalogue.methods())


@bp.get("/trajecten/medewerker/<int:worker_id>")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def worker(worker_id: int):
    """A worker's trajectory: the timeline of modules and phases, what is due, the plan, the reviews."""
    person = workers.get_or_404(worker_id)
    record("view", person, "traject")
    db.session.commit()
    return render_template(
        "trajectory/worker.html",
        worker=person,
        due=work.for_worker(person.id, clock.today()),
        plan=talks.plan(person),
        intake=talks.intake(person, current_user),
        transition=transition.panel(person, clock.today()),
        reviews=talks.reviews(person),
        outflow=talks.outflow(person),
    )


@bp.get("/trajecten/werklijst")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def worklist():
    """What is due for my workers (or my site's, or everyone's): overdue first, then the coming days."""
    raw_days = request.args.get("dagen")
    days = parse.count(raw_days, field="dagen", limit=work.MAX_DAYS) if raw_days else work.DEFAULT_DAYS
    scope = work.choose(current_user, request.args.get("filter"))
    on = clock.today()
    where = work.scope_clause(current_user, scope)
    rows, ready = work.rows(on, days, where), transition.ready(on, where)
    record("view_worklist", None, f"{scope}, {days} dagen")
    db.session.commit()
    return render_template("trajectory/worklist.html", rows=rows, ready=ready, days=days, scope=scope,
                           scopes=work.scopes(current_user), labels=work.SCOPES)
