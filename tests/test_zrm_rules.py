"""The ZRM's and the Participatieladder's rules, pure: pre-filling from the life domains, which scores are derived,
and the ladder's derivation table (attendance within or outside 30 days, exits to paid work with or without support,
entered versus derived)."""
from datetime import date, timedelta

import pytest

from webapp.trajectory import zrm_rules as rules

ON = date(2026, 11, 23)
ALL_THREE = {code: 3 for code in rules.ZRM_DOMAINS}


def test_the_zrm_has_thirteen_domains_scored_one_to_five_at_three_occasions():
    assert len(rules.ZRM_DOMAINS) == 13 and len(set(rules.ZRM_DOMAINS)) == 13
    assert rules.LEVELS == (1, 2, 3, 4, 5) and rules.OCCASIONS == ("intake", "voortgang", "uitstroom")


def test_a_status_suggests_a_level_and_no_status_suggests_none():
    statuses = {"tijdsbesteding": "stabiel", "huisvesting": "knelpunt", "justitie": "aandacht", "sociaal_netwerk": ""}
    assert rules.prefill(statuses) == {"tijdsbesteding": 4, "huisvesting": 2, "justitie": 3}


def test_a_prefilled_level_saved_unchanged_is_derived_and_a_changed_one_entered():
    scores = {**ALL_THREE, "huisvesting": 2, "justitie": 4}
    sources = rules.sources(scores, {"huisvesting": 2, "justitie": 3})
    assert sources["huisvesting"] == rules.DERIVED and sources["justitie"] == rules.ENTERED
    assert [c for c, s in sources.items() if s == rules.DERIVED] == ["huisvesting"]


@pytest.mark.parametrize("occasion, scores, wrong", [
    ("intake", ALL_THREE, []),
    ("jaarlijks", ALL_THREE, ["occasion"]),
    ("voortgang", {**ALL_THREE, "justitie": None}, ["justitie"]),
    ("voortgang", {**ALL_THREE, "financien": 6, "basale_adl": 0}, ["financien", "basale_adl"]),
])
def test_an_assessment_needs_a_known_occasion_and_every_domain_scored(occasion, scores, wrong):
    assert rules.problems(occasion, scores) == wrong


def days_ago(n: int) -> date:
    return ON - timedelta(days=n)


# (attended days ago, exits (days ago, rung), enrolment starts days ago, entered (days ago, rung)) → (rung, source, why)
TABLE = [
    ("nothing at all", [], [], [], [], None),
    ("attended today", [0], [], [], [], (4, "derived", "aanwezig")),
    ("attended 29 days ago: inside the 30 days", [29], [], [], [], (4, "derived", "aanwezig")),
    ("attended 30 days ago: outside", [30], [], [], [], None),
    ("attended only after the date", [-1], [], [], [], None),
    ("exit to paid work with support", [], [(10, 5)], [60], [], (5, "derived", "uitstroom")),
    ("exit to paid work without support", [], [(10, 6)], [60], [], (6, "derived", "uitstroom")),
    ("exit for another reason decides nothing", [], [(10, None)], [60], [], None),
    ("exit after the date does not count yet", [], [(-3, 6)], [60], [], None),
    ("a new enrolment after the exit ends what it said", [], [(40, 6)], [90, 20], [], None),
    ("the later of two exits counts", [], [(40, 6), (10, None)], [90, 30], [], None),
    ("exit beats attendance before it", [15], [(10, 6)], [60], [], (6, "derived", "uitstroom")),
    ("entered only", [], [], [], [(50, 2)], (2, "entered", "ingevoerd")),
    ("the newest entered counts", [], [], [], [(50, 2), (20, 3)], (3, "entered", "ingevoerd")),
    ("entered after the date is not yet", [], [], [], [(-1, 3)], None),
    ("attendance beats an entered rung below 4", [3], [], [], [(1, 2)], (4, "derived", "aanwezig")),
    ("attendance beats an entered 4 (tie: the data)", [3], [], [], [(1, 4)], (4, "derived", "aanwezig")),
    ("an entered 5 above the attendance floor wins", [3], [], [], [(20, 5)], (5, "entered", "ingevoerd")),
    ("an exit beats a value entered before it", [], [(10, 6)], [60], [(5 + 10, 3)], (6, "derived", "uitstroom")),
    ("an exit beats a value entered the same day", [], [(10, 6)], [60], [(10, 3)], (6, "derived", "uitstroom")),
    ("a value entered after the exit wins", [], [(10, 6)], [60], [(2, 1)], (1, "entered", "ingevoerd")),
]


@pytest.mark.parametrize("why, attended, exits, starts, entered, expected", TABLE, ids=[row[0] for row in TABLE])
def test_the_ladder_derivation_table(why, attended, exits, starts, entered, expected):
    found = rules.rung_on(ON, [days_ago(n) for n in attended], [(days_ago(n), r) for n, r in exits],
                          [days_ago(n) for n in starts], [(days_ago(n), r) for n, r in entered])
    assert (None if found is None else (found.rung, found.source, found.why)) == expected


def test_a_derived_rung_carries_the_date_of_its_fact():
    found = rules.derive(ON, [days_ago(12), days_ago(4)], [], [])
    assert found == rules.Rung(4, rules.DERIVED, days_ago(4), "aanwezig")
