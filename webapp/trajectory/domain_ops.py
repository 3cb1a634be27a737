"""The life domains in the database: who may see which, a worker's domains and action points, the changes that
add a version (each in the access log), the overleg's rows and the `domains export` CSV. The rules are domains.py's."""
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select, true

from .. import clock, csvfiles, parse
from ..audit.operations import record
from ..auth import roles
from ..auth.models import Staff
from ..errors import Refused, refused_as
from ..extensions import db
from ..formatting import day_year
from ..org.models import DagdeelBlock, Workshop
from ..workers import rules as name_rules
from ..workers.models import ScheduleSlot, Worker
from . import access, domains
from .domain_models import ActionPoint, ActionVersion, DomainVersion, LifeDomain, OverlegMark
from .models import Enrolment, Module

TEXT_MAX = 2000  # situation and goals
ACTION_MAX = 300
NAME_MAX = 120
NOTE_MAX = 500
CSV_COLUMNS = ["external_id", "domain", "status", "open_actions", "overdue_actions"]


# --- who sees what ---------------------------------------------------------------------------------------------

def all_domains() -> list[LifeDomain]:
    return db.session.scalars(select(LifeDomain).order_by(LifeDomain.method_id, LifeDomain.position)).all()


def visible(staff, worker: Worker | None = None) -> list[LifeDomain]:
    """The domains this staff member may see, in the method file's order: those of the worker's method (of their
    latest enrolment), else of the first method loaded that has domains (the overleg's columns)."""
    found = all_domains()
    method_id = _method_of(worker, found)
    return [d for d in found if d.method_id == method_id and domains.may_see(staff.role, d.supervisors)]


def _method_of(worker: Worker | None, found: list[LifeDomain]) -> int | None:
    if worker is None or worker.id is None:
        return min({d.method_id for d in found}, default=None)
    return _methods_of([worker.id], found)[worker.id]


def _methods_of(worker_ids: list[int], found: list[LifeDomain]) -> dict[int, int | None]:
    """`_method_of` for many workers in one query: the method of each one's latest enrolment when it has domains,
    else the first method loaded that has them."""
    with_domains = {d.method_id for d in found}
    latest: dict[int, tuple] = {}
    for worker_id, start, enrolment_id, method_id in db.session.execute(
            select(Enrolment.worker_id, Enrolment.start_date, Enrolment.id, Module.method_id)
            .join(Module, Module.id == Enrolment.module_id).where(Enrolment.worker_id.in_(worker_ids))):
        if worker_id not in latest or (start, enrolment_id) > latest[worker_id][:2]:
            latest[worker_id] = (start, enrolment_id, method_id)
    fallback = min(with_domains, default=None)
    return {worker_id: latest[worker_id][2] if worker_id in latest and latest[worker_id][2] in with_domains else fallback
            for worker_id in worker_ids}


def domain_or_404(code: str, staff) -> LifeDomain:
    """The domain with this code (404 when none), or a 403 when this staff member may not see it."""
    domain = db.session.scalar(select(LifeDomain).where(LifeDomain.code == code).order_by(LifeDomain.id).limit(1))
    if domain is None:
        abort(404)
    if not domains.may_see(staff.role, domain.supervisors):
        abort(403)
    return domain


def action_or_404(action_id: int, staff) -> ActionPoint:
    action = db.session.get(ActionPoint, action_id) or abort(404)
    if not domains.may_see(staff.role, action.domain.supervisors):
        abort(403)
    return action


def owner_words(version: ActionVersion, worker: Worker | None = None) -> str:
    """Who owns an action point or an agreed checklist goal, in words (domains.owner_words)."""
    return domains.owner_words(version.owner_kind, version.owner_staff.name if version.owner_staff else None,
                               version.owner_name, worker.display_name if worker else None)


# --- one worker's domains --------------------------------------------------------------------------------------

def current(worker_ids) -> dict[tuple[int, int], DomainVersion]:
    """(worker_id, domain_id) → the newest version, for these workers: one query."""
    ids = list(worker_ids)
    if not ids:
        return {}
    newest = (select(func.max(DomainVersion.id)).where(DomainVersion.worker_id.in_(ids))
              .group_by(DomainVersion.worker_id, DomainVersion.domain_id))
    return {(v.worker_id, v.domain_id): v for v in db.session.scalars(select(DomainVersion).where(DomainVersion.id.in_(newest)))}


