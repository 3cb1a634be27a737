"""Reading trajectories: what is due (the counsellor's work list), built from the database in a constant number of
queries, whatever the number of workers: the rules themselves are schedule.py's."""
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial

from sqlalchemy import ColumnElement, false, func, or_, select, true

from .. import clock
from ..attendance.models import Attendance
from ..attendance.queries import attended_filter
from ..auth.models import Staff
from ..extensions import db
from ..org.models import DagdeelBlock, Shelter, Workshop
from ..workers.models import ScheduleSlot, Worker
from . import domains, schedule
from .checklist_models import ChecklistGoal
from .domain_models import ActionPoint, ActionVersion, LifeDomain
from .models import Enrolment, FollowUp, MethodVersion, Module, Phase, Review
from .training import MISSED
from .training_models import SessionAttendance, TrainingSeries, TrainingSession

Scope = ColumnElement[bool] | Iterable[int] | None


@dataclass(frozen=True)
class Context:
    """What the "why" of an item names besides its dates: the module and phase, or where an intake date came from."""

    module: str = ""
    phase_number: int | None = None  # shown only for modules with more than one phase
    phase: str = ""
    first_attended: bool = False  # intake: due on the first attended day (else: the day the worker was added)
    exit_day: date | None = None  # nazorg: the day of the exit it follows
    reviewed: date | None = None  # evaluatie: the latest review in the enrolment, the cadence's basis
    extension: int = 0  # fase_einde: the months `verlengen` added
    domain: str = ""  # actiepunt: the life domain's name
    domain_code: str = ""  # actiepunt: its code (the domain page's address)
    action: str = ""  # actiepunt: what is to be done
    owner: str = ""  # actiepunt, doel: the staff member who owns it
    missed: tuple[date, ...] = ()  # training: the dates of the sessions missed
    series: str = ""  # training: the series' name
    item: str = ""  # doel: the checklist item it was agreed on (`action` holds the goal's text)


@dataclass(frozen=True)
class Line:
    item: schedule.Due
    worker: Worker
    context: Context


def newcomer() -> ColumnElement[bool]:
    """A first-timer from the bus round whom nobody guides yet: on every counsellor's list until one holds the
    intake (and so becomes their trajectbegeleider)."""
    return Worker.counsellor_id.is_(None) & Worker.intake_pending.is_(True)


def mine(staff_id: int) -> ColumnElement[bool]:
    """The workers whose trajectbegeleider this staff member is, and the newcomers nobody guides yet."""
    return or_(Worker.counsellor_id == staff_id, newcomer())


def at_sites(site_ids: Iterable[int]) -> ColumnElement[bool]:
    """The workers of these sites (a worker's sites, the one rule of trajectory/access.py): those with a dagdeel of
    the sites' workshops in their weekly schedule, those whose shelter is at one of the sites (Loon naar Werken
    people and the bus round's newcomers: by bus, without a schedule), and those placed at no site at all (no
    schedule, and no shelter or one of no site)."""
    ids = list(site_ids)
    # EXISTS per worker, not IN over every schedule: the schedule's key starts with the worker, so one worker (a tap)
    # is a lookup, not a scan. Measured at the bench's small scale: one worker 3× faster on SQLite, 1.4× on
    # PostgreSQL; the whole list 2.5× faster on SQLite, the same on PostgreSQL (issue 19)
    slots = (select(ScheduleSlot.worker_id).join(DagdeelBlock, DagdeelBlock.id == ScheduleSlot.block_id)
             .where(ScheduleSlot.worker_id == Worker.id))
    placed_shelters = select(Shelter.id).where(Shelter.site_id.is_not(None))
    return or_(
        slots.join(Workshop, Workshop.id == DagdeelBlock.workshop_id).where(Workshop.site_id.in_(ids)).exists(),
        Worker.shelter_id.in_(select(Shelter.id).where(Shelter.site_id.in_(ids))),
        ~slots.exists() & or_(Worker.shelter_id.is_(None), ~Worker.shelter_id.in_(placed_shelters)),
    )


