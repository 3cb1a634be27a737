"""When a phone's tap happened, parsed once at the edge: the device's clock inside the believed window."""
from datetime import datetime, timedelta

from flask import current_app, request

from .. import clock, parse


def _window() -> timedelta:
    return timedelta(hours=current_app.config["DEVICE_TIME_WINDOW_HOURS"])


def tap() -> parse.DeviceTime:
    """The tap's moment on the phone (`device_at`), believed inside the configured window, else the server's now."""
    return parse.device_time(request.form.get("device_at"), clock.now(), _window())


def seen(now: datetime) -> parse.DeviceTime:
    """When the phone showed a page offline (`device_at`, which it must send), believed inside the window, else `now`."""
    return parse.sent_device_time(request.form.get("device_at"), now, _window())
