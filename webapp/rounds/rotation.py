"""Who rides when sign-ups exceed the seats (SPEC §4). Pure and deterministic: no I/O.

Order: a standing agreement to ride, or a running Via Via proefweek (the trial
must be attended), first; then fewest worked days in the last 14 days; then
those left behind on earlier days (most often, most recently); then sign-up
time. Each person gets a one-line Dutch reason.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..translatable import _, _l

LEFT_BEHIND = _l("vol — voorrang volgende keer")  # the first words of the reason of everyone left behind
FREE_SEAT = _l("ingestapt op een vrije plaats")  # the reason of someone left behind who boarded after all


@dataclass(frozen=True)
class Candidate:
    signup_id: int
    rides_by_agreement: bool
    worked_days: int  # attended days in the 14 days before the round
    left_behind: int  # times left behind in those 14 days
    last_left_behind: date | None
    signed_up_at: datetime
    in_trial: bool = False  # in a running Via Via proefweek on the round's day: rides first, like an agreement


@dataclass(frozen=True)
class Choice:
    signup_id: int
    rides: bool
    reason: str


def rank(rides_by_agreement: bool, worked_days: int, left_behind: int, last_left_behind: date | None,
         in_trial: bool = False) -> str:
    """A worker's standing before the sign-up time decides, as a string that sorts like the rule: smaller
    rides first. Phones get it with each sign-up, so an offline proposal follows this same rule."""
    last = last_left_behind.toordinal() if last_left_behind else 0
    return f"{0 if rides_by_agreement or in_trial else 1}{min(worked_days, 999):03d}{999 - min(left_behind, 999):03d}{9_999_999 - last:07d}"


def priority(c: Candidate) -> tuple:
    """Sort key: smaller rides first."""
    return (rank(c.rides_by_agreement, c.worked_days, c.left_behind, c.last_left_behind, c.in_trial), c.signed_up_at,
            c.signup_id)


def propose(candidates: list[Candidate], seats: int, today: date) -> list[Choice]:
    """The proposal, in priority order: the first `seats` ride, the rest are left behind."""
    ordered = sorted(candidates, key=priority)
    return [Choice(c.signup_id, i < seats, reason(c, i < seats, today)) for i, c in enumerate(ordered)]


def reason(c: Candidate, rides: bool, today: date) -> str:
    """Why: the facts that put this person where they are, in one line."""
    parts = [_("vaste afspraak: rijdt mee")] if c.rides_by_agreement else []
    if c.in_trial:
        parts.append(_("proefweek Via Via"))
    parts.append(_("%(n)s× gewerkt in 14 dagen", n=c.worked_days))
    if c.last_left_behind == today - timedelta(days=1):
        parts.append(_("gisteren niet meegekund"))
    elif c.left_behind:
        parts.append(_("%(n)s× niet meegekund in 14 dagen", n=c.left_behind))
    parts.append(_("aangemeld %(time)s", time=f"{c.signed_up_at:%H:%M}"))
    if not rides:
        parts.insert(0, str(LEFT_BEHIND))
    return " · ".join(parts)
