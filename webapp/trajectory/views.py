"""Trajectories: the catalogue, a worker's trajectory page and the counsellor's work list."""
from flask import render_template, request
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import clock, parse
from ..auth import roles
from ..auth.access import allow
from ..audit.operations import listed, record
from ..extensions import db
from ..workers import queries as workers
from . import access, bp, catalogue as methods_catalogue, domain_ops, labels, support, talks, training, transition, worklist as work
from . import zrm_labels, zrm_ops


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
    # The page follows the work list (a counsellor's "Alles" opens anyone's); its checklists and life domains only
    # for a worker in my team (trajectory/access.py).
    private = access.may_see(current_user, person.id)
    return render_template(
        "trajectory/worker.html",
        worker=person,
        private=private,
        due=work.for_worker(person.id, clock.today(), current_user),
        domains=domain_ops.glance(person, current_user, clock.today()) if private else [],
        plan=talks.plan(person),
        intake=talks.intake(person, current_user),
        transition=transition.panel(person, clock.today()),
        reviews=talks.reviews(person),
        outflow=talks.outflow(person),
        placements=support.placements(person),
        buddies=support.buddies(person),
        trainings=training.for_worker(person, clock.today()),
        missed_days=labels.missed_days,
        meetings=support.meetings(person),
        instruments=zrm_ops.panel(person, clock.today()) if private else None,
        zrm_words=zrm_labels,
        today=clock.today(),
    )


@bp.get("/trajecten/werklijst")
@allow(roles.SUPERVISOR, roles.COUNSELLOR)
def worklist():
    """What is due for my workers (or my site's, or everyone's): overdue first, then the coming days."""
    raw_days, raw_first, raw_end = (request.args.get(k) for k in ("dagen", "vanaf", "tot"))
    days = parse.count(raw_days, field="dagen", limit=work.MAX_DAYS) if raw_days else work.DEFAULT_DAYS
    first = parse.count(raw_first, field="vanaf", limit=work.MAX_ROWS) if raw_first else 0
    end = parse.count(raw_end, field="tot", limit=work.MAX_ROWS) if raw_end else first + work.PAGE
    scope = work.choose(current_user, request.args.get("filter"))
    more_only = bool(raw_first) and request.htmx and not request.htmx.boosted  # "Meer tonen": the next rows only
    on, where = clock.today(), work.scope_clause(current_user, scope)
    shown = work.page(on, days, where, first if more_only else 0, end, work.action_scope(current_user, scope))
    record("view_worklist", None, f"{scope}, {days} dagen, regels {shown.first + 1}–{shown.end}")
    db.session.commit()
    listed("de werklijst", [row.worker.id for row in shown.rows])  # whom it showed: in each worker's report
    context = dict(page=shown, page_size=work.PAGE, days=days, scope=scope, scopes=work.scopes(current_user),
                   labels=work.SCOPES)
    if more_only:
        return render_block("trajectory/worklist.html", "rows", **context)
    team_sites = None if access.site_ids(current_user) is None else [site.name for site in current_user.sites]
    return render_template("trajectory/worklist.html", ready=transition.ready(on, where), team_sites=team_sites,
                           **context)