@dataclass(frozen=True)
class Actions:
    """Which open life-domain action points a list holds: with `owner_id`, only that staff member's own, whichever
    worker they are for, and those of their own workers owned by the worker or an outside party ("Mijn
    medewerkers"); else every open one of the workers in scope.
    Without `all_domains` only those in domains the method file opens to supervisors (a supervisor's list); with
    `seen` (access.clause) only those of workers the staff member may see (life-domain content).
    The agreed checklist goals (kind `doel`) follow `owner_id` the same way."""

    owner_id: int | None = None
    all_domains: bool = True
    seen: ColumnElement[bool] | None = None


def _where(scope: Scope) -> ColumnElement[bool]:
    if scope is None:
        return true()
    if isinstance(scope, ColumnElement):
        return scope
    ids = list(scope)
    return Worker.id.in_(ids) if ids else false()


@dataclass(frozen=True)
class Due:
    """Everything due, overdue first, with what its words need; the people and the words' context are read and
    built only for the lines shown (a list of everyone has a thousand items and shows forty)."""

    items: list[schedule.Due]
    context: dict  # _key(item) → a function of no arguments that makes the item's Context

    def lines(self, shown: slice = slice(None)) -> list[Line]:
        """The items in `shown` (a page of a long list) with their workers: one query."""
        items = self.items[shown]
        people = {w.id: w for w in db.session.scalars(select(Worker).where(Worker.id.in_({i.worker_id for i in items})))} \
            if items else {}
        return [Line(item, people[item.worker_id], self.context[_key(item)]()) for item in items]


def _key(item: schedule.Due) -> tuple:
    if item.kind == "intake":
        return ("intake", item.worker_id)
    if item.kind in ("actiepunt", "doel"):
        return (item.kind, item.ref)
    if item.kind == "training":
        return ("training", item.ref, item.worker_id)
    return ("nazorg", item.ref) if item.kind == "nazorg" else ("enrolment", item.ref)


def due_list(on: date, days: int = 7, scope: Scope = None, actions: Actions = Actions()) -> list[Line]:
    """Everything due on or before `on + days` for the active workers in `scope` (a Worker clause, ids, or None for
    all), overdue first; seven queries however many workers there are."""
    return due(on, days, scope, actions).lines()


