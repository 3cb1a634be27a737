"""The rotation rule: who rides when sign-ups exceed the seats. Pure, so tested without a database."""
from datetime import date, datetime, timedelta

from hypothesis import given, strategies as st

from webapp.rounds.rotation import Candidate, priority, propose, rank

TODAY = date(2026, 11, 23)
YESTERDAY = TODAY - timedelta(days=1)


def cand(i, agreement=False, worked=0, left=0, last=None, minute=0):
    return Candidate(i, agreement, worked, left, last, datetime(2026, 11, 23, 9, 30 + minute))


candidates = st.lists(
    st.builds(Candidate, st.integers(0, 10**6), st.booleans(), st.integers(0, 14), st.integers(0, 14),
              st.one_of(st.none(), st.dates(TODAY - timedelta(days=14), YESTERDAY)),
              st.datetimes(datetime(2026, 11, 23, 9, 0), datetime(2026, 11, 23, 10, 0))),
    max_size=40, unique_by=lambda c: c.signup_id)


@given(candidates, st.integers(0, 20))
def test_never_more_riders_than_seats(cs, seats):
    choices = propose(cs, seats, TODAY)
    assert sum(c.rides for c in choices) == min(seats, len(cs))
    assert sorted(c.signup_id for c in choices) == sorted(c.signup_id for c in cs)


@given(candidates, st.integers(0, 20))
def test_standing_agreement_is_never_left_behind_while_others_ride(cs, seats):
    rides = {c.signup_id: c.rides for c in propose(cs, seats, TODAY)}
    agreed = [c for c in cs if c.rides_by_agreement]
    if seats >= len(agreed):
        assert all(rides[c.signup_id] for c in agreed)
    else:
        assert not any(rides[c.signup_id] for c in cs if not c.rides_by_agreement)


@given(candidates, st.integers(0, 20))
def test_deterministic_whatever_the_input_order(cs, seats):
    assert propose(cs, seats, TODAY) == propose(list(reversed(cs)), seats, TODAY)


@given(candidates, st.integers(0, 20))
def test_fewer_worked_days_never_loses_to_more_among_non_agreement(cs, seats):
    rides = {c.signup_id: c.rides for c in propose(cs, seats, TODAY)}
    plain = [c for c in cs if not c.rides_by_agreement]
    for a in plain:
        for b in plain:
            if a.worked_days < b.worked_days and rides[b.signup_id]:
                assert rides[a.signup_id]


def test_among_equals_left_behind_yesterday_comes_first():
    cs = [cand(1, minute=0), cand(2, left=1, last=YESTERDAY, minute=5), cand(3, minute=1)]
    choices = propose(cs, 1, TODAY)
    assert [c.signup_id for c in choices] == [2, 1, 3]
    assert choices[0].reason == "0× gewerkt in 14 dagen · gisteren niet meegekund · aangemeld 09:35"


def test_order_agreement_then_worked_days_then_left_behind_then_time():
    cs = [cand(1, worked=5, minute=0), cand(2, agreement=True, worked=9, minute=9), cand(3, worked=1, minute=8),
          cand(4, worked=1, left=2, last=TODAY - timedelta(days=4), minute=7), cand(5, worked=1, minute=2)]
    choices = propose(cs, 3, TODAY)
    assert [(c.signup_id, c.rides) for c in choices] == [(2, True), (4, True), (5, True), (3, False), (1, False)]
    assert choices[0].reason.startswith("vaste afspraak: rijdt mee · 9× gewerkt")
    assert choices[1].reason == "1× gewerkt in 14 dagen · 2× niet meegekund in 14 dagen · aangemeld 09:37"
    assert choices[3].reason == "vol — voorrang volgende keer · 1× gewerkt in 14 dagen · aangemeld 09:38"


def test_no_sign_ups_no_choices():
    assert propose([], 8, TODAY) == []


@given(candidates)
def test_the_rank_string_the_phone_sorts_by_orders_like_the_rule(cs):
    """Offline, a phone sorts by the rank string and then the sign-up time: the same order as the server."""
    def by_facts(c):
        last = c.last_left_behind.toordinal() if c.last_left_behind else 0
        return (not c.rides_by_agreement, c.worked_days, -c.left_behind, -last, c.signed_up_at, c.signup_id)
    assert sorted(cs, key=priority) == sorted(cs, key=by_facts)
    assert all(len(rank(c.rides_by_agreement, c.worked_days, c.left_behind, c.last_left_behind)) == 14 for c in cs)


def test_a_running_proefweek_rides_first_like_an_agreement_and_says_why():
    """The Via Via trial must be attended: the worker in it rides before those without an agreement or a trial."""
    cs = [cand(1, worked=0, minute=0), Candidate(2, False, 9, 0, None, datetime(2026, 11, 23, 9, 50), in_trial=True),
          cand(3, worked=1, left=1, last=YESTERDAY, minute=1)]
    choices = propose(cs, 1, TODAY)
    assert [(c.signup_id, c.rides) for c in choices] == [(2, True), (1, False), (3, False)]
    assert choices[0].reason == "proefweek Via Via · 9× gewerkt in 14 dagen · aangemeld 09:50"
    assert rank(False, 9, 0, None, in_trial=True) < rank(False, 0, 14, YESTERDAY) == rank(False, 0, 14, YESTERDAY, False)
    assert rank(False, 3, 0, None, in_trial=True) == rank(True, 3, 0, None)  # the same standing as an agreement


with_trials = st.lists(
    st.builds(Candidate, st.integers(0, 10**6), st.booleans(), st.integers(0, 14), st.integers(0, 14),
              st.one_of(st.none(), st.dates(TODAY - timedelta(days=14), YESTERDAY)),
              st.datetimes(datetime(2026, 11, 23, 9, 0), datetime(2026, 11, 23, 10, 0)), st.booleans()),
    max_size=40, unique_by=lambda c: c.signup_id)


@given(with_trials, st.integers(0, 20))
def test_nobody_in_a_proefweek_is_left_behind_while_someone_without_agreement_or_trial_rides(cs, seats):
    rides = {c.signup_id: c.rides for c in propose(cs, seats, TODAY)}
    first = [c for c in cs if c.rides_by_agreement or c.in_trial]
    if any(rides[c.signup_id] for c in cs if c not in first):
        assert all(rides[c.signup_id] for c in first)
    assert sorted(cs, key=priority) == sorted(cs, key=lambda c: (
        not (c.rides_by_agreement or c.in_trial), c.worked_days, -c.left_behind,
        -(c.last_left_behind.toordinal() if c.last_left_behind else 0), c.signed_up_at, c.signup_id))
