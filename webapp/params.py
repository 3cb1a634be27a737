"""What a request names, read once through `parse`: dates, weeks, ids and searches from the query string or
form, ids from cookies, and every `<int:…>` in a route. Missing means the default (today, this week, none);
anything unreadable is a `parse.BadInput`, answered in Dutch as a 422 (404 for an id that cannot exist)."""
from datetime import date

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from . import clock, parse
from .payouts.rules import week_unit


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a database id from 1 to 2³¹−1; anything else matches no route, so it is a 404
    before a view or the database sees it (a larger number overflows PostgreSQL's integer)."""

    def __init__(self, map, fixed_digits: int = 0, min: int = 1, max: int = parse.MAX_ID, signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Bound every `<int:…>` path parameter; call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter


def _sent(name: str) -> str | None:
    """The value of a query-string or form parameter, None when it is missing or blank."""
    raw = request.values.get(name)
    return raw if raw is not None and raw.strip() else None


def day_arg(name: str = "datum", *, field: str = "datum", default: date | None = None) -> date:
    """The date a request asks for; today (or `default`) when none is sent."""
    raw = _sent(name)
    if raw is None:
        return default or clock.today()
    return parse.day(raw, field=field)


def optional_day_arg(name: str, *, field: str) -> date | None:
    """A date the request may send, None when it does not."""
    raw = _sent(name)
    return parse.day(raw, field=field) if raw is not None else None


def week_arg(name: str = "week") -> str:
    """The ISO week a request asks for in its one spelling ('2026-W48'); this week when none is sent."""
    raw = _sent(name)
    if raw is None:
        return week_unit(clock.today())
    return parse.week(raw)


def id_arg(name: str, *, field: str | None = None) -> int | None:
    """An id the request names (`?blok=3`, a form field), None when none is sent."""
    return parse.optional_ident(request.values.get(name), field=field or name)


def required_id_arg(name: str, *, field: str | None = None) -> int:
    """An id the request must name."""
    return parse.ident(request.values.get(name), field=field or name)


def client_id_arg() -> str | None:
    """The phone's UUID for this write in its canonical spelling, None when none is sent (plain forms)."""
    return parse.client_id(request.form.get("client_id"))


def flag_arg(name: str, source: str = "form") -> bool:
    """A yes/no a form sends (a checkbox, `boarded=1`), or with `source="args"` one in the query string."""
    return parse.flag((request.args if source == "args" else request.form).get(name))


def cookie_id(name: str) -> int | None:
    """An id this phone remembers in a cookie; a cookie that is no id is ignored (the user did not type it)."""
    try:
        return parse.optional_ident(request.cookies.get(name))
    except parse.BadInput:
        return None


def search_arg(name: str = "q") -> str:
    """A search term, trimmed and cut to what a person types (a 1,000-word `q` is cut, not run)."""
    return parse.search(request.values.get(name))

