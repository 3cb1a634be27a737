"""Dates and moments written as text by the database itself, per dialect: an export of hundreds of thousands of rows
passes them on as they come instead of making a Python date of each and writing it out again (issue 19)."""
from sqlalchemy import Date, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

# The ISO week 'YYYY-Www' of a Monday (its Thursday's year and day of the year); payouts/models.py: UNIT_CHECK.
ISO_WEEK = {
    "sqlite": ("strftime('%Y', {0}, '+3 days') || '-W'"
               " || printf('%02d', (CAST(strftime('%j', {0}, '+3 days') AS INTEGER) + 6) / 7)"),
    "postgresql": "to_char({0}, 'IYYY-\"W\"IW')",
}
ISO_DAY = {"sqlite": "CAST({0} AS VARCHAR)", "postgresql": "to_char({0}, 'YYYY-MM-DD')"}
# A moment stored as naive UTC (types.UTCDateTime) as Python's isoformat(timespec="seconds") of it writes it.
ISO_SECONDS = {"sqlite": "strftime('%Y-%m-%dT%H:%M:%S+00:00', {0})",
               "postgresql": "to_char({0}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"}
WEEK_MONDAY = {"sqlite": "date({0}, 'weekday 0', '-6 days')", "postgresql": "CAST(date_trunc('week', {0}) AS DATE)"}


FORMATS = {"iso_day": ISO_DAY, "iso_week": ISO_WEEK, "iso_seconds": ISO_SECONDS, "week_monday": WEEK_MONDAY}


class Formatted(ColumnElement):
    """One of FORMATS (by name) applied to an expression: text, or a date for the week's Monday."""

    inherit_cache = True
    _traverse_internals = [("format", InternalTraversal.dp_string), ("of", InternalTraversal.dp_clauseelement)]

    def __init__(self, name: str, of):
        self.format, self.of = name, of
        self.type = Date() if name == "week_monday" else String()


@compiles(Formatted)
def _formatted(element, compiler, **kw):
    return FORMATS[element.format][compiler.dialect.name].format(compiler.process(element.of, **kw))


def iso_day(day) -> Formatted:
    """A date as 'YYYY-MM-DD' (a Loon naar Werken unit is spelled so)."""
    return Formatted("iso_day", day)


def iso_week(monday) -> Formatted:
    """A Monday's ISO week as 'YYYY-Www' (a Via Via unit is spelled so)."""
    return Formatted("iso_week", monday)


def iso_seconds(moment) -> Formatted:
    """A UTC moment as 'YYYY-MM-DDTHH:MM:SS+00:00'."""
    return Formatted("iso_seconds", moment)


def week_monday(day) -> Formatted:
    """The Monday of a date's ISO week, as a date."""
    return Formatted("week_monday", day)
