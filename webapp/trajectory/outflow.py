"""Outflow (uitstroom) per track (SPEC §6, issue 15 "The rules"): exits, the period rate and the cohort view, as
pure functions of a worker's stays. Standard library only, no I/O; the order of the input never matters.

An exit from a track happens when an enrolment in that track ends and the worker's next enrolment is in another
track, or there is none. The next enrolment is the worker's other stay with the smallest start on or after this
end; among stays starting that same day, one in the same track is taken first (so two stays starting together
never turn a move into an exit), then the rest by (end, outcome). Moving within a track (Arbeidsgewenning →
Algemene Arbeidstraining, Loon naar Werken → Via Via, phase 1 → 2) is never an exit, also when the next stay in
that track starts after a gap: a worker who comes back to the same track has not left it.

An exit's code is the outcome recorded on the ending enrolment; with none recorded and a next enrolment in another
track it is `doorstroom` (class from the method's classes, else positief); with none recorded and no next
enrolment it is `onbekend`, class overig (writes require an outcome there, so this only shows broken history).
"""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .schedule import add_months

CLASSES = ("positief", "negatief", "overig")
DOORSTROOM = "doorstroom"  # no outcome recorded, the next enrolment is in another track
UNKNOWN = "onbekend"  # no outcome recorded and no next enrolment: should not happen
STILL_RUNNING = "lopend"  # a cohort starter who has not left the track (as far as is known)
TOTAL = "totaal"  # the last row of each table


@dataclass(frozen=True)
class Stay:  # one enrolment
    worker_id: int
    track: str  # 'arbeidsrehabilitatie' | 'resocialisatie' | any string
    start: date
    end: date | None  # None = current
    outcome: str | None  # outflow code recorded on the ending enrolment, or None


@dataclass(frozen=True)
class Exit:
    worker_id: int
    track: str
    day: date  # the ending enrolment's end date
    code: str  # the outcome code ('doorstroom' when none recorded and the next stay is in another track)
    klass: str  # one of CLASSES


@dataclass(frozen=True)
class Row:
    track: str
    exits: int
    positief: int
    negatief: int
    overig: int
    positief_pct: float  # one decimal, rounded half up; 0.0 when there are no exits
    negatief_pct: float
    overig_pct: float


@dataclass(frozen=True)
class CohortRow:
    track: str
    starters: int
    positief: int
    negatief: int
    overig: int
    lopend: int


def exits(stays: Iterable[Stay], classes: Mapping[str, str]) -> list[Exit]:
    """Every exit from a track, sorted by day, worker, track and code. `classes`: outcome code -> class."""
    return _exits(_checked(stays, classes), classes)


def percentage(part: int, whole: int) -> float:
    """`part` of `whole` in percent with one decimal, rounded half up (1 of 8 = 12.5, 1 of 16 = 6.3); 0.0 of none.
    Exact (Decimal) before the one rounding, so three thirds show 33.3 each and need not add up to 100.0."""
    if whole == 0:
        return 0.0
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def period_table(exits: Iterable[Exit], start: date, end: date, tracks: Iterable[str] = ()) -> list[Row]:
    """Exits whose day lies in [start, end], counted per class, one row per track (sorted; the given `tracks`
    too, with 0) and a last `totaal` row over all of them; each class's share of that row's exits in percent."""
    _check_period(start, end)
    counts: dict[str, dict[str, int]] = {track: _zero() for track in tracks}
    for e in exits:
        if start <= e.day <= end:
            counts.setdefault(e.track, _zero())[e.klass] += 1
    _check_tracks(counts)
    total = _zero()
    for per_class in counts.values():
        for klass, n in per_class.items():
            total[klass] += n
    return [_row(track, counts[track]) for track in sorted(counts)] + [_row(TOTAL, total)]


