"""Outflow per track as rules: what is an exit, its class, the period rate and the cohort view. Pure, so tested
without a database; the seed's 2011 sentence is reproduced from made-up stays."""
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from webapp.trajectory.outflow import (CLASSES, CohortRow, Exit, Row, Stay, cohort_table, exits, percentage,
                                       period_table)

D = date.fromisoformat
ARB, RESO = "arbeidsrehabilitatie", "resocialisatie"
RELIM = {**dict.fromkeys(("regulier_werk", "sw", "vrijwilligerswerk", "opleiding", "doorstroom"), "positief"),
         "gestopt": "negatief", **dict.fromkeys(("verhuisd", "opgenomen", "detentie", "overleden"), "overig")}


def stay(worker, track, start, end=None, outcome=None):
    return Stay(worker, track, D(start), end and D(end), outcome)


def exit_(worker, track, day, code, klass):
    return Exit(worker, track, D(day), code, klass)


# what is an exit ---------------------------------------------------------------------------------------------------

def test_moving_within_a_track_is_not_an_exit_leaving_it_is():
    """Arbeidsgewenning → Algemene Arbeidstraining → regular work: one exit, on the day the last stay ended."""
    stays = [stay(1, ARB, "2011-01-03", "2011-03-03"), stay(1, ARB, "2011-03-03", "2011-09-01", "regulier_werk")]
    assert exits(stays, RELIM) == [exit_(1, ARB, "2011-09-01", "regulier_werk", "positief")]


def test_loon_naar_werken_to_via_via_phases_is_one_track():
    stays = [stay(2, RESO, "2011-01-03", "2011-05-02"), stay(2, RESO, "2011-05-02", "2011-08-02"),
             stay(2, RESO, "2011-08-02", "2011-10-10", "gestopt")]
    assert exits(stays, RELIM) == [exit_(2, RESO, "2011-10-10", "gestopt", "negatief")]


def test_to_another_track_without_an_outcome_is_doorstroom():
    """Via Via → Arbeidsgewenning: an exit from resocialisatie, positive; the new stay is current, no exit."""
    stays = [stay(3, RESO, "2011-01-03", "2011-06-01"), stay(3, ARB, "2011-06-01")]
    assert exits(stays, RELIM) == [exit_(3, RESO, "2011-06-01", "doorstroom", "positief")]


def test_the_recorded_outcome_wins_over_doorstroom():
    stays = [stay(3, RESO, "2011-01-03", "2011-06-01", "opleiding"), stay(3, ARB, "2011-06-01")]
    assert exits(stays, RELIM) == [exit_(3, RESO, "2011-06-01", "opleiding", "positief")]


def test_doorstroom_takes_its_class_from_the_method_else_positief():
    stays = [stay(3, RESO, "2011-01-03", "2011-06-01"), stay(3, ARB, "2011-06-01")]
    assert exits(stays, {**RELIM, "doorstroom": "overig"})[0].klass == "overig"
    assert exits(stays, {"gestopt": "negatief"})[0] == exit_(3, RESO, "2011-06-01", "doorstroom", "positief")


def test_no_outcome_and_no_next_stay_is_onbekend_overig():
    assert exits([stay(4, ARB, "2011-01-03", "2011-02-01")], RELIM) == [
        exit_(4, ARB, "2011-02-01", "onbekend", "overig")]


def test_a_current_stay_is_no_exit():
    assert exits([stay(4, ARB, "2011-01-03"), stay(5, RESO, "2011-01-03", None, "gestopt")], RELIM) == []


def test_a_worker_who_comes_back_to_the_same_track_after_a_gap_has_not_left_it():
    stays = [stay(6, ARB, "2011-01-03", "2011-03-01", "gestopt"), stay(6, ARB, "2011-09-01", "2012-01-02", "sw")]
    assert exits(stays, RELIM) == [exit_(6, ARB, "2012-01-02", "sw", "positief")]


