"""Loon naar Werken → Via Via (seed: "Overgang van de module Loon naar Werken naar de module Via Via"; SPEC §6):
the four criteria, the proefweek and how it ends. Reads and changes live together here because they are one
small feature; the callers commit (a review's outcome calls `start_trial` inside its own transaction).

- The attendance criterion is computed: the attended dagdelen (attendance/rules.py, SQL `attended_filter`) of
  the last four *full* ISO weeks (Monday–Sunday) before the week of the day asked about, oldest first, counted
  over every workshop. It is met when each of those four weeks has at least 4 (a week with 3 is not met; a
  strong week does not make up for a weak one, the seed asks for "ten minste 4 dagdelen" as a habit).
- The other three are recorded by the counsellor (TransitionCheck, append-only); the newest record counts
  (latest `recorded_on`, then the latest recorded), and says when and by whom.
- A proefweek is a Via Via phase 1 enrolment with `trial_until` = start + 6 days (seven days). It ends with
  `trial_result` "bevestigd" (Via Via continues, from the trial's start) or "terug" (the Via Via enrolment
  ends and Loon naar Werken starts again from that day). Payouts follow attendance per workshop as always.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import func, select, true
from sqlalchemy.exc import IntegrityError

from .. import clock, parse
from ..attendance.models import Attendance
from ..attendance.queries import attended_filter
from ..attendance.rules import VIAVIA_PER_WEEK
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..org.models import DagdeelBlock, Workshop
from ..org import queries as org_queries
from ..workers.models import WEEKDAYS, ScheduleSlot, Worker
from ..workers.operations import set_schedule
from . import bp, catalogue
from .models import Enrolment, Module, TransitionCheck, TrialDay
from .operations import enrol

FROM_MODULE, TO_MODULE = "lnw", "viavia"
CRITERIA = {
    "huisvesting": _l("Opvang of woonvoorziening geregeld"),
    "verslaving": _l("Verslaving onder controle: gebruikt niet voor of tijdens het werk"),
    "aanwezigheid": _l("Ten minste %(n)s dagdelen per week", n=VIAVIA_PER_WEEK),
    "klaar": _l("Geeft aan er klaar voor te zijn: wil veranderen, kan afspraken nakomen"),
}
COMPUTED = "aanwezigheid"
RECORDED = tuple(code for code in CRITERIA if code != COMPUTED)
NEEDED_PER_WEEK = VIAVIA_PER_WEEK
WEEKS = 4
TRIAL_DAYS = 7
TRIAL_DAGDELEN = 4  # "vier dagdelen aanwezig" in the proefweek
# The numbers the pages say the criterion and the proefweek with (worklist.html, _transition.html).
bp.add_app_template_global({"weeks": WEEKS, "per_week": NEEDED_PER_WEEK, "trial_days": TRIAL_DAYS,
                            "trial_dagdelen": TRIAL_DAGDELEN}, "viavia_criterion")
RESULTS = {"bevestigd": _l("bevestigd: Via Via"), "terug": _l("terug naar Loon naar Werken")}
NOTE_MAX = 300


# --- the criteria ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekCount:
    monday: date
    count: int

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]


@dataclass(frozen=True)
class Evidence:
    """The attended dagdelen of the last four full weeks, oldest first."""
    weeks: tuple[WeekCount, ...]
    needed: int = NEEDED_PER_WEEK

    @property
    def met(self) -> bool:
        return all(w.count >= self.needed for w in self.weeks)

    @property
    def counts(self) -> str:
        """'5 · 4 · 3 · 4', oldest week first."""
        return " · ".join(str(w.count) for w in self.weeks)


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    met: bool | None  # None: not recorded yet
    check: TransitionCheck | None = None  # the record that counts (recorded criteria)
    evidence: Evidence | None = None  # the attendance criterion

    @property
    def computed(self) -> bool:
        return self.code == COMPUTED


def evidence_weeks(on: date) -> list[date]:
    """The Mondays of the four full weeks before the week of `on`, oldest first."""
    this_monday = on - timedelta(days=on.weekday())
    return [this_monday - timedelta(weeks=k) for k in range(WEEKS, 0, -1)]


def attendance_evidence(worker: Worker, on: date) -> Evidence:
    """The attendance criterion, computed from attendance rows (every workshop)."""
    mondays = evidence_weeks(on)
    counts = dict.fromkeys(mondays, 0)
    days = db.session.scalars(select(Attendance.date).where(
        Attendance.worker_id == worker.id, Attendance.date >= mondays[0],
        Attendance.date < mondays[-1] + timedelta(days=7), attended_filter()))
    for day in days:
        counts[day - timedelta(days=day.weekday())] += 1
    return Evidence(tuple(WeekCount(m, counts[m]) for m in mondays))


@dataclass(frozen=True)
class Ready:
    """A Loon naar Werken worker who meets the attendance criterion (the work list's "Klaar voor Via Via")."""
    worker: Worker
    evidence: Evidence


def ready(on: date, scope=None) -> list[Ready]:
    """The active Loon naar Werken workers (not in a proefweek or Via Via) within `scope` (a Worker clause, or None
    for all) who meet the attendance criterion on `on`, by name. Two queries however many workers there are: one
    grouped query over attendance for all candidates, one for the people."""
    mondays = evidence_weeks(on)
    candidates = (select(Enrolment.worker_id).join(Module, Module.id == Enrolment.module_id)
                  .join(Worker, Worker.id == Enrolment.worker_id)
                  .where(Enrolment.end_date.is_(None), Module.code == FROM_MODULE, Worker.active.is_(True),
                         true() if scope is None else scope))
    counts: dict[int, dict[date, int]] = {}
    for worker_id, day, n in db.session.execute(
            select(Attendance.worker_id, Attendance.date, func.count())
            .where(Attendance.worker_id.in_(candidates), Attendance.date >= mondays[0],
                   Attendance.date < mondays[-1] + timedelta(days=7), attended_filter())
            .group_by(Attendance.worker_id, Attendance.date)):
        weeks = counts.setdefault(worker_id, dict.fromkeys(mondays, 0))
        weeks[day - timedelta(days=day.weekday())] += n
    found = {worker_id: Evidence(tuple(WeekCount(m, weeks[m]) for m in mondays)) for worker_id, weeks in counts.items()}
    met = [worker_id for worker_id, evidence in found.items() if evidence.met]
    people = db.session.scalars(select(Worker).where(Worker.id.in_(met))).all()  # also when none: a constant count
    return sorted((Ready(w, found[w.id]) for w in people), key=lambda r: (r.worker.display_name.lower(), r.worker.id))


def latest_checks(worker: Worker) -> dict[str, TransitionCheck]:
    """The record that counts per recorded criterion: the newest."""
    newest: dict[str, TransitionCheck] = {}
    for check in db.session.scalars(select(TransitionCheck).where(TransitionCheck.worker_id == worker.id)
                                    .order_by(TransitionCheck.recorded_on.desc(), TransitionCheck.id.desc())):
        newest.setdefault(check.criterion, check)
    return newest


def criteria(worker: Worker, on: date) -> list[Criterion]:
    """The four criteria in the seed's order, each met, not met or not yet recorded."""
    checks, evidence = latest_checks(worker), attendance_evidence(worker, on)
    found = []
    for code, label in CRITERIA.items():
        if code == COMPUTED:
            found.append(Criterion(code, str(label), evidence.met, evidence=evidence))
        else:
            check = checks.get(code)
            found.append(Criterion(code, str(label), check.met if check else None, check))
    return found


def unmet(worker: Worker, on: date) -> list[Criterion]:
    """The criteria not met (or not recorded) on a day."""
    return [c for c in criteria(worker, on) if not c.met]


def record_check(worker: Worker, by, criterion: str, met: bool, note: str, day: date,
                 client_id: str | None = None) -> TransitionCheck:
    """Record one of the three recorded criteria (append-only). The same form sent again (its client id) is the
    same record. Refused for the computed criterion, an unknown one, or a worker not in Loon naar Werken."""
    if client_id and (same := db.session.scalar(select(TransitionCheck).where(TransitionCheck.client_id == client_id))):
        return same
    if criterion == COMPUTED:
        raise Refused(_("De aanwezigheid telt de app zelf uit de aanwezigheidslijsten."), code="computed")
    if criterion not in CRITERIA:
        raise Refused(_("Onbekend criterium."), code="criterion")
    if len(note) > NOTE_MAX:
        raise Refused(parse.too_long(NOTE_MAX, len(note)), code="note")
    if _module_code(_current(worker)) != FROM_MODULE:
        raise Refused(_("De criteria voor Via Via gelden voor medewerkers in Loon naar Werken."), code="not_lnw")
    check = TransitionCheck(worker_id=worker.id, criterion=criterion, met=met, recorded_on=day, note=note.strip(),
                            by_id=by.id if by else None, client_id=client_id)
    db.session.add(check)
    record("transition_check", worker, f"{criterion}: {'voldaan' if met else 'niet voldaan'}")
    return check


# --- the proefweek --------------------------------------------------------------------------------------------

def _current(worker: Worker) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))


