"""Writing to the access log."""
from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from .models import AccessLog


def record(action: str, worker=None, detail: str = "") -> None:
    """Add a line to the access log in the current transaction (the caller commits)."""
    if worker is not None and worker.id is None:
        db.session.flush()
    staff_id = current_user.id if has_request_context() and current_user.is_authenticated else None
    ip = (request.remote_addr or "") if has_request_context() else "cli"
    db.session.add(
        AccessLog(staff_id=staff_id, worker_id=worker.id if worker else None, action=action, detail=detail[:500], ip=ip)
    )