def due(on: date, days: int = 7, scope: Scope = None, actions: Actions = Actions()) -> Due:
    """What `due_list` lists, before its people are read: seven queries (enrolments, their method versions, intakes,
    follow-ups, action points, agreed goals, missed trainings), read as plain rows (no ORM objects)."""
    where = _where(scope)
    enrolments, intakes, follow_ups, context = [], [], [], {}
    db.session.flush()  # plain rows skip the ORM's autoflush: what this request changed must count
    run = db.session.connection().execute
    last_review = (select(Review.enrolment_id, func.max(Review.held_on).label("held_on"))
                   .group_by(Review.enrolment_id).subquery())
    phases = select(Phase.module_id, func.count(Phase.id).label("count")).group_by(Phase.module_id).subquery()
    rows = run(
        select(Enrolment.id, Enrolment.worker_id, Enrolment.start_date, Enrolment.extension_months,
               Enrolment.trial_until, Enrolment.trial_result, Module.name, Module.review_months,
               Module.duration_months, Phase.number, Phase.name, Phase.duration_months,
               last_review.c.held_on, phases.c.count, Enrolment.method_version_id, Module.code,
               Module.max_months, Phase.max_months.label("phase_max"))
        .join(Worker, Worker.id == Enrolment.worker_id).join(Module, Module.id == Enrolment.module_id)
        .outerjoin(Phase, Phase.id == Enrolment.phase_id)
        .outerjoin(last_review, last_review.c.enrolment_id == Enrolment.id)
        .outerjoin(phases, phases.c.module_id == Module.id)
        .where(Enrolment.end_date.is_(None), Worker.active.is_(True), where)).all()
    versions = _versions({row.method_version_id for row in rows} - {None})
    for row in rows:
        (enrolment_id, worker_id, start, extension, trial_until, trial_result, module, review_months, module_months,
         phase_number, phase_name, phase_months, reviewed, phase_count, version_id, module_code, module_max,
         phase_max) = row
        durations = versions.get(version_id, {}).get((module_code, phase_number))
        if durations is not None:  # the version the enrolment started under decides, not the newest file
            review_months, duration, maximum = durations
        else:
            duration = phase_months if phase_months is not None else module_months
            maximum = phase_max if phase_max is not None else module_max
        enrolments.append(schedule.EnrolmentFacts(
            enrolment_id, worker_id, start, review_months, duration, extension or 0, reviewed,
            trial_until if trial_result is None else None, maximum))
        context[("enrolment", enrolment_id)] = partial(_enrolment_context, row)
    for worker_id, created_at, first in run(
            select(Worker.id, Worker.created_at, _first_attended(Worker.id).correlate(Worker).scalar_subquery())
            .where(Worker.intake_pending.is_(True), Worker.active.is_(True), where)):
        intakes.append(_intake_facts(worker_id, first, created_at))
        context[("intake", worker_id)] = partial(Context, first_attended=first is not None)
    for follow_up_id, worker_id, due_on, exit_day in run(
            select(FollowUp.id, FollowUp.worker_id, FollowUp.due_on, Enrolment.end_date)
            .join(Worker, Worker.id == FollowUp.worker_id).join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
            .where(FollowUp.done_on.is_(None), where)):
        follow_ups.append(schedule.FollowUpFacts(follow_up_id, worker_id, due_on))
        context[("nazorg", follow_up_id)] = partial(Context, exit_day=exit_day)
    points = []
    for action_id, worker_id, due_on, text, domain, code, kind, staff, outside in run(_open_actions(where, actions)).all():
        points.append(schedule.ActionFacts(action_id, worker_id, due_on))
        owner = domains.owner_words(kind, staff, outside)
        context[("actiepunt", action_id)] = partial(Context, domain=domain, domain_code=code, action=text, owner=owner)
    goals = []
    for goal_id, worker_id, due_on, text, item, owner in run(_open_goals(where, actions)).all():
        goals.append(schedule.GoalFacts(goal_id, worker_id, due_on))
        context[("doel", goal_id)] = partial(Context, action=text, owner=owner, item=item)
    trainings = _missed_sessions(where, context, run)
    return Due(schedule.due_items(on, enrolments, intakes, follow_ups, days=days, actions=points, goals=goals,
                                  trainings=trainings), context)


def _open_goals(where: ColumnElement[bool], actions: Actions):
    """The open checklist goals owned by staff with a date, for the list `actions` names (on "Mijn medewerkers"
    the ones I own): one query. Checklists are for supervisors and counsellors alike, so no domain rule here."""
    query = (select(ChecklistGoal.id, ChecklistGoal.worker_id, ChecklistGoal.due_on, ChecklistGoal.text,
                    ChecklistGoal.item, Staff.name)
             .join(Staff, Staff.id == ChecklistGoal.owner_staff_id)
             .join(Worker, Worker.id == ChecklistGoal.worker_id)
             .where(ChecklistGoal.owner_kind == "staff", ChecklistGoal.due_on.is_not(None),
                    ChecklistGoal.done_on.is_(None), Worker.active.is_(True)))
    if actions.owner_id is not None:
        return query.where(ChecklistGoal.owner_staff_id == actions.owner_id)
    return query.where(where)


def _missed_sessions(where: ColumnElement[bool], context: dict, run) -> list[schedule.TrainingFacts]:
    """The training sessions the workers in scope missed, per worker and series: one query."""
    last = (select(func.max(TrainingSession.date)).where(TrainingSession.series_id == TrainingSeries.id)
            .correlate(TrainingSeries).scalar_subquery())
    missed: dict[tuple[int, int], list] = {}
    names, ends = {}, {}
    for worker_id, series_id, day, name, last_day in run(
            select(SessionAttendance.worker_id, TrainingSeries.id, TrainingSession.date, TrainingSeries.name, last)
            .join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
            .join(TrainingSeries, TrainingSeries.id == TrainingSession.series_id)
            .join(Worker, Worker.id == SessionAttendance.worker_id)
            .where(SessionAttendance.status == MISSED, Worker.active.is_(True), where)).all():
        missed.setdefault((series_id, worker_id), []).append(day)
        names[series_id], ends[series_id] = name, last_day
    facts = []
    for (series_id, worker_id), days in missed.items():
        facts.append(schedule.TrainingFacts(series_id, worker_id, tuple(sorted(days)), ends[series_id]))
        context[("training", series_id, worker_id)] = partial(Context, missed=tuple(sorted(days)), series=names[series_id])
    return facts