def test_the_next_stay_is_the_earliest_start_on_or_after_the_end():
    """Back and forth between the tracks: every change is an exit from the track left."""
    stays = [stay(7, ARB, "2010-01-04", "2010-06-01"), stay(7, RESO, "2010-06-01", "2011-02-01"),
             stay(7, ARB, "2011-03-01", "2011-12-01", "verhuisd")]
    assert exits(stays, RELIM) == [exit_(7, ARB, "2010-06-01", "doorstroom", "positief"),
                                   exit_(7, RESO, "2011-02-01", "doorstroom", "positief"),
                                   exit_(7, ARB, "2011-12-01", "verhuisd", "overig")]


def test_two_stays_starting_on_the_end_day_one_in_the_same_track_is_a_move():
    """(Data no screen writes, but an import could.) The same track is taken first, whatever its name sorts like."""
    stays = [stay(8, RESO, "2011-01-03", "2011-03-01"), stay(8, ARB, "2011-03-01", "2011-03-01"),
             stay(8, RESO, "2011-03-01")]
    for order in (stays, stays[::-1]):
        assert exits(order, RELIM) == [exit_(8, ARB, "2011-03-01", "doorstroom", "positief")]


def test_workers_do_not_mix():
    stays = [stay(1, ARB, "2011-01-03", "2011-03-01"), stay(2, RESO, "2011-03-01")]
    assert exits(stays, RELIM) == [exit_(1, ARB, "2011-03-01", "onbekend", "overig")]


def test_an_unknown_outcome_is_refused_by_name():
    with pytest.raises(ValueError, match="'ontslagen'"):
        exits([stay(1, ARB, "2011-01-03", "2011-02-01", "ontslagen")], RELIM)


def test_a_class_outside_the_three_is_refused():
    with pytest.raises(ValueError, match="'goed'"):
        exits([], {"regulier_werk": "goed"})


def test_a_stay_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="worker 1"):
        exits([stay(1, ARB, "2011-02-01", "2011-01-31", "sw")], RELIM)


# the period rate ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("part, whole, expected", [
    (0, 0, 0.0), (0, 5, 0.0), (5, 5, 100.0), (1, 3, 33.3), (2, 3, 66.7), (1, 6, 16.7), (1, 8, 12.5),
    (1, 16, 6.3),  # 6.25: half up, not to even
    (1, 80, 1.3), (7, 40, 17.5), (35, 100, 35.0), (1, 7, 14.3)])
def test_percentages_have_one_decimal_rounded_half_up(part, whole, expected):
    assert percentage(part, whole) == expected


def test_period_table_counts_the_exits_in_the_period_boundaries_included():
    found = [exit_(1, ARB, "2010-12-31", "sw", "positief"), exit_(2, ARB, "2011-01-01", "sw", "positief"),
             exit_(3, ARB, "2011-06-01", "gestopt", "negatief"), exit_(4, ARB, "2011-12-31", "verhuisd", "overig"),
             exit_(5, RESO, "2011-07-01", "gestopt", "negatief"), exit_(6, RESO, "2012-01-01", "sw", "positief")]
    assert period_table(found, D("2011-01-01"), D("2011-12-31")) == [
        Row(ARB, 3, 1, 1, 1, 33.3, 33.3, 33.3), Row(RESO, 1, 0, 1, 0, 0.0, 100.0, 0.0),
        Row("totaal", 4, 1, 2, 1, 25.0, 50.0, 25.0)]


def test_a_named_track_without_exits_shows_zeros():
    found = [exit_(1, RESO, "2011-03-01", "sw", "positief")]
    assert period_table(found, D("2011-01-01"), D("2011-12-31"), tracks=[RESO, ARB, "werk_zorg"]) == [
        Row(ARB, 0, 0, 0, 0, 0.0, 0.0, 0.0), Row(RESO, 1, 1, 0, 0, 100.0, 0.0, 0.0),
        Row("werk_zorg", 0, 0, 0, 0, 0.0, 0.0, 0.0), Row("totaal", 1, 1, 0, 0, 100.0, 0.0, 0.0)]


def test_an_empty_period_is_only_a_zero_totaal():
    assert period_table([], D("2011-01-01"), D("2011-01-01")) == [Row("totaal", 0, 0, 0, 0, 0.0, 0.0, 0.0)]


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        period_table([], D("2011-02-01"), D("2011-01-31"))
    with pytest.raises(ValueError):
        cohort_table([], RELIM, D("2011-02-01"), D("2011-01-31"))


