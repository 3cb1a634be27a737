"""Who may see a worker's checklists and life domains (issue 16, item 7): one rule, here.

- a counsellor (trajectbegeleider): the workers assigned to them, and their site's team;
- a supervisor: their site's team;
- staff without a site: everyone (organisation-wide, today's assumption until issue 18 gives staff their sites);
- an admin: everyone; anyone else (assistants): no one.

A site's team is `queries.at_site`: the workers with a dagdeel of that site's workshops in their weekly schedule,
and the newcomers nobody guides yet (they have no schedule; the intake needs a counsellor). Which life domains a
supervisor sees on top of this is the method file's setting (`domains.may_see`). Issue 18 (least privilege per
site, several sites per staff member) extends `clause`; every page and list asks `clause`, `may_see` or
`worker_or_403`, so the rule stays in one place. The command-line exports stay organisation-wide."""
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, false, or_, true

from ..auth import roles
from ..workers import queries as workers
from ..workers.models import Worker
from . import queries

NOT_YOURS = _l("Deze medewerker hoort niet bij jouw team. Vraag de trajectbegeleider of een beheerder als je "
               "denkt dat dit niet klopt.")


def clause(staff) -> ColumnElement[bool]:
    """The workers this staff member may see, as a condition on `Worker` (for lists such as the overleg)."""
    if staff.role == roles.ADMIN or (staff.role in (roles.SUPERVISOR, roles.COUNSELLOR) and staff.site_id is None):
        return true()
    if staff.role == roles.COUNSELLOR:
        return or_(Worker.counsellor_id == staff.id, queries.at_site(staff.site_id))
    if staff.role == roles.SUPERVISOR:
        return queries.at_site(staff.site_id)
    return false()


def may_see(staff, worker_id: int) -> bool:
    return queries.worker_matches(worker_id, clause(staff))


def worker_or_403(worker_id: int, staff) -> Worker:
    """The worker (404 when there is none), or the Dutch 403 when this staff member may not see them."""
    worker = workers.get_or_404(worker_id)
    refuse_unless(staff, worker.id)
    return worker


def refuse_unless(staff, worker_id: int) -> None:
    if not may_see(staff, worker_id):
        abort(403, description=str(NOT_YOURS))