def _module_code(enrolment: Enrolment | None) -> str | None:
    return enrolment.module.code if enrolment else None


def is_running_trial(enrolment: Enrolment | None) -> bool:
    return enrolment is not None and enrolment.trial_until is not None and enrolment.trial_result is None


def _sibling(module: Module, code: str) -> Module:
    """The module with this code in the same method (else the catalogue's first)."""
    return next((m for m in module.method.modules if m.code == code), None) or catalogue.find(code, None)[0]


def viavia_workshops() -> list[Workshop]:
    """The active Via Via workshops with their blocks: where a proefweek's dagdelen can be."""
    return org_queries.active_workshops(TO_MODULE)


def on_viavia_schedule(worker: Worker) -> bool:
    """Whether the worker's weekly schedule has a dagdeel at a Via Via workshop."""
    return db.session.scalar(select(ScheduleSlot.worker_id).join(DagdeelBlock).join(Workshop).where(
        ScheduleSlot.worker_id == worker.id, Workshop.programme == TO_MODULE).limit(1)) is not None


def _check_slots(slots: set[tuple[int, int]]) -> None:
    valid = {b.id for w in viavia_workshops() for b in w.blocks}
    if any(block not in valid or not 0 <= weekday < 7 for block, weekday in slots):
        raise Refused(_("Kies dagdelen van een werkplaats van Via Via."), code="slots")