def test_a_track_called_totaal_is_refused():
    with pytest.raises(ValueError, match="totaal"):
        period_table([exit_(1, "totaal", "2011-03-01", "sw", "positief")], D("2011-01-01"), D("2011-12-31"))


def seed_2011():
    """Made-up stays for the seed's 2011 figures: 100 exits from arbeidsrehabilitatie (35 positive, 17 negative, 48
    moved/admitted/detained/died), 50 from resocialisatie (9 positive, 22 negative, 19 other); each exit after a
    move within its track, plus exits in 2010 and 2012 and current stays that must not count."""
    stays, worker = [], 0
    plan = [(ARB, ["regulier_werk"] * 10 + ["sw"] * 10 + ["vrijwilligerswerk"] * 8 + ["opleiding"] * 7
             + ["gestopt"] * 17 + ["verhuisd"] * 20 + ["opgenomen"] * 14 + ["detentie"] * 10 + ["overleden"] * 4),
            (RESO, [None] * 5 + ["sw"] * 4 + ["gestopt"] * 22 + ["verhuisd"] * 10 + ["detentie"] * 9)]
    for track, outcomes in plan:
        for i, outcome in enumerate(outcomes):
            worker += 1
            start = D("2010-03-01") + timedelta(days=i)
            moved = start + timedelta(days=90)
            end = D("2011-01-01") + timedelta(days=3 * i)
            stays += [Stay(worker, track, start, moved, None), Stay(worker, track, moved, end, outcome)]
            if outcome is None:  # doorstroom to a regular module
                stays.append(Stay(worker, ARB, end, None, None))
    for worker, day, outcome in [(900, "2010-12-31", "gestopt"), (901, "2012-01-01", "sw")]:
        stays.append(Stay(worker, ARB, D("2010-06-01"), D(day), outcome))
    stays.append(Stay(902, RESO, D("2011-02-01"), None, None))
    return stays


def test_the_seeds_2011_sentence():
    """"In 2011 sloot 35 % van de medewerkers een arbeidsrehabilitatietraject positief af; de negatieve uitstroom
    was 17 %; de rest verhuisde, werd opgenomen, kwam in detentie of overleed" — resocialisatie 18 % and 44 %."""
    table = period_table(exits(seed_2011(), RELIM), D("2011-01-01"), D("2011-12-31"))
    assert table == [Row(ARB, 100, 35, 17, 48, 35.0, 17.0, 48.0), Row(RESO, 50, 9, 22, 19, 18.0, 44.0, 38.0),
                     Row("totaal", 150, 44, 39, 67, 29.3, 26.0, 44.7)]


# the cohort view ---------------------------------------------------------------------------------------------------

def test_cohort_status_twelve_months_after_each_start():
    stays = [stay(1, ARB, "2011-02-01", "2011-05-01"), stay(1, ARB, "2011-05-01", "2012-01-10", "regulier_werk"),
             stay(2, ARB, "2011-03-01", "2012-03-01", "gestopt"),  # exactly 12 months: counted
             stay(3, ARB, "2011-03-01", "2012-03-02", "gestopt"),  # a day later: still running then
             stay(4, ARB, "2011-04-01"),
             stay(5, RESO, "2011-01-01", "2011-04-01"), stay(5, ARB, "2011-04-01", "2011-05-01", "detentie"),
             stay(6, ARB, "2010-12-31", "2011-02-01", "gestopt"),  # started before the period
             stay(7, RESO, "2012-01-01")]  # after it
    assert cohort_table(stays, RELIM, D("2011-01-01"), D("2011-12-31")) == [
        CohortRow(ARB, 5, 1, 1, 1, 2), CohortRow(RESO, 1, 1, 0, 0, 0), CohortRow("totaal", 6, 2, 1, 1, 2)]


def test_a_move_within_a_track_is_no_new_start():
    stays = [stay(1, RESO, "2011-01-03", "2011-03-01"), stay(1, RESO, "2011-03-01", "2011-06-01"),
             stay(1, RESO, "2011-06-01", "2011-09-01", "gestopt")]
    assert cohort_table(stays, RELIM, D("2011-01-01"), D("2011-12-31"))[0] == CohortRow(RESO, 1, 0, 1, 0, 0)
    assert cohort_table(stays, RELIM, D("2011-02-01"), D("2011-12-31")) == [CohortRow("totaal", 0, 0, 0, 0, 0)]


