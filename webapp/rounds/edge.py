"""What a phone's request on the round says, parsed once at the edge: when the tap happened, which ids."""
from datetime import timedelta

from flask import current_app, request

from .. import clock, parse


def tap() -> parse.DeviceTime:
    """The tap's moment on the phone (`device_at`), believed inside the configured window, else the server's now."""
    window = timedelta(hours=current_app.config["DEVICE_TIME_WINDOW_HOURS"])
    return parse.device_time(request.form.get("device_at"), clock.now(), window)


def ids(field: str, name: str) -> set[int]:
    """A list of ids sent as repeated form fields (checkboxes); anything else is a Dutch 4xx."""
    return {parse.ident(value, field=name) for value in request.form.getlist(field)}


def references(field: str) -> list[str]:
    """How a phone names workers it may only know offline: worker ids or the client UUIDs of its sign-ups."""
    return [value.strip()[:36] for value in request.form.getlist(field) if value.strip()]