def history(worker: Worker, domain: LifeDomain) -> list[DomainVersion]:
    return db.session.scalars(select(DomainVersion).where(DomainVersion.worker_id == worker.id,
                                                          DomainVersion.domain_id == domain.id)
                              .order_by(DomainVersion.id)).all()


@dataclass(frozen=True)
class Action:
    """An action point as it is now: its newest version, and whether it is overdue."""

    point: ActionPoint
    now: ActionVersion
    owner: str
    overdue: bool


def actions(worker: Worker, domain_ids, on: date) -> list[Action]:
    """The worker's action points in these domains, open first (by due date), then done (latest first)."""
    points = db.session.scalars(select(ActionPoint).where(ActionPoint.worker_id == worker.id,
                                                          ActionPoint.domain_id.in_(list(domain_ids)))).all()
    found = [Action(p, p.versions[-1], owner_words(p.versions[-1], worker),
                    domains.overdue(p.versions[-1].due_on, p.versions[-1].done_on, on)) for p in points if p.versions]
    open_ = sorted((a for a in found if a.now.done_on is None), key=lambda a: (a.now.due_on, a.point.id))
    done = sorted((a for a in found if a.now.done_on is not None), key=lambda a: (a.now.done_on, a.point.id), reverse=True)
    return open_ + done


@dataclass(frozen=True)
class Glance:
    """One domain on the trajectory page: its status (None = nothing recorded), and its open/overdue actions."""

    domain: LifeDomain
    version: DomainVersion | None
    open: int
    overdue: int


def glance(worker: Worker, staff, on: date) -> list[Glance]:
    """The domains this staff member may see, each with its current status and action counts."""
    shown = visible(staff, worker)
    now = current([worker.id])
    per_domain = defaultdict(list)
    for a in actions(worker, [d.id for d in shown], on):
        per_domain[a.point.domain_id].append(a)
    return [Glance(d, now.get((worker.id, d.id)),
                   sum(1 for a in per_domain[d.id] if a.now.done_on is None),
                   sum(1 for a in per_domain[d.id] if a.overdue)) for d in shown]


# --- changes: each adds a version ------------------------------------------------------------------------------

def save_domain(worker: Worker, domain: LifeDomain, by, status: str, situation: str, goals: str,
                client_id: str | None = None) -> DomainVersion:
    """A new version of the domain's situation, status and goals; nothing when nothing changed or the same form
    comes again (its client id)."""
    if client_id and (same := db.session.scalar(select(DomainVersion).where(DomainVersion.client_id == client_id))):
        return same
    if status not in domains.STATUSES:
        raise Refused(_("Kies hoe het gaat: stabiel, aandacht of knelpunt."), code="status")
    with refused_as("situation"):
        situation = parse.text(situation, limit=TEXT_MAX)
    with refused_as("goals"):
        goals = parse.text(goals, limit=TEXT_MAX)
    before = current([worker.id]).get((worker.id, domain.id))
    if before and (before.status, before.situation, before.goals) == (status, situation, goals):
        return before
    version = DomainVersion(worker_id=worker.id, domain_id=domain.id, status=status, situation=situation, goals=goals,
                            by_id=by.id if by else None, client_id=client_id)
    db.session.add(version)
    record("domain", worker, f"{domain.code}: {before.status if before else '—'} → {status}")
    return version


def parse_owner(raw: str, name: str, staff_ids) -> tuple[str, int | None, str]:
    """The owner a form names: 'staff:<id>', 'medewerker' or 'extern' (with the party's name)."""
    kind, _sep, ident = (raw or "").partition(":")
    if kind == "staff" and ident.isdigit() and int(ident) in staff_ids:
        return "staff", int(ident), ""
    if kind == "medewerker":
        return "medewerker", None, ""
    if kind == "extern":
        with refused_as("owner_name"):
            name = parse.text(name, limit=NAME_MAX)
        if not name:
            raise Refused(_("Schrijf wie het doet, bijvoorbeeld schuldhulpverlening."), code="owner_name")
        return "extern", None, name
    raise Refused(_("Kies wie het actiepunt oppakt."), code="owner")


def owners(domain: LifeDomain) -> list[Staff]:
    """The staff who may own an action point in this domain (owner_choices)."""
    return owner_choices(supervisors_see=domain.supervisors)


def owner_choices(supervisors_see: bool) -> list[Staff]:
    """The staff the owner lists offer (an action point's, a checklist goal's): the active counsellors, and the
    active supervisors when they may see what they would own (a checklist always; a life domain when the method file
    opens it to them: an action point of a closed one would be out of its owner's sight)."""
    kinds = (roles.COUNSELLOR, roles.SUPERVISOR) if supervisors_see else (roles.COUNSELLOR,)
    return db.session.scalars(select(Staff).where(Staff.active.is_(True), Staff.role.in_(kinds))
                              .order_by(Staff.name)).all()