def start_trial(worker: Worker, day: date, override_reason: str = "", by=None,
                slots: set[tuple[int, int]] | None = None) -> Enrolment:
    """Start a proefweek: Via Via phase 1 from `day` for seven days. Refused unless the worker is in Loon naar
    Werken now, and when a criterion is not met without a reason to start anyway. `slots` (Via Via block id,
    weekday) join the worker's weekly schedule, which keeps what it has (the bus, any Via Via dagdelen already
    there), so the worker is on the Via Via board on those days. The same trial started again (a resent form:
    running, from the same day) is returned unchanged."""
    current = _current(worker)
    if is_running_trial(current) and current.start_date == day:
        return current
    if _module_code(current) != FROM_MODULE:
        raise Refused(_("Een proefweek Via Via start alleen vanuit Loon naar Werken."), code="not_lnw")
    reason = (override_reason or "").strip()
    if len(reason) > NOTE_MAX:
        raise Refused(parse.too_long(NOTE_MAX, len(reason)), code="reason")
    if slots:
        _check_slots(slots)
    missing = unmet(worker, day)
    if missing and not reason:
        raise Refused(_("Nog niet voldaan: %(criteria)s. Geef een reden om de proefweek toch te starten.",
                        criteria="; ".join(c.label for c in missing)), code="criteria", missing=[c.code for c in missing])
    viavia = _sibling(current.module, TO_MODULE)
    enrol(worker, viavia, viavia.phases[0] if viavia.phases else None, day, commit=False)
    db.session.flush()
    trial = _current(worker)
    trial.trial_until = day + timedelta(days=TRIAL_DAYS - 1)
    trial.trial_override = reason if missing else ""
    if by is not None:
        trial.created_by_id = by.id
    db.session.expire(worker, ["enrolments"])
    if slots:
        set_schedule(worker, {(s.block_id, s.weekday) for s in worker.schedule} | slots, commit=False)
    detail = f"proefweek Via Via {day.isoformat()} t/m {trial.trial_until.isoformat()}"
    record("trial_start", worker, detail + (f"; toch gestart: {reason}" if missing else ""))
    return trial


