"""Pages that list workers log whom they showed (issue 18 item 1): the Werkvloer board, the round and its arrival, the
payout day and week lists, the cash check, a training session's board, the worker list.

One place decides who a page showed: the templates pass every worker they render through `|shown`
(`offline/viewlog.py`, which the offline view log reads too). After a full page is rendered, this hook writes one
access-log line per worker shown, `view_list`, with the page in words ("de werkvloer Assemblage",
`viewlog.what`), so the worker's report reads "… — Sanne (assistent werkbegeleider) bekeek de werkvloer Assemblage".

What counts as a view: a whole page (GET, 200, asked for by a person: not an htmx fragment, which only re-renders
what the page already showed after a tap, and not the service worker's prefetch of the daily screens, which no one
looks at; a page the phone then shows from its cache is logged offline, `viewlog.log`). A boosted htmx navigation
is a whole page.

Dedupe, so the log stays meaningful and bounded: at most one line per staff member × page (in words) × worker ×
local day; the line's time is the first view that day. A board reloaded all morning is one line per person, and a
walk-in added at eleven gets theirs at eleven. Cost: one SELECT of this staff member's lines for the page today and
one executemany INSERT of the rest, whatever the number of workers.
"""
from datetime import datetime, time

from flask import g, request
from flask_login import current_user
from sqlalchemy import insert, select

from .. import clock
from ..extensions import db
from ..offline import viewlog
from . import sink
from .models import AccessLog
from .operations import origin

ACTION = "view_list"


def whole_page(response) -> bool:
    """Was this answer a whole page a person asked for (see the module docstring)?"""
    htmx = getattr(request, "htmx", None)
    return (request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html"
            and not (htmx and not htmx.boosted) and not request.headers.get("Dagdeel-Prefetch"))


def already_logged(staff_id: int, what: str) -> set[int]:
    """The workers this staff member's view of this page has already logged today."""
    start = datetime.combine(clock.today(), time(), clock.LOCAL)
    return set(db.session.scalars(select(AccessLog.worker_id).where(
        AccessLog.staff_id == staff_id, AccessLog.at >= start, AccessLog.action == ACTION, AccessLog.detail == what)))


def log(response):
    """After a whole page that showed workers: one access-log line per worker not yet logged for it today."""
    if not g.get("shown_workers") or not current_user.is_authenticated or not whole_page(response):
        return response
    listed(viewlog.what(request.endpoint, request.view_args or {}), viewlog.shown_workers())
    return response


def listed(what: str, worker_ids) -> None:
    """Log that this page (`what`, in words) showed these workers to the logged-in staff member, once a day each."""
    logged = already_logged(current_user.id, what)
    fresh = [worker_id for worker_id in dict.fromkeys(worker_ids) if worker_id not in logged]
    if fresh:
        now, who = clock.now(), origin()
        lines = [{"at": now, "worker_id": worker_id, "action": ACTION, "detail": what, **who} for worker_id in fresh]
        db.session.execute(insert(AccessLog), lines)
        sink.keep(db.session(), lines)
        db.session.commit()
