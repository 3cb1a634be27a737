"""Reading trajectories: what is due (the counsellor's work list), built from the database in a constant number of
queries, whatever the number of workers: the rules themselves are schedule.py's."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, false, func, or_, select, true

from .. import clock
from ..attendance.models import Attendance
from ..attendance.queries import attended_filter
from ..auth.models import Staff
from ..extensions import db
from ..org.models import DagdeelBlock, Workshop
from ..workers.models import ScheduleSlot, Worker
from . import schedule
from .domain_models import ActionPoint, ActionVersion, LifeDomain
from .models import Enrolment, FollowUp, Module, Phase, Review

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
    owner: str = ""  # actiepunt: the staff member who owns it


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


def at_site(site_id: int | None) -> ColumnElement[bool]:
    """The workers of a site: those with a dagdeel of that site's workshops in their weekly schedule, and the
    newcomers nobody guides yet (they have no schedule). Staff without a site (organisation-wide) get everyone."""
    if site_id is None:
        return true()
    return or_(newcomer(), Worker.id.in_(
        select(ScheduleSlot.worker_id).join(DagdeelBlock, DagdeelBlock.id == ScheduleSlot.block_id)
        .join(Workshop, Workshop.id == DagdeelBlock.workshop_id).where(Workshop.site_id == site_id)))


@dataclass(frozen=True)
class Actions:
    """Which open staff-owned life-domain action points a list holds: with `owner_id`, only that staff member's
    own, whichever worker they are for ("Mijn medewerkers"); else every staff-owned one of the workers in scope.
    Without `all_domains` only those in domains the method file opens to supervisors (a supervisor's list)."""

    owner_id: int | None = None
    all_domains: bool = True


def _where(scope: Scope) -> ColumnElement[bool]:
    if scope is None:
        return true()
    if isinstance(scope, ColumnElement):
        return scope
    ids = list(scope)
    return Worker.id.in_(ids) if ids else false()


@dataclass(frozen=True)
class Due:
    """Everything due, overdue first, with what its words need; the people are read only for the lines shown."""

    items: list[schedule.Due]
    context: dict

    def lines(self, shown: slice = slice(None)) -> list[Line]:
        """The items in `shown` (a page of a long list) with their workers: one query."""
        items = self.items[shown]
        people = {w.id: w for w in db.session.scalars(select(Worker).where(Worker.id.in_({i.worker_id for i in items})))} \
            if items else {}
        return [Line(item, people[item.worker_id], self.context[_key(item)]) for item in items]


def _key(item: schedule.Due) -> tuple:
    if item.kind == "intake":
        return ("intake", item.worker_id)
    if item.kind == "actiepunt":
        return ("actiepunt", item.ref)
    return ("nazorg", item.ref) if item.kind == "nazorg" else ("enrolment", item.ref)


def due_list(on: date, days: int = 7, scope: Scope = None, actions: Actions = Actions()) -> list[Line]:
    """Everything due on or before `on + days` for the active workers in `scope` (a Worker clause, ids, or None for
    all), overdue first; six queries however many workers there are."""
    return due(on, days, scope, actions).lines()


def due(on: date, days: int = 7, scope: Scope = None, actions: Actions = Actions()) -> Due:
    """What `due_list` lists, before its people are read: five queries."""
    where = _where(scope)
    enrolments, intakes, follow_ups, context = [], [], [], {}
    last_review = (select(func.max(Review.held_on)).where(Review.enrolment_id == Enrolment.id)
                   .correlate(Enrolment).scalar_subquery())
    phases = select(func.count(Phase.id)).where(Phase.module_id == Module.id).correlate(Module).scalar_subquery()
    for row in db.session.execute(
            select(Enrolment.id, Enrolment.worker_id, Enrolment.start_date, Enrolment.extension_months,
                   Enrolment.trial_until, Enrolment.trial_result, Module.name, Module.review_months,
                   Module.duration_months, Phase.number, Phase.name, Phase.duration_months,
                   last_review.label("last_review"), phases.label("phases"))
            .join(Worker, Worker.id == Enrolment.worker_id).join(Module, Module.id == Enrolment.module_id)
            .outerjoin(Phase, Phase.id == Enrolment.phase_id)
            .where(Enrolment.end_date.is_(None), Worker.active.is_(True), where)):
        (enrolment_id, worker_id, start, extension, trial_until, trial_result, module, review_months, module_months,
         phase_number, phase_name, phase_months, reviewed, phase_count) = row
        enrolments.append(schedule.EnrolmentFacts(
            enrolment_id, worker_id, start, review_months,
            phase_months if phase_months is not None else module_months, extension or 0, reviewed,
            trial_until if trial_result is None else None))
        several = phase_count > 1
        context[("enrolment", enrolment_id)] = Context(
            module, phase_number if several else None, (phase_name or "") if several else "", reviewed=reviewed,
            extension=extension or 0)
    first_day = (select(func.min(Attendance.date)).where(Attendance.worker_id == Worker.id, attended_filter())
                 .correlate(Worker).scalar_subquery())
    for worker_id, created_at, first in db.session.execute(
            select(Worker.id, Worker.created_at, first_day)
            .where(Worker.intake_pending.is_(True), Worker.active.is_(True), where)):
        intakes.append(schedule.IntakeFacts(worker_id, first, clock.local(created_at).date()))
        context[("intake", worker_id)] = Context(first_attended=first is not None)
    for follow_up_id, worker_id, due_on, exit_day in db.session.execute(
            select(FollowUp.id, FollowUp.worker_id, FollowUp.due_on, Enrolment.end_date)
            .join(Worker, Worker.id == FollowUp.worker_id).join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
            .where(FollowUp.done_on.is_(None), where)):
        follow_ups.append(schedule.FollowUpFacts(follow_up_id, worker_id, due_on))
        context[("nazorg", follow_up_id)] = Context(exit_day=exit_day)
    points = []
    for action_id, worker_id, due_on, text, domain, code, owner in db.session.execute(_open_actions(where, actions)):
        points.append(schedule.ActionFacts(action_id, worker_id, due_on))
        context[("actiepunt", action_id)] = Context(domain=domain, domain_code=code, action=text, owner=owner)
    return Due(schedule.due_items(on, enrolments, intakes, follow_ups, days=days, actions=points), context)


def _open_actions(where: ColumnElement[bool], actions: Actions):
    """The open action points owned by staff that `actions` asks for: one query, their newest versions only."""
    newest = select(func.max(ActionVersion.id)).group_by(ActionVersion.action_id)
    query = (select(ActionPoint.id, ActionPoint.worker_id, ActionVersion.due_on, ActionVersion.text, LifeDomain.name,
                    LifeDomain.code, Staff.name)
             .join(ActionVersion, ActionVersion.action_id == ActionPoint.id)
             .join(LifeDomain, LifeDomain.id == ActionPoint.domain_id)
             .join(Staff, Staff.id == ActionVersion.owner_staff_id)
             .join(Worker, Worker.id == ActionPoint.worker_id)
             .where(ActionVersion.id.in_(newest), ActionVersion.done_on.is_(None), Worker.active.is_(True)))
    if actions.owner_id is not None:
        return query.where(ActionVersion.owner_staff_id == actions.owner_id)
    query = query.where(where)
    if not actions.all_domains:
        query = query.where(LifeDomain.supervisors.is_(True))
    return query
