"""The municipality's instruments (issue 17 item 7), the pure rules: the Zelfredzaamheid-Matrix (ZRM 2017) and the
Participatieladder. Standard library only, no I/O; the database side is zrm_ops.py, the words zrm_labels.py.

ZRM: thirteen domains, each scored 1–5 over the last 30 days at an occasion (intake, voortgang, uitstroom). It is not
computed from Dagdeel's life domains; the four that map one to one may be pre-filled from their latest status, for
the counsellor to check. A score saved as pre-filled and unchanged is `derived`, any other `entered`.

Participatieladder, per worker per date (docs/methods.md, "Instruments"):
- derived where the data decides it: an attended dagdeel in the 30 days up to and including the date is at least
  rung 4 (onbetaald werk); the latest exit on or before the date whose outflow reason names a rung (`ladder = 5` or
  `6` in the method file: paid work with or without support) gives that rung, unless an enrolment started after it;
- entered by the counsellor otherwise, with a date; it holds from that date until a newer one.
Which wins when both exist: an exit decides exactly, unless the counsellor entered a value dated after the exit
(what happened since). Attendance proves at least rung 4, so an entered value above it wins; one at or below it
loses to the data."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

ZRM_DOMAINS = ("financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
               "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl",
               "instrumentele_adl", "sociaal_netwerk", "maatschappelijke_participatie", "justitie")
LEVELS = (1, 2, 3, 4, 5)  # 1 acute problematiek … 5 volledig zelfredzaam
OCCASIONS = ("intake", "voortgang", "uitstroom")
ENTERED, DERIVED = "entered", "derived"
SOURCES = (ENTERED, DERIVED)

# Which life domain is one to one with which ZRM domain is the method file's (`zrm` on a [[domains]] entry): Relim's
# Inkomen + Schulden → Financiën and Verslaving/gezondheid → three ZRM domains are not, so they have none.
FROM_STATUS = {"stabiel": 4, "aandacht": 3, "knelpunt": 2}

RUNGS = (1, 2, 3, 4, 5, 6)  # 1 geïsoleerd … 6 betaald werk
ATTENDANCE_DAYS = 30
ATTENDANCE_RUNG = 4


def prefill(statuses: Mapping[str, str]) -> dict[str, int]:
    """ZRM domain → suggested level from the latest statuses of the life domains one to one with it (ZRM code →
    status)."""
    return {zrm: FROM_STATUS[status] for zrm, status in statuses.items() if status in FROM_STATUS}


def problems(occasion: str, scores: Mapping[str, int | None]) -> list[str]:
    """What is wrong with an assessment as sent: an unknown occasion ('occasion') or the domains without a level 1–5."""
    wrong = [] if occasion in OCCASIONS else ["occasion"]
    return wrong + [code for code in ZRM_DOMAINS if scores.get(code) not in LEVELS]


def sources(scores: Mapping[str, int], prefilled: Mapping[str, int]) -> dict[str, str]:
    """Per domain: `derived` when the pre-filled level was saved unchanged, else `entered`."""
    return {code: DERIVED if code in prefilled and prefilled[code] == scores.get(code) else ENTERED
            for code in ZRM_DOMAINS}


@dataclass(frozen=True)
class Rung:
    """A worker's rung on a date: which rung, `entered` or `derived`, the date of the fact it rests on, and why."""

    rung: int
    source: str
    on: date
    why: str  # ingevoerd | aanwezig | uitstroom


def attendance_window(on: date) -> tuple[date, date]:
    """The 30 days up to and including `on`."""
    return on - timedelta(days=ATTENDANCE_DAYS - 1), on


def derive(on: date, attended: Iterable[date], exits: Iterable[tuple[date, int | None]],
           starts: Iterable[date] = ()) -> Rung | None:
    """The rung the data decides on `on`, or None. `attended`: days with an attended dagdeel; `exits`: (day, the
    outflow reason's rung or None); `starts`: enrolment start days (a start after an exit ends what it said)."""
    first, last = attendance_window(on)
    seen = [day for day in attended if first <= day <= last]
    passed = [(day, rung) for day, rung in exits if day <= on]
    exit_rung = None
    if passed:
        day, rung = max(passed, key=lambda e: e[0])
        if rung in RUNGS and not any(day < start <= on for start in starts):
            exit_rung = Rung(rung, DERIVED, day, "uitstroom")
    if seen and (exit_rung is None or exit_rung.rung < ATTENDANCE_RUNG):
        return Rung(ATTENDANCE_RUNG, DERIVED, max(seen), "aanwezig")
    return exit_rung


def latest_entered(on: date, entered: Iterable[tuple[date, int]]) -> Rung | None:
    """The newest value the counsellor entered on or before `on` (the later entry of a day wins: give them in order)."""
    best = None
    for day, rung in entered:
        if day <= on and (best is None or day >= best.on):
            best = Rung(rung, ENTERED, day, "ingevoerd")
    return best


def current(derived: Rung | None, entered: Rung | None) -> Rung | None:
    """The rung that counts when both may exist (see the module's docstring)."""
    if derived is None or entered is None:
        return derived or entered
    if derived.why == "uitstroom":
        return entered if entered.on > derived.on else derived
    return entered if entered.rung > derived.rung else derived


def rung_on(on: date, attended: Iterable[date], exits: Iterable[tuple[date, int | None]], starts: Iterable[date],
            entered: Iterable[tuple[date, int]]) -> Rung | None:
    """A worker's rung on a date from all their facts."""
    return current(derive(on, attended, exits, starts), latest_entered(on, entered))
