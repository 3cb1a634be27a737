"""Week grids (Mon–Sun × dagdelen) per workshop and per worker, with attended dagdelen per week."""
from datetime import date, timedelta

from flask import render_template

from .. import params
from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from ..org import queries as org_queries
from ..workers import queries as worker_queries
from ..workers.models import WEEKDAYS
from . import bp, queries, rules

READERS = (roles.ASSISTANT, roles.SUPERVISOR, roles.COUNSELLOR)


def _nav(day: date) -> dict:
    return {"prev_week": (day - timedelta(days=7)).isoformat(), "next_week": (day + timedelta(days=7)).isoformat(),
            "weekdays": WEEKDAYS, "iso": day.isocalendar(), "statuses": rules.STATUSES, "symbols": rules.SYMBOLS}


@bp.get("/<int:workshop_id>/week")
@allow(*READERS)
def week(workshop_id: int):
    """A workshop's week: who was there each dagdeel, and how many dagdelen each worker attended."""
    workshop = org_queries.workshop_or_404(workshop_id)
    day = params.day_arg()
    grid = queries.week_grid([b.id for b in workshop.blocks], day)
    totals = queries.week_counts({w.id for w in grid.workers}, day) if workshop.programme == "lnw" else None
    record("view_week", None, f"week {day.isocalendar().week} {workshop.name}: {len(grid.workers)} medewerkers")
    db.session.commit()
    return render_template("attendance/week.html", workshop=workshop, blocks=workshop.blocks, grid=grid, day=day,
                           totals=totals, **_nav(day))


@bp.get("/medewerker/<int:worker_id>/week")
@allow(*READERS)
def worker_week(worker_id: int):
    """One worker's week across all workshops, with the Loon naar Werken → Via Via criterion."""
    worker = worker_queries.get_or_404(worker_id)
    day = params.day_arg()
    blocks = org_queries.active_blocks()
    grid = queries.week_grid([b.id for b in blocks], day, worker_ids={worker.id})
    used = {b for (_, _, b) in grid.cells} | {s.block_id for s in worker.schedule}
    record("view_week", worker, day.isoformat())
    db.session.commit()
    return render_template("attendance/worker_week.html", worker=worker, blocks=[b for b in blocks if b.id in used],
                           grid=grid, day=day, count=grid.counts.get(worker.id, 0), **_nav(day))
