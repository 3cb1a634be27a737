"""Writing to the access log."""
from collections.abc import Iterable, Iterator

from flask import current_app, g, has_request_context, request
from flask_login import current_user

from .. import clock
from ..extensions import db
from . import sink
from .labels import ACTIONS
from .models import AccessLog


def origin(on_behalf: str = "") -> dict:
    """Who, from where and on whose behalf, for an access-log line of this request (the command line: "cli")."""
    if not has_request_context():
        return {"staff_id": None, "ip": "cli", "device": "", "on_behalf": on_behalf[:120]}
    return {"staff_id": current_user.id if current_user.is_authenticated else None, "ip": request.remote_addr or "",
            "device": (request.user_agent.string or "")[:300],
            "on_behalf": (on_behalf or g.get("on_behalf", ""))[:120]}


def record(action: str, worker=None, detail: str = "", *, at=None, synced_at=None, on_behalf: str = "") -> None:
    """Add a line to the access log in the current transaction (the caller commits); `at` is now unless given (a
    view on the phone offline: its moment there, and `synced_at` when the server learned of it). Who acted, when not
    the staff member alone: `on_behalf`, else what the request set in `g.on_behalf` (the worker's own turn)."""
    if action not in ACTIONS:  # the tests fail on it; a server logs it anyway (the line matters more) and warns
        problem = f"access-log action {action!r} is not in audit/labels.py ACTIONS (and docs/logging.md)"
        if current_app.testing:
            raise ValueError(problem)
        current_app.logger.warning(problem)
    if worker is not None and worker.id is None:
        db.session.flush()
    line = {"worker_id": worker.id if worker else None, "action": action, "detail": detail[:500],
            "at": at or clock.now(), "synced_at": synced_at, **origin(on_behalf)}
    db.session.add(AccessLog(**line))
    sink.keep(db.session(), [line])


def refused(worker=None, detail: str = "") -> None:
    """Log a refused request (ASVS 16.3.2, NEN 7513: attempts count too) with the address asked, and commit; the
    request's own unsaved changes go first, so a refused request records nothing but the refusal."""
    db.session.rollback()
    record("access_refused", worker, f"{request.path[:200]} · {detail}" if has_request_context() else detail)
    db.session.commit()


def viewed(worker, what: str, action: str = "view") -> None:
    """Log that a page showed this worker's data (`what`: which page) and commit: for GET views."""
    record(action, worker, what)
    db.session.commit()


def searched(where: str, term: str, found: list, page: str = "") -> None:
    """Log a search with its term and how many it found ("medewerkers: 'Verm' — 3 gevonden"), and whom it showed:
    each worker found gets a list line ("bekeek de zoekresultaten (medewerkers)", once a day, audit/shown.py; `page`:
    the page in words when `where` is not) —
    results typed live are fragments, which the page log leaves out. Commits."""
    record("search", None, f"{where}: '{term}' — {len(found)} gevonden")
    db.session.commit()
    if found and current_user.is_authenticated:
        listed(f"de zoekresultaten ({page or where})", [worker.id for worker in found])


def listed(what: str, worker_ids) -> None:
    """A page (`what`, in words) showed these workers: one list line per worker a day (audit/shown.py)."""
    from .shown import listed as log_listed  # shown reads the offline view log, which builds on the features

    log_listed(what, worker_ids)


def exported(what: str, rows: int, complete: bool = True) -> None:
    """Log an export with its scope and how many data lines it holds ("uitbetalingen 2026-11-01–…: 212 regels"), and
    commit; a download that broke off says so, with the lines read until then."""
    record("export", None, f"{what}: {rows} regels" + ("" if complete else " (afgebroken)"))
    db.session.commit()


def exporting(what: str, rows: Iterable) -> Iterator:
    """The rows of a streamed export, passed on as they come; when the last is out the access log gets the line of
    `exported` with their count (only then is it known). A download that breaks off (the browser went away, an error)
    is logged too: as far as it came."""
    rows, count, complete = iter(rows), 0, False
    try:
        for row in rows:
            count += 1
            yield row
        complete = True
    finally:
        if not complete:
            getattr(rows, "close", lambda: None)()  # its cursor first
            db.session.rollback()  # a failed read leaves the transaction unusable; the export wrote nothing else
        exported(what, count, complete)
