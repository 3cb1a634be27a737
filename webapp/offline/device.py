"""When a phone's tap happened, parsed once at the edge: the device's clock inside the believed window."""
from datetime import timedelta

from flask import current_app, request

from .. import clock, parse


def tap() -> parse.DeviceTime:
    """The tap's moment on the phone (`device_at`), believed inside the configured window, else the server's now."""
    window = timedelta(hours=current_app.config["DEVICE_TIME_WINDOW_HOURS"])
    return parse.device_time(request.form.get("device_at"), clock.now(), window)
