"""Idempotent writes: a device's UUID makes a write happen once, however often the queue sends it.

A write that carries a `client_id` (a UUID in its canonical spelling; anything else is a 422 before the
view or the database sees it) is applied at most once. The record of it (`AppliedWrite`: the UUID and a
digest of the endpoint, its path parameters and its form) joins the view's own transaction, so the change
and the record are committed together; a refusal (a 4xx: every `errors.Refused` is answered as a 422) is not
recorded, so the same UUID may come again.

A resend of an applied write (same UUID, same digest) never runs the view again: the answer is an empty 200
naming the UUID in the `Dagdeel-Applied` header, with `HX-Refresh: true` for htmx so the screen reloads the
server's truth (a plain browser post goes back to the page it came from). The same UUID with other data is
a 422. The device removes a queued write only on that header, never on a bare 200 (a captive portal's
login page is a 200 too).

A post without a client_id (a plain form without JavaScript) runs the view unguarded, as a web form does:
the queue always sends one, and every queued form renders one or gets one from static/js/outbox.js.
"""
import hashlib
from functools import wraps
from urllib.parse import urlsplit

from flask import make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, inspect, select
from sqlalchemy.exc import IntegrityError

from .. import parse
from ..errors import is_background
from ..extensions import db
from .models import AppliedWrite

HEADER = "Dagdeel-Applied"
IGNORED = {"csrf_token", "device_at", "offline"}


def digest(endpoint: str, view_args: dict, form) -> str:
    """What the write asked for (endpoint, path parameters, form), independent of session token, device
    clock and send attempt."""
    items = sorted((k, v) for k, vs in form.lists() if k not in IGNORED for v in vs)
    path = sorted((k, str(v)) for k, v in (view_args or {}).items())
    return hashlib.sha256(repr((endpoint, path, items)).encode()).hexdigest()


def idempotent(view):
    """Apply a write once per client UUID; a resend is answered without running the view again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        raw = request.form.get("client_id", "") if request.method == "POST" else ""
        if not raw:
            return view(*args, **kwargs)
        client_id = parse.client_id(raw)
        if client_id != raw:  # the header echoes it: only the one spelling the outbox sends, never CR/LF
            raise parse.BadInput(_("Ongeldige actie-id: vernieuw de pagina."))
        wanted = digest(request.endpoint, request.view_args, request.form)
        record = AppliedWrite(client_id=client_id, staff_id=current_user.id, endpoint=request.endpoint, digest=wanted)
        db.session.add(record)
        try:  # a new UUID (nearly every write) costs this one insert; a resend or a race is told by the unique key
            db.session.flush()  # the same UUID arriving twice at once: the second waits here, then finds the first
        except IntegrityError:
            db.session.rollback()
            return _resent(client_id, wanted)
        try:
            response = make_response(view(*args, **kwargs))
        except Exception:  # a refusal (answered as a 422 by its handler) or a failure: not applied
            _forget(client_id)
            raise
        if response.status_code >= 400:
            _forget(client_id)
            return response
        _keep(record, client_id, wanted)
        response = _answer_in_place(response)
        response.headers[HEADER] = client_id
        return response

    wrapped.idempotent = True
    return wrapped


def _applied_before(seen: AppliedWrite, wanted: str):
    """A resend of a write applied before (its answer was lost): nothing happens again."""
    if seen.digest != wanted:
        raise parse.BadInput(_("Deze actie is al verwerkt met andere gegevens; vernieuw de pagina."))
    if is_background():
        response = make_response("", 200)
        response.headers["HX-Refresh"] = "true"  # the screen still shows the resent state: show the server's
    else:
        response = redirect(_back(), 303)
    response.headers[HEADER] = seen.client_id
    return response


def _resent(client_id: str, wanted: str):
    """The UUID is known: applied before, or being applied by another request at the same moment."""
    seen = db.session.scalar(select(AppliedWrite).where(AppliedWrite.client_id == client_id))
    if seen is not None:
        return _applied_before(seen, wanted)
    return make_response('<p class="error" role="alert">Even wachten: deze actie wordt al verwerkt.</p>', 503)


def _forget(client_id: str) -> None:
    """A refused write is not applied: drop what the view left uncommitted, and the record if a commit on the
    way (an audit line, a new cash box) took it along."""
    db.session.rollback()
    db.session.execute(delete(AppliedWrite).where(AppliedWrite.client_id == client_id))
    db.session.commit()


def _keep(record: AppliedWrite, client_id: str, wanted: str) -> None:
    """Commit the record with the view's change (again, if the view rolled back on the way and then succeeded)."""
    if inspect(record).transient:
        db.session.add(AppliedWrite(client_id=client_id, staff_id=record.staff_id, endpoint=record.endpoint, digest=wanted))
    try:
        db.session.commit()
    except IntegrityError:  # the same write raced in twice
        db.session.rollback()


def _answer_in_place(response):
    """A background write must see its own answer (with the header), not the page it redirects to."""
    if 300 <= response.status_code < 400 and is_background():
        location = response.headers["Location"]
        response = make_response("", 200)
        response.headers["HX-Location"] = location
    return response


def _back() -> str:
    """The page a plain form was posted from, when it is on this site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/") and not referrer.path.startswith("//"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("home.index")

