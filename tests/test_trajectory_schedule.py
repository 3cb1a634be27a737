"""The counsellor's work list as rules: calendar months, evaluatie, fase_einde, intake, proefweek, nazorg and the
window. Pure, so tested without a database."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from webapp.trajectory import schedule
from webapp.trajectory.schedule import (KINDS, Due, EnrolmentFacts, FollowUpFacts, IntakeFacts, add_months,
                                        due_items, follow_up_dates, phase_end, review_due, trial_day,
                                        trial_last_day)

D = date.fromisoformat
ON = D("2026-11-23")


@pytest.mark.parametrize("day, months, expected", [
    ("2026-08-31", 1, "2026-09-30"),  # the issue's own example
    ("2026-01-31", 1, "2026-02-28"),
    ("2024-01-31", 1, "2024-02-29"),  # leap year
    ("2000-01-31", 1, "2000-02-29"),  # divisible by 400: leap
    ("2100-01-31", 1, "2100-02-28"),  # divisible by 100: not
    ("2024-02-29", 12, "2025-02-28"),
    ("2024-02-29", 48, "2028-02-29"),
    ("2026-03-31", -1, "2026-02-28"),
    ("2026-01-15", -1, "2025-12-15"),
    ("2026-01-31", -13, "2024-12-31"),
    ("2026-11-30", 3, "2027-02-28"),
    ("2026-12-31", 1, "2027-01-31"),
    ("2026-09-01", 0, "2026-09-01"),
    ("2026-05-31", 1, "2026-06-30"),
    ("2026-05-31", 2, "2026-07-31"),  # counted from the day, not month by month
])
def test_add_months_is_calendar_months_clamped_to_the_last_day(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_add_months_off_the_calendar_is_a_value_error():
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError):
        add_months(date(1, 1, 1), -1)


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_lands_in_the_right_month_on_the_same_day_or_the_months_last(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


def enrolment(start="2026-09-01", review=None, duration=None, extension=0, last_review=None, trial_until=None,
              enrolment_id=1, worker_id=10):
    return EnrolmentFacts(enrolment_id, worker_id, D(start), review, duration, extension,
                          last_review and D(last_review), trial_until and D(trial_until))


def listed(on=ON, days=7, enrolments=(), intakes=(), follow_ups=()):
    return due_items(on, enrolments, intakes, follow_ups, days=days)


# evaluatie ---------------------------------------------------------------------------------------------------------

def test_evaluatie_is_due_the_cadence_after_the_start():
    """Arbeidsgewenning: started 1 sep, monthly review: due 1 oct, 53 days late on 23 nov."""
    assert listed(enrolments=[enrolment(review=1)]) == [
        Due("evaluatie", 10, D("2026-10-01"), 53, 1, D("2026-09-01"), 1)]


def test_a_review_resets_the_cadence():
    """After a review on 20 nov the next is due 20 dec, outside the week; before it, 1 oct was overdue."""
    e = enrolment(review=1, last_review="2026-11-20")
    assert listed(enrolments=[e]) == []
    assert listed(enrolments=[e], days=27) == [Due("evaluatie", 10, D("2026-12-20"), 0, 1, D("2026-11-20"), 1)]
    assert review_due(e) == D("2026-12-20")


def test_a_review_on_a_months_last_day_clamps_the_next():
    e = enrolment(start="2026-01-05", review=1, last_review="2027-01-31")
    assert review_due(e) == D("2027-02-28")


def test_no_cadence_no_evaluatie():
    assert listed(enrolments=[enrolment(review=None)]) == []
    assert review_due(enrolment(review=None)) is None


def test_via_via_quarterly_review():
    assert review_due(enrolment(start="2026-08-31", review=3)) == D("2026-11-30")


# fase_einde --------------------------------------------------------------------------------------------------------

def test_fase_einde_is_due_start_plus_duration():
    """Algemene Arbeidstraining, 3 months from 31 aug: 30 nov, within the week of 23 nov, not late."""
    assert listed(enrolments=[enrolment(start="2026-08-31", duration=3)]) == [
        Due("fase_einde", 10, D("2026-11-30"), 0, 1, D("2026-08-31"), 3)]


@pytest.mark.parametrize("start, duration, extension, expected", [
    ("2026-09-01", 2, 0, "2026-11-01"),
    ("2026-09-01", 2, 1, "2026-12-01"),  # verlengen +1 month
    ("2026-09-01", 2, 3, "2027-02-01"),  # three extensions of a month
    ("2026-01-31", 1, 0, "2026-02-28"),
    ("2026-01-31", 1, 1, "2026-03-31"),  # counted from the start in one step, not 28 feb + 1
    ("2023-11-30", 3, 0, "2024-02-29"),  # leap year
    ("2026-09-01", 0, 0, "2026-09-01"),
])
def test_extensions_move_the_phase_end(start, duration, extension, expected):
    assert phase_end(enrolment(start=start, duration=duration, extension=extension)) == D(expected)


def test_an_extension_takes_fase_einde_off_the_list():
    """Gewenning from 30 aug, 2 months: overdue since 30 oct; one month granted: due 30 nov, still within a week
    of 23 nov with its new months; a second month granted: gone."""
    assert listed(enrolments=[enrolment(start="2026-08-30", duration=2)])[0].days_overdue == 24
    assert listed(enrolments=[enrolment(start="2026-08-30", duration=2, extension=1)]) == [
        Due("fase_einde", 10, D("2026-11-30"), 0, 1, D("2026-08-30"), 3)]
    assert listed(enrolments=[enrolment(start="2026-08-30", duration=2, extension=2)]) == []


def test_open_ended_has_no_fase_einde():
    assert listed(enrolments=[enrolment(duration=None)]) == []
    assert phase_end(enrolment(duration=None)) is None


def test_a_review_does_not_move_the_phase_end():
    assert phase_end(enrolment(duration=2, last_review="2026-10-15")) == D("2026-11-01")


def test_gewenning_has_both_items():
    """Arbeidsgewenning (2 months, monthly review) from 30 sep: review 30 oct (overdue), end 30 nov (this week)."""
    items = listed(enrolments=[enrolment(start="2026-09-30", review=1, duration=2, enrolment_id=7)])
    assert [(i.kind, i.due, i.days_overdue, i.ref) for i in items] == [
        ("evaluatie", D("2026-10-30"), 24, 7), ("fase_einde", D("2026-11-30"), 0, 7)]


# intake, proefweek, nazorg -----------------------------------------------------------------------------------------

def test_intake_is_due_on_the_first_attended_day():
    items = listed(intakes=[IntakeFacts(5, D("2026-11-20"), D("2026-11-02"))])
    assert items == [Due("intake", 5, D("2026-11-20"), 3, None, None, None)]


def test_intake_without_an_attended_day_is_due_the_day_the_worker_was_added():
    items = listed(intakes=[IntakeFacts(5, None, D("2026-11-02"))])
    assert items == [Due("intake", 5, D("2026-11-02"), 21, None, None, None)]


def test_intake_of_a_worker_added_for_next_week_waits():
    assert listed(intakes=[IntakeFacts(5, None, D("2026-12-07"))]) == []


def test_proefweek_is_due_on_its_last_day():
    start = D("2026-11-19")
    e = enrolment(start="2026-11-19", trial_until=trial_last_day(start).isoformat(), enrolment_id=3)
    assert trial_last_day(start) == D("2026-11-25")
    assert listed(enrolments=[e]) == [Due("proefweek", 10, D("2026-11-25"), 0, 3, None, None)]
    assert listed(on=D("2026-11-27"), enrolments=[e])[0].days_overdue == 2


@pytest.mark.parametrize("on, expected", [
    ("2026-11-18", None), ("2026-11-19", 1), ("2026-11-21", 3), ("2026-11-25", 7), ("2026-11-26", None)])
def test_trial_day_counts_seven_days(on, expected):
    assert trial_day(D("2026-11-19"), D(on)) == expected


def test_nazorg_is_due_on_its_dates():
    follow_ups = [FollowUpFacts(1, 5, D("2026-11-23")), FollowUpFacts(2, 5, D("2027-02-23"))]
    assert listed(follow_ups=follow_ups) == [Due("nazorg", 5, D("2026-11-23"), 0, 1, None, None)]


@pytest.mark.parametrize("exit_day, expected", [
    ("2026-11-23", ("2027-02-23", "2027-05-23")),
    ("2026-08-31", ("2026-11-30", "2027-02-28")),
    ("2023-11-30", ("2024-02-29", "2024-05-30")),
])
def test_follow_ups_three_and_six_months_after_a_positive_exit(exit_day, expected):
    assert follow_up_dates(D(exit_day)) == tuple(map(D, expected))


# the window, overdue counting, order -------------------------------------------------------------------------------

@pytest.mark.parametrize("days, due, listed_, overdue", [
    (7, "2026-11-30", True, 0),   # on + days: still listed
    (7, "2026-12-01", False, 0),  # one day beyond
    (0, "2026-11-23", True, 0),   # due today with no look-ahead
    (0, "2026-11-24", False, 0),
    (7, "2026-11-22", True, 1),
    (7, "2025-11-23", True, 365),
    (366, "2027-11-24", True, 0),
    (366, "2027-11-25", False, 0),
])
def test_the_window_is_on_plus_days_inclusive(days, due, listed_, overdue):
    items = listed(days=days, follow_ups=[FollowUpFacts(1, 5, D(due))])
    assert bool(items) == listed_
    if listed_:
        assert items[0].days_overdue == overdue


@pytest.mark.parametrize("days", [-1, 367, 7.0, "7", True, None])
def test_days_must_be_0_to_366(days):
    with pytest.raises(ValueError):
        due_items(ON, days=days)


@pytest.mark.parametrize("facts", [
    dict(review=0), dict(review=-1), dict(duration=-1), dict(duration=2, extension=-1)])
def test_impossible_enrolment_facts_are_refused_by_name(facts):
    with pytest.raises(ValueError, match="enrolment 1"):
        listed(enrolments=[enrolment(**facts)])


def test_sorted_by_due_date_then_kind_then_worker():
    items = listed(
        enrolments=[enrolment(start="2026-10-23", review=1, duration=1, worker_id=9, enrolment_id=2),
                    enrolment(start="2026-10-23", review=1, worker_id=3, enrolment_id=4),
                    enrolment(start="2026-11-20", trial_until="2026-11-26", worker_id=1, enrolment_id=5)],
        intakes=[IntakeFacts(2, D("2026-11-23"), D("2026-11-20")), IntakeFacts(1, None, D("2026-11-26"))],
        follow_ups=[FollowUpFacts(8, 4, D("2026-11-01"))])
    assert [(i.due.day, i.kind, i.worker_id) for i in items] == [
        (1, "nazorg", 4), (23, "evaluatie", 3), (23, "evaluatie", 9), (23, "fase_einde", 9), (23, "intake", 2),
        (26, "intake", 1), (26, "proefweek", 1)]


# properties --------------------------------------------------------------------------------------------------------

days_ = st.dates(date(2024, 1, 1), date(2027, 12, 31))
enrolments = st.lists(st.builds(
    EnrolmentFacts, st.integers(1, 50), st.integers(1, 20), days_, st.one_of(st.none(), st.integers(1, 6)),
    st.one_of(st.none(), st.integers(0, 12)), st.integers(0, 4), st.one_of(st.none(), days_),
    st.one_of(st.none(), days_)), max_size=12, unique_by=lambda e: e.enrolment_id)
intakes = st.lists(st.builds(IntakeFacts, st.integers(1, 20), st.one_of(st.none(), days_), days_), max_size=5)
follow_ups = st.lists(st.builds(FollowUpFacts, st.integers(1, 50), st.integers(1, 20), days_), max_size=5)


@given(days_, enrolments, intakes, follow_ups, st.integers(0, 366))
def test_every_item_is_within_the_window_counted_and_in_order(on, es, ins, fs, days):
    items = due_items(on, es, ins, fs, days=days)
    assert all(i.due <= on + timedelta(days=days) and i.kind in KINDS for i in items)
    assert all(i.days_overdue == max(0, (on - i.due).days) for i in items)
    keys = [(i.due, i.kind, i.worker_id) for i in items]
    assert keys == sorted(keys)


@given(days_, enrolments, intakes, follow_ups, st.integers(0, 365))
def test_a_longer_window_only_adds_items(on, es, ins, fs, days):
    shorter = due_items(on, es, ins, fs, days=days)
    longer = due_items(on, es, ins, fs, days=days + 1)
    assert set(shorter) <= set(longer)
    assert all(i.due == on + timedelta(days=days + 1) for i in set(longer) - set(shorter))


@given(days_, enrolments, intakes, follow_ups, st.randoms())
def test_the_list_does_not_depend_on_input_order(on, es, ins, fs, rnd):
    shuffled = [list(x) for x in (es, ins, fs)]
    for x in shuffled:
        rnd.shuffle(x)
    assert due_items(on, es, ins, fs) == due_items(on, *shuffled)


@given(enrolments, days_)
def test_everything_is_listed_far_enough_ahead(es, on):
    """Each rule gives each open enrolment exactly one item of its kind."""
    items = due_items(on, es, days=366) + due_items(date(2032, 1, 1), es, days=0)
    for e in es:
        mine = {i.kind for i in items if i.ref == e.enrolment_id and i.worker_id == e.worker_id}
        assert ("evaluatie" in mine) == (e.review_months is not None)
        assert ("fase_einde" in mine) == (e.duration_months is not None)
        assert ("proefweek" in mine) == (e.trial_until is not None)


def test_the_rule_module_needs_the_standard_library_only():
    """Other code builds on these rules without Flask or a database: no import outside the standard library."""
    import ast
    import sys
    from pathlib import Path

    import webapp.trajectory.schedule as module
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported and all(name.split(".")[0] in sys.stdlib_module_names for name in imported)


@pytest.mark.parametrize("start, duration, extension, held_on, months, expected", [
    (date(2026, 9, 1), 2, 0, date(2026, 10, 20), 1, 1),   # the phase still runs (ends 1 nov): one month more
    (date(2026, 9, 1), 2, 0, date(2026, 11, 1), 1, 1),    # held on the last day: still a plain month
    (date(2026, 3, 11), 3, 0, date(2026, 11, 23), 1, 7),  # ended 11 jun, 165 days late: to 11 jan, a month past the talk
    (date(2026, 3, 11), 3, 2, date(2026, 11, 23), 2, 6),  # already extended to 11 aug: to 11 feb
    (date(2026, 3, 11), None, 0, date(2026, 11, 23), 1, 1),  # open-ended: nothing to catch up
])
def test_an_extension_at_a_late_review_runs_from_the_talk(start, duration, extension, held_on, months, expected):
    granted = schedule.extension_for(start, duration, extension, held_on, months)
    assert granted == expected
    if duration is not None:
        end = schedule.add_months(start, duration + extension + granted)
        assert end >= schedule.add_months(held_on, months) or end >= held_on and granted == months