def add_action(worker: Worker, domain: LifeDomain, by, text: str, owner: tuple[str, int | None, str],
               due_on: date | None, client_id: str | None = None) -> ActionPoint:
    """A new action point with its first version; the same form sent again is the same action point."""
    if client_id and (same := db.session.scalar(select(ActionPoint).where(ActionPoint.client_id == client_id))):
        return same
    text = _checked_action(text, due_on)
    point = ActionPoint(worker_id=worker.id, domain_id=domain.id, client_id=client_id)
    kind, staff_id, name = owner
    point.versions.append(ActionVersion(text=text, owner_kind=kind, owner_staff_id=staff_id, owner_name=name,
                                        due_on=due_on, by_id=by.id if by else None))
    db.session.add(point)
    record("action", worker, f"{domain.code}: nieuw actiepunt, klaar op {due_on.isoformat()}")
    return point


def _checked_action(text: str, due_on: date | None) -> str:
    """An action point's text, stripped; refused when empty or too long, or when it has no due date."""
    with refused_as("text"):
        text = parse.text(text, limit=ACTION_MAX)
    if not text:
        raise Refused(_("Schrijf wat er moet gebeuren."), code="text")
    if due_on is None:
        raise Refused(_("Geef een datum waarop het klaar moet zijn, bijvoorbeeld 30-11-2026."), code="due")
    return text


def edit_action(point: ActionPoint, by, text: str, owner: tuple[str, int | None, str], due_on: date | None,
                client_id: str | None = None) -> ActionVersion:
    """Change an action point's text, owner or due date: a new version (its done date as it was); nothing changed
    is no new version, and the same form sent again is the one version it made."""
    if client_id and (same := db.session.scalar(select(ActionVersion).where(ActionVersion.client_id == client_id))):
        return same
    text = _checked_action(text, due_on)
    now = point.versions[-1]
    kind, staff_id, name = owner
    if (now.text, now.owner_kind, now.owner_staff_id, now.owner_name, now.due_on) == (text, kind, staff_id, name,
                                                                                       due_on):
        return now
    version = ActionVersion(text=text, owner_kind=kind, owner_staff_id=staff_id, owner_name=name, due_on=due_on,
                            done_on=now.done_on, by_id=by.id if by else None, client_id=client_id)
    point.versions.append(version)
    record("action_edit", db.session.get(Worker, point.worker_id), f"{point.domain.code}: actiepunt gewijzigd")
    return version


def reopen_action(point: ActionPoint, by, client_id: str | None = None) -> ActionVersion:
    """Reopen a done action point (a new version without a done date): it is back on its owner's work list; an
    open one stays as it is."""
    if client_id and (same := db.session.scalar(select(ActionVersion).where(ActionVersion.client_id == client_id))):
        return same
    now = point.versions[-1]
    if now.done_on is None:
        return now
    version = ActionVersion(text=now.text, owner_kind=now.owner_kind, owner_staff_id=now.owner_staff_id,
                            owner_name=now.owner_name, due_on=now.due_on, done_on=None, by_id=by.id if by else None,
                            client_id=client_id)
    point.versions.append(version)
    record("action_reopen", db.session.get(Worker, point.worker_id), f"{point.domain.code}: actiepunt heropend")
    return version


def action_history(point: ActionPoint, worker: Worker) -> list[domains.Change]:
    """What each version of an action point changed (who, when, old → new), newest first."""
    states = [domains.ActionState(point.id, point.domain.name, v.at, v.by.name if v.by else "", v.text,
                                  owner_words(v, worker), v.due_on, v.done_on) for v in point.versions]
    today = clock.today()

    def day(value: str) -> str:
        return day_year(date.fromisoformat(value), today) if value else value

    return [replace(c, old=day(c.old), new=day(c.new)) if c.field in ("due", "gedaan", "heropend") else c
            for c in reversed(domains.action_changes(states))]


def tick_action(point: ActionPoint, by, on: date, client_id: str | None = None) -> ActionVersion:
    """Mark an action point done today (a new version); an action point already done stays as it is."""
    if client_id and (same := db.session.scalar(select(ActionVersion).where(ActionVersion.client_id == client_id))):
        return same
    now = point.versions[-1]
    if now.done_on is not None:
        return now
    version = ActionVersion(text=now.text, owner_kind=now.owner_kind, owner_staff_id=now.owner_staff_id,
                            owner_name=now.owner_name, due_on=now.due_on, done_on=on, by_id=by.id if by else None,
                            client_id=client_id)
    point.versions.append(version)
    record("action_done", db.session.get(Worker, point.worker_id), f"{point.domain.code}: actiepunt gedaan")
    return version


