"""The counsellor's work list as the page shows it: whose workers (mine, my site's team, everyone), and a row per
due item with its words. Who sees which workers is decided here, once."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from .. import csvfiles
from ..auth import roles
from ..formatting import day_year
from ..workers.models import Worker
from . import access, labels, queries, schedule

DEFAULT_DAYS = 7
MAX_DAYS = 90  # the page looks at most this far ahead
MAX_ROWS = 100_000  # the furthest row a "Meer tonen" link may ask for
PAGE = 40  # rows per screenful of "Meer tonen": a phone reads no more at once, and a list of everyone stays quick
MAX_CLI_DAYS = schedule.MAX_DAYS  # the command line may look further ahead (a year)
CSV_COLUMNS = ["external_id", "kind", "due_date", "days_overdue", "description"]
AHEAD_ON_TRAJECTORY = 90  # "Wat komt eraan" on a worker's trajectory page
SCOPES = {"mijn": _l("Mijn medewerkers"), "team": _l("Team"), "alles": _l("Alles")}


@dataclass(frozen=True)
class Row:
    worker: Worker
    kind: str  # the code (schedule.KINDS)
    what: str
    due: date
    day: str  # 'ma 23 nov', with the year when it is not this year's
    when: str
    why: str
    overdue: bool
    domain_code: str = ""  # actiepunt: a tap opens the life domain
    action_id: int | None = None  # actiepunt: "Gedaan" on the work list ticks it done there


def scopes(staff) -> list[str]:
    """The filters this staff member may choose, the default first. Counsellors: their own workers, the team of
    their site, everyone; supervisors: the workers of their site's workshops only."""
    return ["mijn", "team", "alles"] if staff.role == roles.COUNSELLOR else ["team"]


def choose(staff, asked: str | None) -> str:
    """The filter asked for when this staff member may use it, else their default."""
    allowed = scopes(staff)
    return asked if asked in allowed else allowed[0]


def action_scope(staff, scope: str) -> queries.Actions:
    """Which action points the list holds: on "Mijn medewerkers" the ones I own; on Team/Alles every staff-owned
    one of the workers I may see (trajectory/access.py: "Alles" names everyone, but their action points are
    life-domain content); a supervisor only in the domains the method file opens to supervisors."""
    if scope == "mijn":
        return queries.Actions(owner_id=staff.id)
    return queries.Actions(all_domains=staff.role == roles.COUNSELLOR, seen=access.clause(staff))


def scope_clause(staff, scope: str):
    """Whose items the list holds, always of the workers this staff member may see (trajectory/access.py): "Team"
    is the workers of their sites, "Alles" everyone they may see (every site with "alle vestigingen")."""
    if scope == "mijn":
        return queries.mine(staff.id) & access.seen(staff)
    if scope == "team":
        return access.team(staff)
    return access.seen(staff)


@dataclass(frozen=True)
class Page:
    """The rows shown (`first` up to `end`) of a list of `total` items."""

    rows: list[Row]
    first: int
    end: int
    total: int

    @property
    def more(self) -> int:
        """How many come after these."""
        return self.total - self.end


def rows(on: date, days: int, scope=None, actions: queries.Actions = queries.Actions()) -> list[Row]:
    """A row per item due on or before on + days, overdue first."""
    return page(on, days, scope, 0, None, actions).rows


def page(on: date, days: int, scope=None, first: int = 0, end: int | None = PAGE,
         actions: queries.Actions = queries.Actions()) -> Page:
    """Rows `first` up to `end` of the list (all of it when `end` is None): only these are read and worded, so a
    list of everyone stays as quick as one counsellor's."""
    due = queries.due(on, days, scope, actions)
    total = len(due.items)
    end = total if end is None else min(end, total)
    first = min(first, end)
    memo: dict = {}
    shown = [Row(line.worker, line.item.kind, labels.kind(line.item.kind), line.item.due,
                 _day(line.item.due, on, memo), labels.when(line.item.due, on), labels.why(line, on), line.item.due < on,
                 line.context.domain_code, line.item.ref if line.item.kind == "actiepunt" else None)
             for line in due.lines(slice(first, end))]
    return Page(shown, first, end, total)


@dataclass(frozen=True)
class Coming:
    """A worker's "Wat komt eraan": the rows of the coming 90 days and everything overdue, then, further ahead (up
    to a year: schedule.MAX_DAYS), the first item of each kind the 90 days do not hold: a phase end after
    "verlengen" is always named."""

    rows: list[Row]
    later: list[Row]


def for_worker(worker_id: int, on: date, staff=None) -> Coming:
    """What is due for one worker: the trajectory page's section (a supervisor's without the action points of
    domains closed to supervisors; without any for a worker outside the staff member's team, trajectory/access.py)."""
    actions = queries.Actions(all_domains=staff is None or staff.role == roles.COUNSELLOR,
                              seen=None if staff is None else access.clause(staff))
    found = rows(on, schedule.MAX_DAYS, [worker_id], actions)
    near = [r for r in found if (r.due - on).days <= AHEAD_ON_TRAJECTORY]
    later, kinds = [], {r.kind for r in near}
    for row in found[len(near):]:
        if row.kind not in kinds:
            later.append(row)
            kinds.add(row.kind)
    return Coming(near, later)


def _day(due: date, on: date, memo: dict) -> str:
    if due not in memo:  # formatting a date is the slow part of a long list; it names few distinct days
        memo[due] = day_year(due, on)
    return memo[due]


def csv(on: date, days: int) -> str:
    """Everything due for all workers as `;`-separated CSV, sorted by due date (`flask trajectory due`)."""
    return csvfiles.write(CSV_COLUMNS, [
        [line.worker.external_id, line.item.kind, line.item.due.isoformat(), line.item.days_overdue, labels.why(line, on)]
        for line in queries.due_list(on, days)])
