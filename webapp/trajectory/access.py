"""Who may see which workers, rounds, boards and payouts: the site rule (issue 18, item 4) and who may read a worker's
checklists and life domains (issue 16, item 7). One rule, here.

Staff belong to one or more sites (`Staff.sites`); an admin, and staff an admin granted "alle vestigingen"
(`Staff.all_sites`), see every site. Staff with no site and no grant see nothing that belongs to a site: they get a
Dutch hint to ask an admin (`NO_SITE`).

A worker's sites (`queries.at_sites`): the sites of the workshops in their weekly schedule and the site of their
shelter (Loon naar Werken people come by bus and have no schedule); a newcomer from the bus round is at the site of the
shelter they were picked up at. A worker with no site at all (just added, no schedule nor shelter yet) belongs to no
other site and is seen by everyone who may see workers.

- `seen`: the workers a staff member may see at all (lists, search, card, photo, exports, payouts): the workers of
  their sites; a counsellor also the workers assigned to them; deactivated workers only counsellors and admins.
- `clause`: of those, whose checklists and life domains: a counsellor's and a supervisor's `seen`; an admin's
  everyone; an assistant's no one. Which life domains a supervisor sees on top of this is the method file's setting
  (`domains.may_see`).
- Objects out of sight answer 404, not 403 (`workers.queries.get_or_404` and `by_reference` ask `visible` for
  every worker a page loads; `in_my_sites_or_404` for workshops and rounds, by the bus's site): a page must not
  confirm that a worker of another site exists. Lists filter (`seen_by_me`, `of_my_sites`, `mine`); the payout lists
  and exports use `placed` (deactivated workers' money stays in the totals). A cash box is its staff member's, so it
  belongs to their sites: a supervisor checks the boxes of colleagues they share a site with (`shares_a_site`). Buses and shelters of no site are shared. The trajectory pages of a worker one may see but not read keep their Dutch 403
  (`worker_or_403`). The command-line exports stay organisation-wide."""
from typing import NoReturn

from flask import abort
from flask_login import current_user
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, false, or_, true

from ..audit.operations import refused
from ..auth import roles
from ..extensions import db
from ..workers import queries as workers
from ..workers.models import Worker
from . import queries

NOT_YOURS = _l("Deze medewerker hoort niet bij jouw team. Vraag de trajectbegeleider of een beheerder als je "
               "denkt dat dit niet klopt.")
NO_SITE = _l("Je account hoort nog bij geen enkele vestiging, dus je ziet geen medewerkers, rondes, werkvloeren of "
             "uitbetalingen. Vraag een beheerder om je vestiging in te stellen.")


def site_ids(staff) -> frozenset[int] | None:
    """The sites this staff member works for; None for every site (an admin, or the "alle vestigingen" grant)."""
    if staff.role == roles.ADMIN or staff.all_sites:
        return None
    return frozenset(site.id for site in staff.sites)


def without_site(staff) -> bool:
    """True for staff who see nothing site-bound yet (the page shows `NO_SITE`)."""
    return site_ids(staff) == frozenset()


def at_my_sites(staff, column) -> ColumnElement[bool]:
    """A condition on a site column (Workshop.site_id, Bus.site_id): one of this staff member's sites, or none (a
    bus or shelter of no site is shared by every site)."""
    ids = site_ids(staff)
    return true() if ids is None else or_(column.in_(ids), column.is_(None)) if ids else false()


def may_use_site(staff, site_id: int | None) -> bool:
    """Does this staff member work for this site (see `at_my_sites`)?"""
    ids = site_ids(staff)
    return ids is None or (bool(ids) and (site_id is None or site_id in ids))


def shares_a_site(staff, other) -> bool:
    """Do these two staff members work for a common site (every site counts for an admin or the grant)? A cash box
    belongs to the sites of the staff member who carries it (`payouts.models.CashBox.may_handle`)."""
    mine, theirs = site_ids(staff), site_ids(other)
    if mine is None or theirs is None:
        return mine != frozenset() and theirs != frozenset()
    return bool(mine & theirs)


def _signed_in() -> bool:
    """Is a staff member logged in? Outside a request (the command line, the demo loader) nothing is narrowed."""
    return bool(current_user) and current_user.is_authenticated


def no_site_hint() -> str:
    """The Dutch hint for a logged-in staff member who sees nothing site-bound yet, else "" (base.html shows it)."""
    return str(NO_SITE) if _signed_in() and without_site(current_user) else ""


def _refused(status: int, worker_id: int | None, detail: str, description: str | None = None):
    """Refuse (404 or 403) and say so in the access log (ASVS 16.3.2, NEN 7513: attempts count too). The request's
    own unsaved changes go: a refused request records nothing but the refusal."""
    refused(db.session.get(Worker, worker_id) if worker_id else None, detail)
    abort(status, description=description)