def tick_trial_day(enrolment: Enrolment, day: date, sober: bool, agreements_kept: bool, by) -> TrialDay:
    """The supervisor's tap for one day of a running proefweek: sober, agreements kept. An upsert of that day:
    the last tap counts, and sending the same tap again changes nothing."""
    if not is_running_trial(enrolment):
        raise Refused(_("Er loopt geen proefweek."), code="no_trial")
    if not enrolment.start_date <= day <= enrolment.trial_until:
        raise Refused(_("Die dag hoort niet bij de proefweek."), code="day")
    if day > clock.today():
        raise Refused(_("Een dag die nog moet komen kun je niet afvinken."), code="future")
    values = {"sober": sober, "agreements_kept": agreements_kept, "by_id": by.id if by else None, "at": clock.now()}
    tick = _tick(enrolment.id, day)
    if tick is None:
        try:
            with db.session.begin_nested():
                tick = TrialDay(enrolment_id=enrolment.id, day=day, **values)
                db.session.add(tick)
        except IntegrityError:  # another phone ticked the same day at the same moment: update theirs
            tick = _tick(enrolment.id, day)
    for name, value in values.items():
        setattr(tick, name, value)
    worker = db.session.get(Worker, enrolment.worker_id)
    record("trial_day", worker, f"{day.isoformat()}: nuchter {'ja' if sober else 'nee'}, "
                                f"afspraken nagekomen {'ja' if agreements_kept else 'nee'}")
    return tick


def _tick(enrolment_id: int, day: date) -> TrialDay | None:
    return db.session.scalar(select(TrialDay).where(TrialDay.enrolment_id == enrolment_id, TrialDay.day == day))


def last_trial(worker: Worker) -> Enrolment | None:
    """The worker's latest proefweek, running or ended."""
    return db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.trial_until.is_not(None))
                             .order_by(Enrolment.start_date.desc(), Enrolment.id.desc()).limit(1))


def end_trial(worker: Worker, confirm: bool, day: date, by) -> Enrolment:
    """End the running proefweek. Confirm (from its last day on): Via Via continues. Return (any day): the Via
    Via enrolment ends and Loon naar Werken starts again from `day`. The same ending sent again is harmless."""
    result = "bevestigd" if confirm else "terug"
    trial = _current(worker)
    if not is_running_trial(trial):
        last = last_trial(worker)
        if last is not None and last.trial_result == result:
            return last  # a resent form
        raise Refused(_("Er loopt geen proefweek."), code="no_trial")
    if confirm and day < trial.trial_until:
        raise Refused(_("Bevestigen kan vanaf de laatste dag van de proefweek (%(day)s).",
                        day=day_year(trial.trial_until, day)), code="too_early")
    if not confirm:
        if day < trial.start_date:
            raise Refused(_("Die dag ligt vóór de proefweek."), code="day")
        lnw = _sibling(trial.module, FROM_MODULE)
        enrol(worker, lnw, lnw.phases[0] if lnw.phases else None, day, commit=False)
        db.session.expire(worker, ["enrolments"])
    trial.trial_result = result
    record("trial_end", worker, f"proefweek {result} op {day.isoformat()}")
    return trial


# --- what the trajectory page shows ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TrialDayRow:
    day: date
    attended: int
    tick: TrialDay | None


@dataclass
class TrialSummary:
    enrolment: Enrolment
    day_number: int  # 1..7 while it runs; 7 after its last day
    attended: int  # attended dagdelen from its start up to the day asked about
    days: list[TrialDayRow] = field(default_factory=list)
    needed: int = TRIAL_DAGDELEN
    past: bool = False  # after its last day: the decision is due

    @property
    def over(self) -> bool:
        """From its last day on, the counsellor decides."""
        return self.day_number >= TRIAL_DAYS

    @property
    def ticked(self) -> list[TrialDay]:
        return [d.tick for d in self.days if d.tick]

    @property
    def sober_days(self) -> int:
        return sum(t.sober for t in self.ticked)

    @property
    def kept_days(self) -> int:
        return sum(t.agreements_kept for t in self.ticked)


