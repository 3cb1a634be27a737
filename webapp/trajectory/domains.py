"""The rules of the eight life domains (SPEC §6, issue 16 items 5–6): statuses, who may see a domain, what changed
between versions and since the last overleg, and which action points are open or overdue. Standard library only,
no I/O: the database side (domain_ops.py) gathers the facts.

A domain's history is its versions in order (append-only rows, the newest current); a change is one field that
differs from the version before, with who made it and when. An action point's first version is "nieuw", a done date
set is "gedaan", cleared is "heropend", other fields (text, owner, due date) are plain old → new changes."""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..translatable import _

STATUSES = ("stabiel", "aandacht", "knelpunt")  # from fine to urgent
STATUS_LETTERS = {"stabiel": "S", "aandacht": "A", "knelpunt": "K"}  # the overleg's compact row, beside the word
OWNER_KINDS = ("staff", "medewerker", "extern")  # a staff member, the worker, an outside party by name
DOMAIN_FIELDS = ("status", "situation", "goals")
ACTION_FIELDS = ("text", "owner", "due")


def owner_words(kind: str, staff_name: str | None, outside_name: str, worker_name: str | None = None) -> str:
    """Who owns an action point (or an agreed checklist goal, which names its owner the same way), in words: the
    staff member's name, the worker, or the outside party."""
    if kind == "staff":
        return staff_name or _("een collega")
    if kind == "medewerker":
        return worker_name or _("de medewerker")
    return outside_name


def may_see(role: str, supervisors_allowed: bool) -> bool:
    """Whether a role sees a domain: counsellors always, supervisors where the method file allows, nobody else."""
    return role == "counsellor" or (role == "supervisor" and supervisors_allowed)


@dataclass(frozen=True)
class DomainState:
    """One version of a worker's domain."""

    domain: str
    at: datetime
    by: str
    status: str
    situation: str = ""
    goals: str = ""


@dataclass(frozen=True)
class ActionState:
    """One version of an action point."""

    action_id: int
    domain: str
    at: datetime
    by: str
    text: str
    owner: str
    due: date
    done: date | None = None


@dataclass(frozen=True)
class Change:
    """One field changed: in `domain`, of an action point when `action` (its text) is set, from `old` to `new`."""

    at: datetime
    by: str
    domain: str
    field: str  # status | situation | goals | nieuw | gedaan | heropend | text | owner | due
    old: str
    new: str
    action: str = ""


def domain_changes(versions: Sequence[DomainState]) -> list[Change]:
    """The changes a worker's versions of one domain made, oldest first (the first version against nothing)."""
    changes, before = [], None
    for version in versions:
        for field in DOMAIN_FIELDS:
            old = getattr(before, field) if before else ""
            if getattr(version, field) != old:
                changes.append(Change(version.at, version.by, version.domain, field, old, getattr(version, field)))
        before = version
    return changes


def action_changes(versions: Sequence[ActionState]) -> list[Change]:
    """The changes an action point's versions made, oldest first: nieuw, then field changes, gedaan, heropend."""
    changes, before = [], None
    for v in versions:
        if before is None:
            changes.append(Change(v.at, v.by, v.domain, "nieuw", "", v.text, v.text))
        else:
            for field in ACTION_FIELDS:
                old, new = _text(getattr(before, field)), _text(getattr(v, field))
                if old != new:
                    changes.append(Change(v.at, v.by, v.domain, field, old, new, v.text))
            if v.done != before.done:
                field = "gedaan" if v.done else "heropend"
                changes.append(Change(v.at, v.by, v.domain, field, _text(before.done), _text(v.done), v.text))
        before = v
    return changes


def changed_since(domain_versions: Iterable[DomainState], action_versions: Iterable[ActionState],
                  since: datetime | None) -> list[Change]:
    """What changed after `since` (everything when None) in one worker's domains and action points, oldest first.
    A version's changes are against the version before it, even when that one is older than `since`."""
    by_domain, by_action = defaultdict(list), defaultdict(list)
    for version in sorted(domain_versions, key=lambda v: v.at):
        by_domain[version.domain].append(version)
    for version in sorted(action_versions, key=lambda v: v.at):
        by_action[version.action_id].append(version)
    changes = [c for versions in by_domain.values() for c in domain_changes(versions)]
    changes += [c for versions in by_action.values() for c in action_changes(versions)]
    return sorted((c for c in changes if since is None or c.at > since), key=lambda c: (c.at, c.domain, c.field))


def overdue(due: date, done: date | None, on: date) -> bool:
    """An open action point whose due date has passed."""
    return done is None and due < on


def counts(actions: Iterable[ActionState], on: date) -> tuple[int, int]:
    """(open, overdue) among the current versions of action points."""
    open_ = [a for a in actions if a.done is None]
    return len(open_), sum(1 for a in open_ if a.due < on)


def as_of(versions: Iterable, on_or_before: datetime):
    """The version current at a moment: the newest at or before it, None when there was none yet."""
    earlier = [v for v in versions if v.at <= on_or_before]
    return max(earlier, key=lambda v: v.at) if earlier else None


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