def in_my_sites_or_404(site_id: int | None) -> None:
    """A 404 unless the logged-in staff member works for this site (a workshop's, a round's bus's)."""
    if _signed_in() and not may_use_site(current_user, site_id):
        _refused(404, None, "andere vestiging")


def mine(items: list) -> list:
    """Of these workshops, buses or shelters, those of the logged-in staff member's sites (the short pick lists)."""
    return [item for item in items if not _signed_in() or may_use_site(current_user, item.site_id)]


def of_my_sites(column) -> ColumnElement[bool]:
    """`at_my_sites` for the logged-in staff member."""
    return at_my_sites(current_user, column) if _signed_in() else true()


def seen_by_me() -> ColumnElement[bool]:
    """`seen` for the logged-in staff member: the condition every worker list and search adds."""
    return seen(current_user) if _signed_in() else true()


def placed_for_me() -> ColumnElement[bool]:
    """`placed` for the logged-in staff member: the condition the payout lists and exports add."""
    return placed(current_user) if _signed_in() else true()


def visible_to_me(worker_id: int) -> bool:
    """`visible` for the logged-in staff member (everyone outside a request)."""
    return not _signed_in() or visible(current_user, worker_id)


def in_sight_or_404(worker_id: int) -> None:
    """A 404 unless the logged-in staff member may see this worker (`workers.queries.get_or_404` asks)."""
    if not visible_to_me(worker_id):
        _refused(404, worker_id, "buiten zicht: andere vestiging of uit dienst")


def placed_or_404(worker_id: int | None) -> NoReturn:
    """The 404 for a worker the work floor's writes name who is not among the logged-in staff member's `placed`
    (`workers.queries.by_reference` asks `placed_for_me` in its own query): in the access log when they exist."""
    if worker_id and db.session.get(Worker, worker_id) is not None:
        _refused(404, worker_id, "andere vestiging")
    abort(404)


def placed(staff) -> ColumnElement[bool]:
    """The workers of this staff member's sites (a counsellor's own wherever they are), active or not: what the
    payout lists and exports hold (money paid to someone since deactivated stays in the period's totals)."""
    ids = site_ids(staff)
    if ids is None:
        return true()
    at = queries.at_sites(ids) if ids else false()
    return or_(Worker.counsellor_id == staff.id, at) if staff.role == roles.COUNSELLOR else at


def sees_deactivated(staff) -> bool:
    """Deactivated workers (their card, their phone number) are for counsellors and admins only."""
    return staff.role in (roles.COUNSELLOR, roles.ADMIN)


def seen(staff) -> ColumnElement[bool]:
    """The workers this staff member may see at all, as a condition on `Worker`: `placed`, and deactivated workers
    for counsellors and admins only."""
    if sees_deactivated(staff):
        return placed(staff)
    return and_(Worker.active.is_(True), placed(staff))


def team(staff) -> ColumnElement[bool]:
    """The workers of this staff member's own sites (the work list's "Team"): `seen` less a counsellor's own workers
    elsewhere. One condition, not `at_sites & seen`, which PostgreSQL asked twice per worker (≈ 2 ms of the list)."""
    ids = site_ids(staff)
    if ids is None:
        return seen(staff)
    at = queries.at_sites(ids) if ids else false()
    return at if sees_deactivated(staff) else and_(Worker.active.is_(True), at)


def clause(staff) -> ColumnElement[bool]:
    """The workers whose checklists and life domains this staff member may read, as a condition on `Worker`."""
    if staff.role in (roles.ADMIN, roles.SUPERVISOR, roles.COUNSELLOR):
        return seen(staff)
    return false()


def may_see(staff, worker_id: int) -> bool:
    return queries.worker_matches(worker_id, clause(staff))


def visible(staff, worker_id: int) -> bool:
    """May this staff member see this worker at all (`workers.queries.get_or_404` asks, for every page)?"""
    return queries.worker_matches(worker_id, seen(staff))


def worker_or_403(worker_id: int, staff) -> Worker:
    """The worker (404 when there is none or out of sight), or the Dutch 403 when this staff member may see them
    but not read their checklists and life domains."""
    worker = workers.get_or_404(worker_id)
    refuse_unless(staff, worker.id)
    return worker


def refuse_unless(staff, worker_id: int) -> None:
    """Nothing when this staff member may read the worker's checklists and life domains; else a 404 for a worker
    out of sight, the Dutch 403 for one they see but may not read."""
    if not may_see(staff, worker_id):
        if not visible(staff, worker_id):
            _refused(404, worker_id, "buiten zicht: andere vestiging of uit dienst")
        _refused(403, worker_id, "checklists en leefgebieden: niet van dit team", str(NOT_YOURS))