def mark_discussed(worker: Worker, by, note: str, client_id: str | None = None) -> OverlegMark:
    """"Besproken" in the overleg, with a short note; the same form sent again is one mark."""
    if client_id and (same := db.session.scalar(select(OverlegMark).where(OverlegMark.client_id == client_id))):
        return same
    with refused_as("note"):
        note = parse.text(note, limit=NOTE_MAX)
    mark = OverlegMark(worker_id=worker.id, note=note, by_id=by.id if by else None, client_id=client_id)
    db.session.add(mark)
    record("overleg", worker, "besproken")
    return mark


# --- the overleg -------------------------------------------------------------------------------------------------

def workers_of_workshop(workshop_id: int, seen=true()) -> list[Worker]:
    """The active workers with a dagdeel of this workshop in their weekly schedule (of those `seen`: access.clause)."""
    in_schedule = (select(ScheduleSlot.worker_id).join(DagdeelBlock, DagdeelBlock.id == ScheduleSlot.block_id)
                   .where(DagdeelBlock.workshop_id == workshop_id))
    return _by_last_name(db.session.scalars(select(Worker).where(Worker.active.is_(True),
                                                                 Worker.id.in_(in_schedule), seen)))


def workers_of_counsellor(staff_id: int, seen=true()) -> list[Worker]:
    return _by_last_name(db.session.scalars(select(Worker).where(Worker.active.is_(True),
                                                                 Worker.counsellor_id == staff_id, seen)))


def _by_last_name(workers) -> list[Worker]:
    """The overleg's order: by last name, its tussenvoegsels not counted (workers/rules.py sort_key)."""
    return sorted(workers, key=lambda w: (*name_rules.sort_key(w.roepnaam or w.first_name, w.last_name), w.id))


def workshops(staff) -> list[Workshop]:
    """The workshops whose overleg this staff member may open: their sites' (trajectory/access.py)."""
    query = select(Workshop).where(Workshop.active.is_(True), access.at_my_sites(staff, Workshop.site_id))
    return db.session.scalars(query.order_by(Workshop.name)).all()


def own_workshop(staff, remembered: int | None) -> int | None:
    """The workshop a supervisor's overleg opens on: the one their phone last opened on the work floor
    (attendance/floor.py), else the one of their sites with the most workers; None when they have none."""
    mine = [w.id for w in workshops(staff)]
    if remembered in mine or not mine:
        return remembered if mine else None
    sizes = dict(db.session.execute(
        select(DagdeelBlock.workshop_id, func.count(func.distinct(ScheduleSlot.worker_id)))
        .join(ScheduleSlot, ScheduleSlot.block_id == DagdeelBlock.id).join(Worker, Worker.id == ScheduleSlot.worker_id)
        .where(DagdeelBlock.workshop_id.in_(mine), Worker.active.is_(True)).group_by(DagdeelBlock.workshop_id)).all())
    return max(mine, key=lambda w: sizes.get(w, 0))  # ties: the first by name


def counsellors() -> list[Staff]:
    return db.session.scalars(select(Staff).where(Staff.active.is_(True), Staff.role == roles.COUNSELLOR)
                              .order_by(Staff.name)).all()


@dataclass
class OverlegRow:
    """A worker in the overleg: status per domain, what changed since the last "besproken", open action points."""

    worker: Worker
    statuses: list  # (LifeDomain, status or None)
    changes: list = field(default_factory=list)  # domains.Change
    open: list = field(default_factory=list)  # (Action-like: domain name, text, owner, due, overdue)
    last_mark: OverlegMark | None = None

    @property
    def to_discuss(self) -> bool:
        """Whether the overleg has something to say about this worker: a change since the last "besproken" or an
        open action point (the others are hidden unless all are asked for)."""
        return bool(self.changes or self.open)


@dataclass(frozen=True)
class OpenAction:
    domain: str
    text: str
    owner: str
    due: date
    overdue: bool


