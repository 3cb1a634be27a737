"""Role checks: every view declares who may use it, and the app refuses to start otherwise."""
from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required


def allow(*roles: str):
    """Let only logged-in staff with one of these roles use the view."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                from flask_babel import force_locale

                from ..audit.operations import refused  # the audit feature's views use this module
                from .roles import LABELS

                with force_locale("nl"):  # the log is kept in Dutch, whatever language the user reads
                    refused(None, f"niet voor de rol {str(LABELS.get(current_user.role, current_user.role)).lower()}")
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorate


def public(view):
    """Mark a view that anyone may use (login page, static files, manifest)."""
    view.allowed_roles = None
    return view


def can(endpoint: str) -> bool:
    """May the current user use this endpoint: its `@allow` roles, or anyone for a `@public` view.
    Templates show a link or button only when this says yes; an unknown endpoint is a typo and raises."""
    try:
        allowed = current_app.view_functions[endpoint].allowed_roles
    except KeyError:
        raise LookupError(f"can({endpoint!r}): no such endpoint") from None
    except AttributeError:  # Flask's own `static` view
        allowed = None
    return allowed is None or (current_user.is_authenticated and current_user.has_role(*allowed))


def check_every_view_declares_roles(app) -> None:
    """Fail at start-up when a route was added without an access rule."""
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "allowed_roles")
    ]
    if missing:
        raise RuntimeError(f"views without @allow or @public: {sorted(missing)}")
