"""Role checks: every view declares who may use it, and the app refuses to start otherwise."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def allow(*roles: str):
    """Let only logged-in staff with one of these roles use the view."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorate


def public(view):
    """Mark a view that anyone may use (login page, static files, manifest)."""
    view.allowed_roles = None
    return view


def check_every_view_declares_roles(app) -> None:
    """Fail at start-up when a route was added without an access rule."""
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "allowed_roles")
    ]
    if missing:
        raise RuntimeError(f"views without @allow or @public: {sorted(missing)}")
