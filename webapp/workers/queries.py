"""Finding workers: the one loader and the search."""
from flask import abort, g
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from .. import parse
from ..extensions import db
from ..trajectory.models import Enrolment, Module
from . import rules
from .models import Worker

WITH_ENROLMENT = selectinload(Worker.enrolments).joinedload(Enrolment.module).selectinload(Module.phases)
# The same in one query however many workers (selectin asks per 500); the result needs .unique().
WITH_ENROLMENT_JOINED = joinedload(Worker.enrolments).joinedload(Enrolment.module).selectinload(Module.phases)
# One worker's, all in the worker's own query (a tap's row).
WITH_ENROLMENT_ONE = joinedload(Worker.enrolments).joinedload(Enrolment.module).joinedload(Module.phases)


def get_or_404(worker_id: int) -> Worker:
    """The worker with this id, or a 404 page (also for a worker the logged-in staff member may not see)."""
    return in_sight(db.session.get(Worker, worker_id, options=[WITH_ENROLMENT]))


def in_sight(worker: Worker | None) -> Worker:
    """The worker, or a 404 when there is none or the logged-in staff member may not see them (another site, or
    deactivated: trajectory/access.py); 404 rather than 403, so a page does not confirm that they exist."""
    from ..trajectory import access  # the site rule reads schedules and shelters; it builds on this module

    if worker is None:
        abort(404)
    access.in_sight_or_404(worker.id)
    return worker


def worker_id_of(reference: str | None) -> int | None:
    """The worker id a phone's reference names: an id, or the client UUID of a sign-up made on the phone (in its one
    spelling; anything else names no one — never a query with what the client sent)."""
    from ..rounds.models import SignUp  # rounds builds on workers; only this lookup goes the other way

    reference = (reference or "").strip()
    if reference.isdigit():
        return parse.ident(reference, field="medewerker")  # past the integer range: a Dutch 4xx, not a 500
    try:
        client_id = parse.client_id(reference)
    except parse.BadInput:
        return None
    return db.session.scalar(select(SignUp.worker_id).where(SignUp.client_id == client_id)) if client_id else None


def by_reference(reference: str, *options) -> Worker:
    """The worker a phone names: by id, or, for someone signed up on the phone before the server knew
    them (a first-timer added offline), by the client UUID of that sign-up. A 404 when neither is known, or for a
    worker of another site. Loads the worker alone (with `options`, what the answer shows of them), in one query
    with the site rule: the writes that name someone need only who it is. These are
    the work floor's facts (a tap, a payment), so a worker deactivated since still counts: his worked day is not
    dropped (his card stays hidden from assistants and supervisors)."""
    from ..trajectory import access  # the site rule reads schedules and shelters; it builds on this module

    worker_id = worker_id_of(reference)
    worker = db.session.scalars(select(Worker).options(*options)
                                .where(Worker.id == (worker_id or 0), access.placed_for_me())).unique().one_or_none()
    return worker or access.placed_or_404(worker_id)


def containing(term: str) -> str:
    """A LIKE pattern for `term` anywhere, taken literally: a typed % or _ is a character, not a wildcard."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def name_matches(term: str):
    """First name, roepnaam or last name contain `term` (case-insensitive, literally)."""
    like = containing(term)
    return or_(*(column.ilike(like, escape="\\") for column in (Worker.first_name, Worker.roepnaam, Worker.last_name)))


def matches(q: str):
    """Every word of `q` is in the first name, roepnaam, last name or registration number: "Ruud El Idrissi" finds
    Ruud El Idrissi (the worker search and the Logboek's filter alike)."""
    return and_(true(), *(name_matches(term) | Worker.external_id.ilike(containing(term), escape="\\")
                          for term in q.split()))


def search(q: str = "", include_inactive: bool = False, limit: int = 100) -> list[Worker]:
    """Workers whose name, roepnaam or registration number matches, alphabetically (of those the logged-in staff
    member may see)."""
    from ..trajectory import access

    query = select(Worker).options(WITH_ENROLMENT).where(access.seen_by_me())
    if not include_inactive:
        query = query.where(Worker.active.is_(True))
    query = query.where(matches(q))
    shown = func.coalesce(func.nullif(Worker.roepnaam, ""), Worker.first_name)  # the name the list shows first
    # as people read a list: "Frans de Jong" before "Frans Willems" (not capitals first, as the bytes sort)
    return db.session.scalars(query.order_by(func.lower(shown), func.lower(Worker.last_name), Worker.external_id)
                              .limit(limit)).all()


def namesakes() -> set[str]:
    """The visible names that two or more active workers share; asked once per request."""
    if "namesakes" not in g:
        called = func.lower(func.coalesce(func.nullif(Worker.roepnaam, ""), Worker.first_name))
        last = func.lower(Worker.last_name)
        names = db.session.execute(select(called, last).where(Worker.active.is_(True))
                                   .group_by(called, last).having(func.count() > 1)).all()
        g.namesakes = {rules.name_key(rules.visible_name(first, first, surname)) for first, surname in names}
    return g.namesakes


def shares_name(worker: Worker) -> ColumnElement[bool]:
    """`namesakes` for one worker, as SQL: two or more active workers carry their visible name."""
    called = func.lower(func.coalesce(func.nullif(Worker.roepnaam, ""), Worker.first_name))
    return select(func.count()).where(
        Worker.active.is_(True), called == func.lower(worker.roepnaam or worker.first_name),
        func.lower(Worker.last_name) == func.lower(worker.last_name)).scalar_subquery() > 1


def only_names(worker: Worker, shared: bool) -> None:
    """For an answer that names this worker alone (a tap's row): what `namesakes` would say of them, asked with
    `shares_name` in a query the answer makes anyway."""
    g.namesakes = {rules.name_key(worker.display_name)} if shared else set()


def namesake_mark(worker: Worker) -> str:
    """The number that tells this worker from a namesake, or "" (the board keeps it visible beside a long name)."""
    return rules.namesake_mark(worker.display_name, worker.external_id, namesakes())


def list_name(worker: Worker) -> str:
    """How the lists call this worker: the visible name, with the number when a colleague has the same one."""
    return rules.list_name(worker.display_name, worker.external_id, namesakes())