def trial_day_number(enrolment: Enrolment, on: date) -> int:
    """'proefweek dag 3 van 7': 1 on its first day, 7 on its last (and after)."""
    return max(1, min(TRIAL_DAYS, (on - enrolment.start_date).days + 1))


@bp.app_template_global()
def trial_day(enrolment: Enrolment | None, on: date) -> int | None:
    """For the board's short note: the day of a running proefweek on `on`, None when there is none (also after
    its last day, when it awaits the decision: `trial_awaits_decision`)."""
    if not is_running_trial(enrolment) or not enrolment.start_date <= on <= enrolment.trial_until:
        return None
    return trial_day_number(enrolment, on)


@bp.app_template_global()
def trial_awaits_decision(enrolment: Enrolment | None, on: date) -> bool:
    """Past the proefweek's last day and not yet confirmed or returned: "proefweek voorbij — besluit nodig"."""
    return is_running_trial(enrolment) and on > enrolment.trial_until


def trial_summary(enrolment: Enrolment, on: date) -> TrialSummary:
    """The proefweek so far: attended Via Via dagdelen per day (from attendance; a Loon naar Werken day in the
    same week is not part of the trial) and the supervisor's ticks. Weekend days are listed only when there was
    attendance or a tick."""
    last = min(on, enrolment.trial_until)
    per_day: dict[date, int] = {}
    for day in db.session.scalars(select(Attendance.date).join(DagdeelBlock, DagdeelBlock.id == Attendance.block_id)
            .join(Workshop, Workshop.id == DagdeelBlock.workshop_id).where(
            Attendance.worker_id == enrolment.worker_id, Attendance.date >= enrolment.start_date,
            Attendance.date <= last, attended_filter(), Workshop.programme == "viavia")):
        per_day[day] = per_day.get(day, 0) + 1
    ticks = {t.day: t for t in db.session.scalars(select(TrialDay).where(TrialDay.enrolment_id == enrolment.id))}
    rows, day = [], enrolment.start_date
    while day <= last:
        if day.weekday() < 5 or day in per_day or day in ticks:
            rows.append(TrialDayRow(day, per_day.get(day, 0), ticks.get(day)))
        day += timedelta(days=1)
    return TrialSummary(enrolment, trial_day_number(enrolment, on), sum(per_day.values()), rows,
                        past=on > enrolment.trial_until)


@dataclass
class Panel:
    """The "Naar Via Via" section: the criteria for a Loon naar Werken worker, or the running proefweek."""
    on: date
    criteria: list[Criterion] = field(default_factory=list)
    trial: TrialSummary | None = None
    last_trial: Enrolment | None = None  # a finished one, for a worker back in Loon naar Werken
    on_viavia_schedule: bool = True
    workshops: list[Workshop] = field(default_factory=list)  # the Via Via workshops, to pick the trial's dagdelen
    pay_from: int | None = None  # the Via Via payout rule in force this week: paid from this many dagdelen
    weekdays = WEEKDAYS  # the schedule's column heads, Monday first

    @property
    def all_met(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def last_result(self) -> str:
        return str(RESULTS[self.last_trial.trial_result]) if self.last_trial else ""


def panel(worker: Worker, on: date) -> Panel | None:
    """What the trajectory page shows of the transition, None when it does not apply to this worker."""
    current = worker.current_enrolment
    if is_running_trial(current):
        return Panel(on, trial=trial_summary(current, on), on_viavia_schedule=on_viavia_schedule(worker))
    if _module_code(current) == FROM_MODULE:
        last = last_trial(worker)
        scheduled = on_viavia_schedule(worker)
        from ..payouts import queries as payouts  # the payouts read trajectories: imported when used
        from ..payouts.rules import week_unit

        rule = payouts.rule_in_force(TO_MODULE, week_unit(on))
        return Panel(on, criteria=criteria(worker, on), last_trial=last if last and last.trial_result else None,
                     on_viavia_schedule=scheduled, workshops=[] if scheduled else viavia_workshops(),
                     pay_from=rule.min_units if rule else None)
    return None
