"""The trajectory catalogue, readable by the team."""
from flask import render_template
from flask_login import current_user

from .. import clock
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import record
from ..extensions import db
from ..workers import queries as workers
from . import bp, catalogue as methods_catalogue, talks, transition


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
        plan=talks.plan(person),
        intake=talks.intake(person, current_user),
        transition=transition.panel(person, clock.today()),
        reviews=talks.reviews(person),
        outflow=talks.outflow(person),
    )
