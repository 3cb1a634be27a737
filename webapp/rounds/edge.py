"""What a phone's request on the round says, parsed once at the edge: which ids (the tap's time: offline.device)."""
from flask import request

from .. import parse


def ids(field: str, name: str) -> set[int]:
    """A list of ids sent as repeated form fields (checkboxes); anything else is a Dutch 4xx."""
    return {parse.ident(value, field=name) for value in request.form.getlist(field)}


def references(field: str) -> list[str]:
    """How a phone names workers it may only know offline: worker ids or the client UUIDs of its sign-ups."""
    return [value.strip()[:36] for value in request.form.getlist(field) if value.strip()]
