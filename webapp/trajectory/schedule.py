"""What is due in a trajectory (SPEC §6, issue 15 "The rules"): the counsellor's work list as a pure function of
facts the database side gathers. Standard library only, no I/O, deterministic.

- evaluatie: an open enrolment with a review cadence of R months is due (its latest review, else its start) + R.
- fase_einde: an open enrolment with a duration of D months is due start + (D + the months `verlengen` granted),
  counted in one step from the start, so a start on 31 jan with D 1 and one month granted ends on 31 mar.
- intake: a worker flagged for intake, due on their first attended day, else the day they were added.
- proefweek: a running trial week, due on its last day.
- nazorg: follow-ups not yet done, due on their own dates (made 3 and 6 months after a positive exit).
- actiepunt: a life-domain action point not done yet, due on its own date (one owned by the worker or an outside
  party is on their trajectbegeleider's list).
- max_duur: an open enrolment whose phase (else module) has a maximum of M months is due start + M (extensions do
  not move a maximum); it is listed from MAX_WINDOW_MONTHS before that day, not only within `days`, and stays
  (overdue) until a review decides: volgende_fase, andere_module or uitstroom (verlengen past it is refused).
- training: sessions of a training series the worker missed (afwezig, not afgemeld), due on the latest one; listed
  until two weeks after the series' last session.

- doel: a goal agreed on a checklist's gap view, owned by a staff member, with a date and not "afgerond" yet, due on
  its own date.

An item is listed when it is due on or before `on + days`; overdue items come first because the list is sorted by
due date, then kind (alphabetically: actiepunt, doel, evaluatie, fase_einde, intake, max_duur, nazorg, proefweek,
training), then worker, then ref.
"""
import calendar
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("actiepunt", "doel", "evaluatie", "fase_einde", "intake", "max_duur", "nazorg", "proefweek", "training")  # list order
MAX_DAYS = 366  # how far ahead the list may look
TRIAL_DAYS = 7  # a proefweek: its start and the six days after it
NAZORG_MONTHS = (3, 6)  # follow-ups after a positive exit
TRAINING_GRACE_DAYS = 14  # missed sessions stay on the list this long after the series' last session
MAX_WINDOW_MONTHS = 1  # a maximum duration shows on the work list this long before it is reached


@functools.lru_cache(maxsize=8192)  # a long work list asks the same few hundred dates again and again
def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the month's last day (31 aug + 1 = 30 sep); `months` may be negative."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if not date.min.year <= year <= date.max.year:
        raise ValueError(f"{day.isoformat()} + {months} months is outside the calendar")
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class EnrolmentFacts:
    enrolment_id: int
    worker_id: int
    start: date
    review_months: int | None  # the module's (or phase's) review cadence, None = no evaluatie
    duration_months: int | None  # the phase's duration, else the module's; None = open-ended (no fase_einde)
    extension_months: int = 0  # months granted by `verlengen` outcomes in this enrolment
    last_review: date | None = None  # the latest review held in this enrolment
    trial_until: date | None = None  # last day of a running proefweek in this enrolment
    max_months: int | None = None  # the phase's maximum, else the module's; None = no maximum (no max_duur)


@dataclass(frozen=True)
class IntakeFacts:
    worker_id: int
    first_attended: date | None  # the worker's first attended day, if any
    added_on: date  # the day the worker was added

    @property
    def due(self) -> date:
        """The intake is due on the first attended day, else the day the worker was added."""
        return self.first_attended or self.added_on


@dataclass(frozen=True)
class FollowUpFacts:  # a nazorg item not yet done
    follow_up_id: int
    worker_id: int
    due: date


@dataclass(frozen=True)
class ActionFacts:  # an open life-domain action point owned by a staff member
    action_id: int
    worker_id: int
    due: date


@dataclass(frozen=True)
class TrainingFacts:  # the sessions a worker missed in one training series
    series_id: int
    worker_id: int
    missed: tuple[date, ...]  # the dates of the missed sessions (at least one)
    last_session: date  # the series' last session


@dataclass(frozen=True)
class GoalFacts:  # an open checklist goal owned by a staff member, with a date
    goal_id: int
    worker_id: int
    due: date


@dataclass(frozen=True)
class Due:
    kind: str  # 'intake' | 'evaluatie' | 'fase_einde' | 'max_duur' | 'proefweek' | 'nazorg' | 'actiepunt' | 'doel' | 'training'
    worker_id: int
    due: date
    days_overdue: int  # max(0, on - due)
    ref: int | None  # enrolment_id for evaluatie/fase_einde/proefweek, follow_up_id for nazorg, action_id for
    # actiepunt, goal_id for doel, series_id for training, None for intake
    basis: date | None  # start or last review (evaluatie), start (fase_einde, max_duur), None otherwise
    months: int | None  # the cadence (evaluatie), duration+extension (fase_einde) or maximum (max_duur), else None


def review_due(e: EnrolmentFacts) -> date | None:
    """When the next evaluatie of an open enrolment is due, or None when its module (or phase) has none."""
    if e.review_months is None:
        return None
    return add_months(_review_basis(e), e.review_months)


