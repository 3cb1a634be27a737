"""The one clock of the app: UTC inside, Europe/Amsterdam on screen.

Tests and demos freeze it with the DAGDEEL_NOW setting (an ISO timestamp,
local time when it has no offset), e.g. "14:05 on a Monday".
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LOCAL = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """The current moment, timezone-aware UTC."""
    frozen = current_app.config.get("DAGDEEL_NOW") if has_app_context() else None
    if frozen:
        moment = datetime.fromisoformat(frozen)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=LOCAL)
        return moment.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def local(moment: datetime) -> datetime:
    """A stored moment (UTC; naive means UTC) in Dutch local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL)


def today() -> date:
    """Today's date in the Netherlands."""
    return local(now()).date()
