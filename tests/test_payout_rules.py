"""The payout rule is pure: (attendance facts, rule version) → amounts. Table-driven and property tests."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from webapp.payouts.rules import Rule, lnw_day, pick_rule, viavia_week, week_days, week_unit, working_day

LNW = Rule(1, "lnw", date(2000, 1, 1), None, 600, 1, 1, 1, False, False)
VIAVIA = Rule(2, "viavia", date(2000, 1, 1), None, 300, 4, 9, 0, True, False)


@pytest.mark.parametrize("dagdelen, premium", [(0, 0), (1, 0), (2, 0), (3, 0), (4, 1200), (5, 1500), (6, 1800),
                                               (7, 2100), (8, 2400), (9, 2700), (10, 2700)])
def test_via_via_premium_from_4_up_to_9(dagdelen, premium):
    assert viavia_week(VIAVIA, dagdelen, 0, 0).premium_cents == premium


def test_travel_is_paid_below_4_and_explained():
    due = viavia_week(VIAVIA, 3, 2, 230)
    assert (due.premium_cents, due.travel_cents, due.total_cents) == (0, 460, 460)
    assert due.explanation == "3 dagdelen — onder de 4, geen premie; reiskosten €\u00a04,60"
    assert viavia_week(VIAVIA, 10, 5, 0).explanation == "10 dagdelen (max 9) × €\u00a03,00 = €\u00a027,00; geen reiskosten"


@given(st.integers(0, 30), st.integers(0, 7), st.integers(0, 2000))
def test_via_via_bounds(dagdelen, days, rate):
    due = viavia_week(VIAVIA, dagdelen, days, rate)
    assert 0 <= due.premium_cents <= 2700
    assert due.premium_cents == (0 if dagdelen < 4 else 300 * min(dagdelen, 9))
    assert due.travel_cents == days * rate
    assert isinstance(due.premium_cents, int) and isinstance(due.travel_cents, int)


@pytest.mark.parametrize("status, granted, cents, vouchers", [
    ("aanwezig", False, 600, 1), ("te_laat", False, 600, 1), ("vroeg_weg", False, 0, 0), ("vroeg_weg", True, 600, 1),
    ("afwezig_bericht", False, 0, 0), ("naar_huis", True, 0, 0)])
def test_lnw_day(status, granted, cents, vouchers):
    due = lnw_day(LNW, status, granted)
    assert (due.premium_cents, due.vouchers) == (cents, vouchers)


def test_lnw_early_leave_paid_when_the_rule_says_so():
    generous = Rule(3, "lnw", date(2000, 1, 1), None, 600, 1, 1, 1, False, True)
    assert lnw_day(generous, "vroeg_weg").premium_cents == 600


def test_iso_weeks_across_year_ends_including_week_53():
    assert week_unit(date(2026, 12, 31)) == "2026-W53"
    assert week_unit(date(2027, 1, 3)) == "2026-W53"
    assert week_unit(date(2027, 1, 4)) == "2027-W01"
    assert week_unit(date(2024, 12, 30)) == "2025-W01"
    assert week_days("2026-W53") == [date(2026, 12, 28 + i) if i < 4 else date(2027, 1, i - 3) for i in range(7)]


def test_rule_change_mid_period_and_phase_specific_versions():
    raised = Rule(4, "viavia", date(2026, 11, 25), None, 350, 4, 9, 0, True, False)
    phase4 = Rule(5, "viavia", date(2026, 1, 1), 4, 400, 4, 9, 0, True, False)
    versions = [LNW, VIAVIA, raised, phase4]
    assert pick_rule(versions, "viavia", date(2026, 11, 24)).version == 2
    assert pick_rule(versions, "viavia", date(2026, 11, 29)).version == 4  # the week ending after the change
    assert pick_rule(versions, "viavia", date(2026, 11, 24), phase=4).version == 5
    assert pick_rule(versions, "viavia", date(2026, 11, 29), phase=4).version == 4  # newer general version wins
    assert pick_rule(versions, "lnw", date(1999, 1, 1)) is None


def test_one_dagdeel_and_one_card_are_singular():
    assert viavia_week(VIAVIA, 1, 1, 230).explanation == "1 dagdeel — onder de 4, geen premie; reiskosten €\u00a02,30"
    assert viavia_week(VIAVIA, 2, 1, 0).explanation.startswith("2 dagdelen —")


@pytest.mark.parametrize(("day", "step", "expected"), [
    (date(2026, 11, 23), -1, date(2026, 11, 20)),  # Monday back to Friday
    (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday on to Monday
    (date(2026, 11, 24), -1, date(2026, 11, 23)),
    (date(2026, 11, 22), -1, date(2026, 11, 20)),  # from a Sunday
])
def test_the_working_day_before_and_after(day, step, expected):
    assert working_day(day, step) == expected