def phase_end(e: EnrolmentFacts) -> date | None:
    """The planned end of an open enrolment, extensions included, or None when it is open-ended."""
    if e.duration_months is None:
        return None
    return add_months(e.start, e.duration_months + e.extension_months)


def max_end(e: EnrolmentFacts) -> date | None:
    """The day an open enrolment reaches its maximum duration, or None when it has none."""
    return None if e.max_months is None else add_months(e.start, e.max_months)


def max_window(e: EnrolmentFacts) -> date | None:
    """From when the maximum shows on the work list: MAX_WINDOW_MONTHS before it."""
    end = max_end(e)
    return None if end is None else add_months(end, -MAX_WINDOW_MONTHS)


def past_max(start: date, max_months: int | None, duration_months: int | None, extension_months: int) -> bool:
    """Whether a stay planned this long (duration + extensions) would run past its maximum."""
    if max_months is None or duration_months is None:
        return False
    return add_months(start, duration_months + extension_months) > add_months(start, max_months)


def trial_last_day(start: date) -> date:
    """The last day of a proefweek that starts on `start`."""
    return start + timedelta(days=TRIAL_DAYS - 1)


def trial_day(start: date, on: date) -> int | None:
    """Which day of the proefweek `on` is (1–7, "proefweek dag 3"), or None outside it."""
    number = (on - start).days + 1
    return number if 1 <= number <= TRIAL_DAYS else None


def follow_up_dates(exit_day: date) -> tuple[date, ...]:
    """The nazorg due dates after a positive exit on `exit_day`: 3 and 6 months later."""
    return tuple(add_months(exit_day, months) for months in NAZORG_MONTHS)


def due_items(on: date, enrolments: Iterable[EnrolmentFacts] = (), intakes: Iterable[IntakeFacts] = (),
              follow_ups: Iterable[FollowUpFacts] = (), days: int = 7,
              actions: Iterable[ActionFacts] = (), goals: Iterable[GoalFacts] = (),
              trainings: Iterable[TrainingFacts] = ()) -> list[Due]:
    """Everything due on or before `on + days`, overdue first: the rules of the module docstring."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be a whole number from 0 to {MAX_DAYS}, not {days!r}")
    horizon = on + timedelta(days=days)
    items = []

    def add(kind, worker_id, due, ref, basis=None, months=None):
        if due <= horizon:
            items.append(Due(kind, worker_id, due, max(0, (on - due).days), ref, basis, months))

    for e in enrolments:
        _check(e)
        if e.review_months is not None:
            add("evaluatie", e.worker_id, review_due(e), e.enrolment_id, _review_basis(e), e.review_months)
        if e.duration_months is not None:
            add("fase_einde", e.worker_id, phase_end(e), e.enrolment_id, e.start,
                e.duration_months + e.extension_months)
        if e.max_months is not None and max_window(e) <= horizon:
            end = max_end(e)
            items.append(Due("max_duur", e.worker_id, end, max(0, (on - end).days), e.enrolment_id, e.start,
                             e.max_months))
        if e.trial_until is not None:
            add("proefweek", e.worker_id, e.trial_until, e.enrolment_id)
    for i in intakes:
        add("intake", i.worker_id, i.due, None)
    for f in follow_ups:
        add("nazorg", f.worker_id, f.due, f.follow_up_id)
    for a in actions:
        add("actiepunt", a.worker_id, a.due, a.action_id)
    for goal in goals:
        add("doel", goal.worker_id, goal.due, goal.goal_id)
    for t in trainings:
        if t.missed and on <= t.last_session + timedelta(days=TRAINING_GRACE_DAYS):
            add("training", t.worker_id, max(t.missed), t.series_id)
    return sorted(items, key=lambda d: (d.due, d.kind, d.worker_id, -1 if d.ref is None else d.ref))


def _review_basis(e: EnrolmentFacts) -> date:
    return e.last_review or e.start


def _check(e: EnrolmentFacts) -> None:
    """Facts no trajectory can have are a bug on the database side: say which enrolment, rather than list nonsense."""
    if e.review_months is not None and e.review_months < 1:
        raise ValueError(f"enrolment {e.enrolment_id}: review_months must be at least 1, not {e.review_months}")
    if e.duration_months is not None and e.duration_months < 0:
        raise ValueError(f"enrolment {e.enrolment_id}: duration_months must not be negative ({e.duration_months})")
    if e.max_months is not None and e.max_months < 1:
        raise ValueError(f"enrolment {e.enrolment_id}: max_months must be at least 1, not {e.max_months}")
    if e.extension_months < 0:
        raise ValueError(f"enrolment {e.enrolment_id}: extension_months must not be negative ({e.extension_months})")


def extension_for(start: date, duration_months: int | None, extension_months: int, held_on: date, months: int) -> int:
    """The months `verlengen` by `months` at a review held on `held_on` adds to an enrolment: just `months` while
    the phase runs; when its planned end has already passed, enough that it now ends no earlier than `months`
    after the review (a phase extended "by a month" at a late review runs a month from the talk, not from the
    missed end, which would leave it overdue)."""
    if duration_months is None:
        return months
    base = duration_months + extension_months
    if add_months(start, base) >= held_on:
        return months
    target, extra = add_months(held_on, months), months
    while add_months(start, base + extra) < target:
        extra += 1
    return extra