def test_a_worker_who_starts_a_track_twice_counts_twice():
    stays = [stay(1, ARB, "2011-01-03", "2011-03-01", "gestopt"), stay(1, RESO, "2011-03-01", "2011-06-01"),
             stay(1, ARB, "2011-06-01")]
    assert cohort_table(stays, RELIM, D("2011-01-01"), D("2011-12-31"), tracks=[ARB]) == [
        CohortRow(ARB, 2, 0, 1, 0, 1), CohortRow(RESO, 1, 1, 0, 0, 0), CohortRow("totaal", 3, 1, 1, 0, 1)]


def test_on_today_a_recent_starter_is_still_running_as_far_as_is_known():
    stays = [stay(1, ARB, "2026-06-01", "2026-10-01", "sw"), stay(2, ARB, "2026-09-01", "2026-12-01", "gestopt")]
    assert cohort_table(stays, RELIM, D("2026-01-01"), D("2026-12-31"), on=D("2026-11-23"))[0] == CohortRow(
        ARB, 2, 1, 0, 0, 1)
    assert cohort_table(stays, RELIM, D("2026-01-01"), D("2026-12-31"), months=3)[0] == CohortRow(
        ARB, 2, 0, 1, 0, 1)  # the first still running on 1 sep; the second stopped on the horizon day itself


def test_the_horizon_clamps_to_the_months_end():
    """Started 29 feb 2012: twelve months later is 28 feb 2013."""
    stays = [stay(1, ARB, "2012-02-29", "2013-02-28", "sw"), stay(2, ARB, "2012-02-29", "2013-03-01", "sw")]
    assert cohort_table(stays, RELIM, D("2012-01-01"), D("2012-12-31"))[0] == CohortRow(ARB, 2, 1, 0, 0, 1)


def test_negative_months_are_refused():
    with pytest.raises(ValueError):
        cohort_table([], RELIM, D("2011-01-01"), D("2011-12-31"), months=-1)


# properties --------------------------------------------------------------------------------------------------------

TRACKS = (ARB, RESO, "werk_zorg")
OUTCOMES = (None, *RELIM)


@st.composite
def histories(draw):
    """Each worker's stays one after the other (each starts where the last ended, or after a gap), in random
    tracks, with random outcomes (also on moves); the last one maybe current. Returns (stays, tracks per worker)."""
    stays = []
    for worker in range(draw(st.integers(0, 8))):
        day = draw(st.dates(date(2009, 1, 1), date(2013, 12, 31)))
        count = draw(st.integers(1, 6))
        for k in range(count):
            track, length = draw(st.sampled_from(TRACKS)), draw(st.integers(1, 400))
            current = k == count - 1 and draw(st.booleans())
            stays.append(Stay(worker, track, day, None if current else day + timedelta(days=length),
                              draw(st.sampled_from(OUTCOMES))))
            day += timedelta(days=length + draw(st.sampled_from((0, 0, 1, 30))))
    return stays


def model_exits(stays):
    """The rule told as a walk through each worker's stays in order of start."""
    found = []
    for worker in {s.worker_id for s in stays}:
        own = sorted((s for s in stays if s.worker_id == worker), key=lambda s: s.start)
        for s, after in zip(own, own[1:] + [None]):
            if s.end is None or (after is not None and after.track == s.track):
                continue
            code = s.outcome or ("doorstroom" if after else "onbekend")
            found.append(Exit(worker, s.track, s.end, code, RELIM.get(code, "overig")))
    return sorted(found, key=lambda e: (e.day, e.worker_id, e.track, e.code))


periods = st.tuples(st.dates(date(2009, 1, 1), date(2016, 12, 31)), st.integers(0, 3 * 366)).map(
    lambda p: (p[0], p[0] + timedelta(days=p[1])))


@given(histories())
def test_exits_follow_the_rule(stays):
    assert exits(stays, RELIM) == model_exits(stays)


