"""The database writes dates and moments as Python would (webapp/sqldates.py): the exports pass them on as they come,
so a difference would change the CSV. Every day of a few years around ISO week 53 and the year boundaries."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Date, literal, select

from webapp.extensions import db
from webapp.payouts.rules import week_unit
from webapp.sqldates import iso_day, iso_seconds, iso_week, week_monday
from webapp.types import UTCDateTime


def _days() -> list[date]:
    first = date(2014, 12, 20)  # 2015 and 2020 have an ISO week 53; 2021-01-03 is still in it
    return [first + timedelta(days=i) for i in range(0, 2600, 3)]


def test_a_day_its_monday_and_its_week_are_written_as_python_writes_them(app):
    for day in _days():
        value = literal(day, Date)
        written, monday = db.session.execute(select(iso_day(value), week_monday(value).label("monday"))).one()
        assert (written, monday) == (day.isoformat(), day - timedelta(days=day.weekday())), day
        assert db.session.scalar(select(iso_week(literal(monday, Date)))) == week_unit(day), day


def test_a_moment_is_written_to_the_second_in_utc_as_isoformat_writes_it(app):
    for moment in (datetime(2026, 11, 23, 13, 5, 59, 999_999, tzinfo=timezone.utc),
                   datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc), datetime(2025, 12, 31, 23, 59, 1, 1, tzinfo=timezone.utc)):
        written = db.session.scalar(select(iso_seconds(literal(moment, UTCDateTime))))
        assert written == moment.isoformat(timespec="seconds")