def overleg(people: list[Worker], staff, on: date) -> list[OverlegRow]:
    """The overleg's rows for these workers, in a fixed number of queries; each worker with the domains of their own
    method (a team can hold Relim and WEZM! people side by side)."""
    ids = [w.id for w in people]
    if not ids:
        return []
    found = all_domains()
    shown = [d for d in found if domains.may_see(staff.role, d.supervisors)]
    names = {d.id: d.name for d in shown}
    method_of = _methods_of(ids, found)
    now = current(ids)
    marks: dict[int, OverlegMark] = {}
    for mark in db.session.scalars(select(OverlegMark).where(OverlegMark.worker_id.in_(ids)).order_by(OverlegMark.id)):
        marks[mark.worker_id] = mark  # the newest wins
    domain_states, action_states, latest = defaultdict(list), defaultdict(list), {}
    staff_names = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    for v in db.session.scalars(select(DomainVersion).where(DomainVersion.worker_id.in_(ids),
                                                            DomainVersion.domain_id.in_(list(names)))):
        domain_states[v.worker_id].append(domains.DomainState(names[v.domain_id], v.at, staff_names.get(v.by_id, ""),
                                                              v.status, v.situation, v.goals))
    for point_worker, point_domain, v in db.session.execute(
            select(ActionPoint.worker_id, ActionPoint.domain_id, ActionVersion)
            .join(ActionVersion, ActionVersion.action_id == ActionPoint.id)
            .where(ActionPoint.worker_id.in_(ids), ActionPoint.domain_id.in_(list(names))).order_by(ActionVersion.id)):
        owner = domains.owner_words(v.owner_kind, staff_names.get(v.owner_staff_id), v.owner_name)
        state = domains.ActionState(v.action_id, names[point_domain], v.at, staff_names.get(v.by_id, ""), v.text, owner,
                                    v.due_on, v.done_on)
        action_states[point_worker].append(state)
        latest[v.action_id] = (point_worker, state)
    open_by_worker = defaultdict(list)
    for worker_id, state in latest.values():
        if state.done is None:
            open_by_worker[worker_id].append(OpenAction(state.domain, state.text, state.owner, state.due,
                                                        domains.overdue(state.due, state.done, on)))
    rows = []
    for person in people:
        mark = marks.get(person.id)
        own = [d for d in shown if d.method_id == method_of[person.id]]
        version = {d.id: now.get((person.id, d.id)) for d in own}
        rows.append(OverlegRow(
            person, [(d, version[d.id].status if version[d.id] else None) for d in own],
            domains.changed_since(domain_states[person.id], action_states[person.id], mark.at if mark else None),
            sorted(open_by_worker[person.id], key=lambda a: a.due), mark))
    return rows


# --- the export --------------------------------------------------------------------------------------------------

def export_csv(on: date) -> str:
    """Per worker and domain with anything recorded by the end of `on` (Dutch time): the status then, the action
    points open then and how many of those were overdue (`flask domains export --on`)."""
    end = datetime.combine(on + timedelta(days=1), time(), tzinfo=clock.LOCAL)
    status: dict[tuple, str] = {}
    for version_status, external_id, position, code in db.session.execute(
            select(DomainVersion.status, Worker.external_id, LifeDomain.position, LifeDomain.code)
            .join(LifeDomain, LifeDomain.id == DomainVersion.domain_id).join(Worker, Worker.id == DomainVersion.worker_id)
            .where(DomainVersion.at < end).order_by(DomainVersion.at, DomainVersion.id)):
        status[(external_id, position, code)] = version_status  # the newest by then wins
    latest: dict[int, tuple] = {}
    for point_id, due_on, done_on, external_id, position, code in db.session.execute(
            select(ActionPoint.id, ActionVersion.due_on, ActionVersion.done_on, Worker.external_id, LifeDomain.position,
                   LifeDomain.code)
            .join(ActionVersion, ActionVersion.action_id == ActionPoint.id)
            .join(LifeDomain, LifeDomain.id == ActionPoint.domain_id).join(Worker, Worker.id == ActionPoint.worker_id)
            .where(ActionVersion.at < end).order_by(ActionVersion.at, ActionVersion.id)):
        latest[point_id] = ((external_id, position, code), due_on, done_on)
    open_count, overdue_count = defaultdict(int), defaultdict(int)
    for key, due_on, done_on in latest.values():
        if done_on is None or done_on > on:
            open_count[key] += 1
            overdue_count[key] += due_on < on
    keys = sorted(set(status) | {key for key, _due, _done in latest.values()})
    return csvfiles.write(CSV_COLUMNS, [[external_id, code, status.get((external_id, position, code), ""),
                                         open_count[(external_id, position, code)],
                                         overdue_count[(external_id, position, code)]]
                                        for external_id, position, code in keys])