@given(histories(), periods)
def test_classes_sum_to_the_exits_and_totaal_to_the_tracks(stays, period):
    table = period_table(exits(stays, RELIM), *period, tracks=TRACKS)
    *rows, total = table
    assert [r.track for r in rows] == sorted(TRACKS) and total.track == "totaal"
    for r in table:
        assert r.positief + r.negatief + r.overig == r.exits
        assert all(0.0 <= p <= 100.0 for p in (r.positief_pct, r.negatief_pct, r.overig_pct))
        assert abs(r.positief_pct + r.negatief_pct + r.overig_pct - (100.0 if r.exits else 0.0)) <= 0.15
    for field in ("exits", *CLASSES):
        assert getattr(total, field) == sum(getattr(r, field) for r in rows)


@given(histories(), st.integers(0, 2**32))
def test_a_move_within_a_track_is_never_an_exit(stays, pick):
    """Splitting any stay in two within its track (a phase change halfway) changes neither the exits nor the
    cohort; and no exit is followed by a stay in its own track starting on its day."""
    found = exits(stays, RELIM)
    starts = {(s.worker_id, s.track, s.start) for s in stays}
    assert not any((e.worker_id, e.track, e.day) in starts for e in found)
    splittable = [s for s in stays if (s.end or date(2020, 1, 1)) - s.start >= timedelta(days=2)]
    if not splittable:
        return
    s = splittable[pick % len(splittable)]
    middle = s.start + timedelta(days=1)
    split = [o for o in stays if o is not s] + [Stay(s.worker_id, s.track, s.start, middle, None),
                                                Stay(s.worker_id, s.track, middle, s.end, s.outcome)]
    assert exits(split, RELIM) == found
    period = (date(2009, 1, 1), date(2015, 12, 31))
    assert cohort_table(split, RELIM, *period) == cohort_table(stays, RELIM, *period)


@given(histories(), periods, st.randoms())
def test_the_order_of_the_stays_does_not_matter(stays, period, rnd):
    shuffled = list(stays)
    rnd.shuffle(shuffled)
    assert exits(shuffled, RELIM) == exits(stays, RELIM)
    assert cohort_table(shuffled, RELIM, *period, on=period[1]) == cohort_table(stays, RELIM, *period, on=period[1])


@given(histories())
def test_each_exit_counts_once_in_its_own_track(stays):
    """One exit per run of stays in a track that ended, counted in that track's row only."""
    runs = Counter()
    for worker in {s.worker_id for s in stays}:
        own = sorted((s for s in stays if s.worker_id == worker), key=lambda s: s.start)
        for s, after in zip(own, own[1:] + [None]):
            if s.end is not None and (after is None or after.track != s.track):
                runs[s.track] += 1
    table = period_table(exits(stays, RELIM), date(2000, 1, 1), date(2030, 12, 31), tracks=TRACKS)
    assert {r.track: r.exits for r in table[:-1]} == {t: runs[t] for t in TRACKS}


@given(histories(), periods, st.sampled_from((0, 3, 12, 24)))
def test_cohort_starters_are_the_starts_of_a_track_and_end_in_one_status_each(stays, period, months):
    table = cohort_table(stays, RELIM, *period, months=months)
    *rows, total = table
    expected = Counter()
    for worker in {s.worker_id for s in stays}:
        own = sorted((s for s in stays if s.worker_id == worker), key=lambda s: s.start)
        for before, s in zip([None] + own, own):
            if (before is None or before.track != s.track) and period[0] <= s.start <= period[1]:
                expected[s.track] += 1
    assert {r.track: r.starters for r in rows} == dict(expected)
    for r in table:
        assert r.positief + r.negatief + r.overig + r.lopend == r.starters
    for field in ("starters", *CLASSES, "lopend"):
        assert getattr(total, field) == sum(getattr(r, field) for r in rows)


def test_the_rule_module_needs_the_standard_library_and_schedule_only():
    """Other code builds on these rules without Flask or a database: the standard library and schedule.py only."""
    import ast
    import sys
    from pathlib import Path

    import webapp.trajectory.outflow as module
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {("." * n.level) + (n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert ".schedule" in imported
    assert all(name == ".schedule" or name.split(".")[0] in sys.stdlib_module_names for name in imported)