def cohort_table(stays: Iterable[Stay], classes: Mapping[str, str], start: date, end: date, months: int = 12,
                 on: date | None = None, tracks: Iterable[str] = ()) -> list[CohortRow]:
    """Everyone who started a track in [start, end] and where they were `months` later (or on `on`, when that is
    earlier): the class of their first exit from that track by then, else lopend. A starter is a stay that is not
    the next enrolment of one of the worker's stays in the same track (not a move within it). Counted per start:
    a worker who starts a track twice in the period counts twice. Rows as in period_table."""
    _check_period(start, end)
    if months < 0:
        raise ValueError(f"months must not be negative ({months})")
    stays = _checked(stays, classes)
    found = _exits(stays, classes)
    continued = {j for i, j in _nexts(stays) if j is not None and stays[j].track == stays[i].track}
    left: dict[tuple[int, str], list[Exit]] = defaultdict(list)
    for e in found:
        left[(e.worker_id, e.track)].append(e)  # already sorted by day
    counts: dict[str, dict[str, int]] = {track: _zero(STILL_RUNNING) for track in tracks}
    for i, s in enumerate(stays):
        if i in continued or not start <= s.start <= end:
            continue
        horizon = add_months(s.start, months)
        if on is not None and on < horizon:
            horizon = on
        first = next((e for e in left[(s.worker_id, s.track)] if e.day >= s.start), None)
        status = first.klass if first is not None and first.day <= horizon else STILL_RUNNING
        counts.setdefault(s.track, _zero(STILL_RUNNING))[status] += 1
    _check_tracks(counts)
    total = _zero(STILL_RUNNING)
    for per_class in counts.values():
        for status, n in per_class.items():
            total[status] += n
    return [CohortRow(track, sum(c.values()), *(c[k] for k in CLASSES), c[STILL_RUNNING])
            for track, c in sorted(counts.items()) + [(TOTAL, total)]]


def _checked(stays: Iterable[Stay], classes: Mapping[str, str]) -> list[Stay]:
    """The stays as a list, after refusing what no history can hold: an unknown class or outcome, an end before
    the start."""
    for code, klass in classes.items():
        if klass not in CLASSES:
            raise ValueError(f"outflow code {code!r} has class {klass!r}, not one of {', '.join(CLASSES)}")
    stays = list(stays)
    for s in stays:
        if s.outcome is not None and s.outcome not in classes:
            raise ValueError(f"unknown outcome code {s.outcome!r} (worker {s.worker_id}, {s.track})")
        if s.end is not None and s.end < s.start:
            raise ValueError(f"worker {s.worker_id}: a stay in {s.track} ends on {s.end} before its start {s.start}")
    return stays


def _nexts(stays: list[Stay]) -> list[tuple[int, int | None]]:
    """Each ended stay with the worker's next enrolment (module docstring), or None when there is none; as indexes
    into `stays`, so that two equal stays stay two."""
    by_worker: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(stays):
        by_worker[s.worker_id].append(i)
    pairs = []
    for own in by_worker.values():
        for i in own:
            s = stays[i]
            if s.end is None:
                continue
            later = [j for j in own if j != i and stays[j].start >= s.end]
            pairs.append((i, min(later, key=lambda j: _next_key(s, stays[j]), default=None)))
    return pairs


def _next_key(s: Stay, o: Stay) -> tuple:
    """Earliest start first; on the same day a stay in the ending stay's own track, then a fixed order."""
    return (o.start, o.track != s.track, o.track, o.end is None, o.end or date.min, o.outcome or "")


def _exits(stays: list[Stay], classes: Mapping[str, str]) -> list[Exit]:
    found = []
    for i, j in _nexts(stays):
        s, after = stays[i], (None if j is None else stays[j])
        if after is not None and after.track == s.track:
            continue
        if s.outcome is not None:
            code, klass = s.outcome, classes[s.outcome]
        elif after is not None:
            code, klass = DOORSTROOM, classes.get(DOORSTROOM, "positief")
        else:
            code, klass = UNKNOWN, "overig"
        found.append(Exit(s.worker_id, s.track, s.end, code, klass))
    return sorted(found, key=lambda e: (e.day, e.worker_id, e.track, e.code))


def _zero(*extra: str) -> dict[str, int]:
    return dict.fromkeys(CLASSES + extra, 0)


def _row(track: str, c: dict[str, int]) -> Row:
    n = sum(c.values())
    return Row(track, n, *(c[k] for k in CLASSES), *(percentage(c[k], n) for k in CLASSES))


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"the period ends on {end} before it starts on {start}")


def _check_tracks(counts: Mapping[str, object]) -> None:
    if TOTAL in counts:
        raise ValueError(f"a track may not be called {TOTAL!r}: that is the name of the last row")
