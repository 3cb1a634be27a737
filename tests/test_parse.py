"""The edge parser: every unit, date, id and device time has one spelling, or a Dutch refusal."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from webapp import parse

NOW = datetime(2026, 11, 23, 13, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("raw", ["2026-W47", "2026-W047", "2026-w47", " 2026-W47 ", "2026-W0047"])
def test_every_spelling_of_a_week_is_one_unit(raw):
    assert parse.unit("viavia", raw) == "2026-W47"


@pytest.mark.parametrize("raw", ["2026xW47", "2026-W54", "2026-W00", "0001-W01", "9999-W01", "", "W47", "2026-W4 7"])
def test_a_week_that_cannot_be_is_refused_in_dutch(raw):
    with pytest.raises(parse.BadInput, match="[Ww]eek"):
        parse.unit("viavia", raw)


def test_the_last_weeks_of_the_range_are_weeks_and_past_it_a_refusal_not_an_overflow():
    assert parse.week("2099-W53") == "2099-W53"  # its Sunday is in 2100: still a week of 2099
    for raw in ("9999-W52", "9999-W01", "2100-W01", "1999-W52"):
        with pytest.raises(parse.BadInput, match="buiten de jaren"):
            parse.week(raw)


def test_week_53_exists_only_in_long_years():
    assert parse.week("2026-W53") == "2026-W53"
    with pytest.raises(parse.BadInput):
        parse.week("2025-W53")


@pytest.mark.parametrize("raw", ["9999-12-31", "2026-02-30", "0001-01-01", "26-11-23", "2026-11-23x", "20261123"])
def test_a_date_that_cannot_be_is_refused(raw):
    with pytest.raises(parse.BadInput):
        parse.day(raw)


@pytest.mark.parametrize("raw", ["2026-11-23", "23-11-2026", " 23-11-2026 ", "23/11/2026", "23.11.2026"])
def test_a_date_is_read_as_a_picker_sends_it_or_as_a_dutch_user_types_it(raw):
    assert parse.day(raw) == date(2026, 11, 23)
    assert parse.day("5-3-2027") == date(2027, 3, 5)  # day first, as written in Dutch


@pytest.mark.parametrize("raw", ["23-11-26", "2026/11/23", "morgen"])
def test_a_date_written_otherwise_is_refused_with_the_way_to_write_it(raw):
    with pytest.raises(parse.BadInput, match="gebruik dd-mm-jjjj, bijv. 23-11-2026"):
        parse.day(raw)


@pytest.mark.parametrize("raw", ["31-02-2026", "23-13-2026", "2026-02-30"])
def test_a_date_written_right_that_does_not_exist_is_refused_as_such(raw):
    """31-02-2026 is written as asked: "use dd-mm-jjjj" would not help, the day does not exist."""
    with pytest.raises(parse.BadInput, match=f"‘{raw}’: die dag bestaat niet"):
        parse.day(raw)


def test_a_day_unit_keeps_its_one_spelling():
    assert parse.unit("lnw", " 2026-11-23") == "2026-11-23"
    assert parse.is_canonical_unit("lnw", "2026-11-23")
    assert not parse.is_canonical_unit("viavia", "2026-w47")


@pytest.mark.parametrize("raw,status", [("9223372036854775808", 404), ("2147483648", 404), ("0", 404), ("-1", 422),
                                        ("1e3", 422), ("١٢", 422), ("", 422)])
def test_ids_outside_the_database_range_are_refused(raw, status):
    with pytest.raises(parse.BadInput) as refused:
        parse.ident(raw)
    assert refused.value.status == status


def test_client_ids_must_be_uuids():
    assert parse.client_id("0F8FAD5B-D9CB-469F-A165-70867728950E") == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert parse.client_id("") is None
    for bad in ("abc", "0f8fad5b-d9cb-469f-a165-70867728950e\r\nX-Evil: 1", "x" * 36):
        with pytest.raises(parse.BadInput):
            parse.client_id(bad)


def test_a_device_time_inside_the_window_is_believed():
    tap = parse.device_time("2026-11-23T08:50:00Z", NOW)
    assert tap.believed and tap.at == datetime(2026, 11, 23, 8, 50, tzinfo=timezone.utc)


@pytest.mark.parametrize("raw", ["2099-01-01T00:00:00Z", "2026-11-21T13:04:00Z", "gisteren"])
def test_a_device_time_outside_the_window_gives_the_server_time_and_says_so(raw):
    tap = parse.device_time(raw, NOW)
    assert tap.at == NOW and not tap.believed


def test_a_slightly_fast_phone_is_clamped_to_now():
    tap = parse.device_time((NOW + timedelta(minutes=2)).isoformat(), NOW)
    assert tap.at == NOW and tap.believed


@given(st.text(max_size=30))
def test_parsing_never_fails_other_than_with_a_dutch_refusal(text):
    for parser in (parse.day, parse.week, lambda t: parse.unit("lnw", t), parse.ident, parse.client_id):
        try:
            parser(text)
        except parse.BadInput as refusal:
            assert str(refusal)
    parse.device_time(text, NOW)


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2099, 12, 25)))
def test_every_real_week_round_trips(day):
    year, number, _ = day.isocalendar()
    assert parse.week(f"{year}-w{number:03d}") == f"{year}-W{number:02d}"


@pytest.mark.parametrize("raw, value", [("0", 0), ("12", 12), (" 3 ", 3), ("00010000", 10_000)])
def test_a_count_is_a_whole_number_up_to_its_limit(raw, value):
    assert parse.count(raw, field="kaarten") == value


@pytest.mark.parametrize("raw", ["", "-1", "1.5", "abc", "١٢", "10001", "9223372036854775808", "9" * 5000])
def test_a_count_that_cannot_be_is_refused_in_dutch(raw):
    with pytest.raises(parse.BadInput, match="kaarten"):
        parse.count(raw, field="kaarten")


def test_free_text_over_its_bound_is_refused_with_the_bound_never_cut(app):
    """New-user walk: a 3,800-character goal was saved as its first 2,000. One rule for every free-text field: the
    input says the bound (`maxlength`) and the server refuses a longer text, naming the bound."""
    from wtforms import Form, TextAreaField

    from webapp.fields import Bounded

    assert parse.text("  gebeld, komt morgen  ", limit=20) == "gebeld, komt morgen"
    assert parse.text(" " + "x" * 20 + " ", limit=20) == "x" * 20
    with pytest.raises(parse.BadInput, match="Hoogstens 20 tekens; dit zijn er 21"):
        parse.text("x" * 21, limit=20)

    class Note(Form):
        text = TextAreaField("Tekst", validators=[Bounded(20)])

    with app.test_request_context():
        assert 'maxlength="20"' in str(Note().text())
        form = Note(data={"text": "x" * 21})
        assert not form.validate() and form.text.errors == [parse.too_long(20, 21)]
        assert form.text.data == "x" * 21  # kept, whole, to show again
        assert Note(data={"text": "x" * 20}).validate()
