"""Idempotent writes: a device's UUID makes a write happen once, however often the queue sends it.

A write is recorded only when the view answered 2xx, and the answer then names the UUID in the
`Dagdeel-Applied` header: the device removes a queued write only on that header, never on a bare 200
(a captive portal's login page is a 200 too).
"""
import hashlib
import time
from datetime import datetime, timezone
from functools import wraps

from flask import current_app, make_response, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import AppliedWrite

HEADER = "Dagdeel-Applied"
IGNORED = {"csrf_token", "device_at", "offline"}


def device_time(form) -> datetime | None:
    """The device's clock at the moment of the tap (sent by app.js as ISO 8601), as aware UTC."""
    try:
        moment = datetime.fromisoformat(form.get("device_at", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def digest(endpoint: str, form) -> str:
    """What the write asked for, independent of session token, device clock and send attempt."""
    items = sorted((k, v) for k, vs in form.lists() if k not in IGNORED for v in vs)
    return hashlib.sha256(repr((endpoint, items)).encode()).hexdigest()


def idempotent(view):
    """Apply a write once per client UUID; the same UUID with other data is refused (422)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        client_id = request.form.get("client_id", "")
        if not client_id:
            return view(*args, **kwargs)
        if len(client_id) > 36:  # a UUID is 36 characters; anything longer is not from app.js
            return "Ongeldige actie-id: vernieuw de pagina.", 422
        wanted = digest(request.endpoint, request.form)
        seen = db.session.scalar(select(AppliedWrite).where(AppliedWrite.client_id == client_id))
        if seen is not None and seen.digest != wanted:
            return "Deze actie is al verwerkt met andere gegevens; vernieuw de pagina.", 422
        staff_id = current_user.id  # read before the view commits: afterwards it would be read again
        response = make_response(view(*args, **kwargs))
        if 300 <= response.status_code < 400 and (request.headers.get("HX-Request") or request.headers.get("Dagdeel-Replay")):
            # A background write must see its own answer (with the header), not the page it redirects to.
            location = response.headers["Location"]
            response = make_response("", 200)
            response.headers["HX-Location"] = location
        if seen is not None and not response.status_code < 300:
            # Applied before (its answer was lost): the state is already the server's truth.
            response = make_response("", 200)
            response.headers["HX-Refresh"] = "true"
        if response.status_code < 400 and seen is None:
            try:
                db.session.add(AppliedWrite(client_id=client_id, staff_id=staff_id, endpoint=request.endpoint, digest=wanted))
                db.session.commit()
            except IntegrityError:  # the same write raced in twice
                db.session.rollback()
        if response.status_code < 400:
            response.headers[HEADER] = client_id
        _test_fault_after()
        return response

    return wrapped


def test_fault_before():
    """Tests only: answer the next write with a simulated failure (500, 401 or a captive portal's 200)."""
    faults = current_app.config.get("FAULTS")
    if not faults or request.method != "POST" or not current_app.testing:
        return None
    fault = faults[0]
    if fault == "slow":
        return None
    faults.pop(0)
    if fault == "portal":
        return "<html><body><h1>Welkom op de gastenwifi</h1><p>Accepteer de voorwaarden.</p></body></html>", 200
    return f"simulated {fault}", int(fault)


def _test_fault_after():
    """Tests only: apply the write, then answer so late that the device gives up waiting."""
    faults = current_app.config.get("FAULTS")
    if faults and faults[0] == "slow" and current_app.testing:
        faults.pop(0)
        time.sleep(current_app.config.get("SLOW_SECONDS", 3))
