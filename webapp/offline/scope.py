"""Which pages a phone may keep for offline use: today's daily screens, and nothing else.

The server marks such a page with a `Dagdeel-Offline: <today>` header; the service worker keeps a page only
with that header and drops every page of another day. Exports, week grids, year overviews, print views,
photos and other days' screens never carry it.
"""
from datetime import date

from flask import Flask, request

from .. import clock
from ..errors import is_background
from ..extensions import db

HEADER = "Dagdeel-Offline"
# The daily screens: the Ronde (list, round, arrival), the Werkvloer board, the Uitbetaling lists and cash check.
ROUND_PAGES = {"rounds.show", "rounds.arrive"}
DAY_PAGES = {"rounds.index", "attendance.board", "payouts.index", "payouts.cash"}
WEEK_PAGES = {"payouts.viavia"}
SESSION_PAGES = {"trajectory.training_board"}  # a training session's board, on the day of the session
KEPT_PAGES = ROUND_PAGES | DAY_PAGES | WEEK_PAGES | SESSION_PAGES


def is_daily(endpoint: str | None, args, today: date, round_day, session_day=lambda: None) -> bool:
    """True for a daily screen of `today`; `round_day()` gives the date of the round asked for (or None),
    `session_day()` that of the training session."""
    if endpoint in DAY_PAGES:
        return args.get("datum", "") in ("", today.isoformat())
    if endpoint in WEEK_PAGES:
        from ..payouts.rules import week_unit

        return args.get("week", "") in ("", week_unit(today))
    if endpoint in ROUND_PAGES:
        return round_day() == today
    if endpoint in SESSION_PAGES:
        return session_day() == today
    return False


def init_app(app: Flask) -> None:
    """Mark today's daily screens as the only pages the service worker may keep."""

    @app.after_request
    def mark_daily(response):
        if (request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html"
                and not is_background()):  # a whole page, not a fragment
            today = clock.today()
            if is_daily(request.endpoint, request.args, today, _round_day, _session_day):
                response.headers[HEADER] = today.isoformat()
        return response


def _round_day() -> date | None:
    from ..rounds.models import PickupRound

    round_id = (request.view_args or {}).get("round_id")
    pickup = db.session.get(PickupRound, round_id) if round_id else None
    return pickup.date if pickup else None


def _session_day() -> date | None:
    from ..trajectory.training_models import TrainingSession

    session_id = (request.view_args or {}).get("session_id")
    session = db.session.get(TrainingSession, session_id) if session_id else None
    return session.date if session else None
