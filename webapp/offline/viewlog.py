"""Views the phone showed from its cache, offline: logged when the phone syncs ("offline bekeken").

A kept page carries the ids of the workers the server rendered on it: the templates pass each through `|shown`,
and base.html writes what was gathered at the end of the page (`#offline-view`). When the service worker answers
from its cache because the network failed, static/js/viewlog.js queues one view event (the page, those ids, the
device time; at most one per page per minute) that the queue sends like a write, with its client UUID.

The server believes the page only when it is one the phone may keep (`scope.KEPT_PAGES`), and the ids only when
each names a worker this staff member may see (their sites); the device time is parsed at the edge
(`parse.sent_device_time`): unreadable is refused, outside the window it is the sync time, marked as not believed
(a view is never lost over a wrong clock). Each worker gets one access-log line with the phone's moment in `at`
and the server's in `synced_at`.
"""
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from .. import clock, parse
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..workers.models import Worker
from ..trajectory import access
from . import device, placeholder, scope

ACTION = "view_offline"
MAX_WORKERS = 1000  # the longest kept list (a day's Loon naar Werken payouts) has a few hundred people
MAX_PATH = 300
# What the worker's report says was seen, in Dutch as every access-log detail (stored, not translated).
PAGES = {
    "attendance.board": "de werkvloer", "trajectory.training_board": "de trainingssessie",
    "rounds.show": "de ronde", "rounds.arrive": "de aankomst van de ronde", "rounds.index": "de rondes",
    "payouts.index": "de uitbetalingslijst", "payouts.viavia": "de Via Via-weeklijst",
    "payouts.cash": "de kas", "workers.index": "de medewerkerslijst",
}
NOT_KEPT = _l("Deze pagina wordt niet op de telefoon bewaard; een offline bekeken pagina kan het niet zijn.")
NOT_YOURS = _l("Een of meer van deze medewerkers staan niet op jouw dagschermen.")


def shown(value):
    """Template filter: note that the page shows this worker (an id or a worker), and give it back unchanged."""
    worker_id = getattr(value, "id", value)
    if worker_id != placeholder.REF:  # the row the phone fills in itself shows no one yet
        g.setdefault("shown_workers", {})[worker_id] = None
    return value


def shown_workers() -> list:
    """The ids of the workers this page showed, in the order shown."""
    return list(g.get("shown_workers", {}))


def kept_shown() -> list:
    """What base.html writes for static/js/viewlog.js: the workers shown, on a page the phone may keep only (the
    worker list shows people too, for the online log, `audit/shown.py`, but is never kept)."""
    return shown_workers() if request.endpoint in scope.KEPT_PAGES else []


def kept_page(raw: str | None) -> tuple[str, dict]:
    """The endpoint and arguments of a page the phone may keep, from its path (and query); anything else refused."""
    path = parse.local_path(raw) if len(raw or "") <= MAX_PATH else None
    if path is None:
        raise parse.BadInput(str(NOT_KEPT))
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(urlsplit(path).path, method="GET")
    except (HTTPException, RoutingException):
        raise parse.BadInput(str(NOT_KEPT)) from None
    if endpoint not in scope.KEPT_PAGES:
        raise parse.BadInput(str(NOT_KEPT))
    return endpoint, args


def visible(staff, worker_ids: list[int]) -> list[Worker]:
    """The workers named, when this staff member may see every one of them (`trajectory.access.seen`: their sites;
    former workers for counsellors and admins only). Unknown or out of sight: refused."""
    workers = db.session.scalars(select(Worker).where(Worker.id.in_(worker_ids), access.seen(staff))).all()
    if len(workers) != len(worker_ids):
        raise Refused(str(NOT_YOURS))
    return sorted(workers, key=lambda w: worker_ids.index(w.id))


def what(endpoint: str, args: dict) -> str:
    """The page in words: 'de werkvloer Assemblage', 'de ronde van Bus 1', 'de trainingssessie Sollicitatie'
    (also what the online list log dedupes on, `audit/shown.py`)."""
    words = PAGES.get(endpoint, endpoint)
    if place := _named(endpoint, args):
        words = f"{words} {place}"
    return words


def _named(endpoint: str, args: dict) -> str:
    """Which board, round or session the page is of ("" for a page that is one of a kind); a lookup by primary
    key, which the page itself has usually just loaded."""
    from ..org.models import Workshop
    from ..rounds.models import PickupRound
    from ..trajectory.training_models import TrainingSession

    if endpoint == "attendance.board" and (place := db.session.get(Workshop, args.get("workshop_id") or 0)):
        return place.name
    if endpoint in ("rounds.show", "rounds.arrive") and (pickup := db.session.get(PickupRound, args.get("round_id") or 0)):
        return f"van {pickup.bus.name}"
    if endpoint == "trajectory.training_board" and (session := db.session.get(TrainingSession, args.get("session_id") or 0)):
        return session.series.name
    return ""


def log(staff) -> int:
    """Record the view event this request carries: one access-log line per worker shown; returns how many."""
    now = clock.now()
    seen = device.seen(now)
    endpoint, args = kept_page(request.form.get("page"))
    ids = parse.idents(request.form.getlist("worker"), field="medewerker", limit=MAX_WORKERS)
    detail = " · ".join(filter(None, [what(endpoint, args), seen.note]))  # the report reads the page before " · "
    for worker in visible(staff, ids):
        record(ACTION, worker, detail, at=seen.at, synced_at=now)
    return len(ids)
