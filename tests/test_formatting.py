"""Money and dates in their Dutch form; parsing typed amounts into cents."""
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, strategies as st

from webapp import clock, formatting


@pytest.mark.parametrize("cents, text", [(600, "€\u00a06,00"), (0, "€\u00a00,00"), (2700, "€\u00a027,00"),
                                         (123456, "€\u00a01.234,56"), (-460, "\u2212\u00a0€\u00a04,60"), (5, "€\u00a00,05")])
def test_money(cents, text):
    assert formatting.money(cents) == text


def test_day_is_short_dutch():
    assert formatting.day(date(2026, 11, 23)) == "ma 23 nov"
    # 23:30 UTC on Sunday is already Monday in Amsterdam.
    assert formatting.day(datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)) == "ma 23 nov"


def test_day_year_names_the_year_only_when_it_is_not_this_years(app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"
    with app.test_request_context():
        assert formatting.day_year(date(2026, 11, 29)) == "zo 29 nov"
        assert formatting.day_year(date(2025, 12, 30)) == "di 30 dec 2025"
        assert formatting.day_year(date(2027, 1, 4), date(2027, 1, 1)) == "ma 4 jan"
        assert formatting.day_year(None) == ""


@pytest.mark.parametrize("text, cents", [("4,60", 460), ("4.60", 460), ("€ 12", 1200), ("0,5", 50), (" 27,00 ", 2700)])
def test_parse_cents(text, cents):
    assert formatting.parse_cents(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "4,605", "-1", "1,2,3", "1.000,00"])
def test_parse_cents_refuses_in_dutch(text):
    with pytest.raises(ValueError, match="bedrag"):
        formatting.parse_cents(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_money_round_trips(cents):
    assert formatting.parse_cents(formatting.money(cents).replace(".", "")) == cents


def test_clock_can_be_frozen_in_local_time(app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    assert clock.now() == datetime(2026, 11, 23, 13, 5, tzinfo=timezone.utc)
    assert clock.today() == date(2026, 11, 23)


@pytest.mark.parametrize("text", ["21474836,48", "99999999999", "9" * 5000])
def test_an_amount_past_the_database_integer_is_refused_in_dutch(text):
    with pytest.raises(ValueError, match="te groot"):
        formatting.parse_cents(text)
    assert formatting.parse_cents("21474836,47") == 2**31 - 1


@pytest.mark.parametrize("cents", [0, 5, 460, 3750, 123456, 2**31 - 1])
def test_an_amount_field_reads_back_what_it_showed(cents):
    assert formatting.parse_cents(formatting.amount_input(cents)) == cents