def _enrolment_context(row) -> Context:
    """The words of an enrolment's item (module, and phase when the module has several) from its row in `due`."""
    (_, _, _, extension, _, _, module, _, _, phase_number, phase_name, _, reviewed, phase_count, *_rest) = row
    several = (phase_count or 0) > 1
    return Context(module, phase_number if several else None, (phase_name or "") if several else "",
                   reviewed=reviewed, extension=extension or 0)


def _versions(ids: set[int]) -> dict[int, dict[tuple, tuple]]:
    """Per method version, (module code, phase number or None) → (review cadence, duration, maximum) as that
    version's file had them: one query for all the versions the list's enrolments started under."""
    found: dict[int, dict[tuple, tuple]] = {}
    if not ids:
        return found
    for version_id, content in db.session.execute(select(MethodVersion.id, MethodVersion.content)
                                                  .where(MethodVersion.id.in_(ids))):
        table = found[version_id] = {}
        for module in json.loads(content).get("modules", []):
            review = module.get("review_months")
            table[(module.get("code"), None)] = (review, module.get("duration_months"), module.get("max_months"))
            for phase in module.get("phases", []):
                table[(module.get("code"), phase.get("number"))] = (
                    review, phase.get("duration_months", module.get("duration_months")),
                    phase.get("max_months", module.get("max_months")))
    return found


def _open_actions(where: ColumnElement[bool], actions: Actions):
    """The open action points `actions` asks for: one query, their newest versions only. One owned by the worker or
    an outside party ("schuldhulpverlening") is followed up by the worker's trajectbegeleider: it is on their
    "Mijn medewerkers", under the owner's name, as a staff member's own are on theirs."""
    newest = select(func.max(ActionVersion.id)).group_by(ActionVersion.action_id)
    query = (select(ActionPoint.id, ActionPoint.worker_id, ActionVersion.due_on, ActionVersion.text, LifeDomain.name,
                    LifeDomain.code, ActionVersion.owner_kind, Staff.name, ActionVersion.owner_name)
             .join(ActionVersion, ActionVersion.action_id == ActionPoint.id)
             .join(LifeDomain, LifeDomain.id == ActionPoint.domain_id)
             .outerjoin(Staff, Staff.id == ActionVersion.owner_staff_id)
             .join(Worker, Worker.id == ActionPoint.worker_id)
             .where(ActionVersion.id.in_(newest), ActionVersion.done_on.is_(None), Worker.active.is_(True)))
    if actions.owner_id is not None:
        return query.where(or_(ActionVersion.owner_staff_id == actions.owner_id,
                               (ActionVersion.owner_kind != "staff") & (Worker.counsellor_id == actions.owner_id)))
    query = query.where(where) if actions.seen is None else query.where(where, actions.seen)
    if not actions.all_domains:
        query = query.where(LifeDomain.supervisors.is_(True))
    return query


def _first_attended(worker_id):
    """The first day attended by the worker `worker_id` names (an id, or `Worker.id` in a correlated subquery)."""
    return select(func.min(Attendance.date)).where(Attendance.worker_id == worker_id, attended_filter())


def _intake_facts(worker_id: int, first_attended: date | None, created_at) -> schedule.IntakeFacts:
    return schedule.IntakeFacts(worker_id, first_attended, clock.local(created_at).date())


def intake_due(worker: Worker) -> date:
    """When this one worker's intake is due (the work list's rule, schedule.IntakeFacts.due): the card's badge."""
    return _intake_facts(worker.id, db.session.scalar(_first_attended(worker.id)), worker.created_at).due


def worker_matches(worker_id: int, where: ColumnElement[bool]) -> bool:
    """Does this worker meet the condition (`access.clause`)?"""
    return db.session.scalar(select(Worker.id).where(Worker.id == worker_id, where)) is not None
