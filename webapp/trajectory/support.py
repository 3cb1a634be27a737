"""Werkmaatje, werkervaringsplaats and meetings with outside parties: starting and ending them (the history stays),
reading them for the card and the trajectory page, and counting meetings per type and period. Caller commits."""
from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..workers.models import Agreement, Worker
from .models import Method
from .support_models import Buddy, Meeting, MeetingType, Placement, RelationRole


def roles() -> list[RelationRole]:
    return db.session.scalars(select(RelationRole).order_by(RelationRole.method_id, RelationRole.id)).all()


def meeting_types() -> list[MeetingType]:
    return db.session.scalars(select(MeetingType).order_by(MeetingType.method_id, MeetingType.position)).all()


def uses_placements() -> bool:
    """Whether any loaded method works with werkervaringsplaatsen."""
    return bool(db.session.scalar(select(Method.id).where(Method.placements.is_(True)).limit(1)))


def buddy_or_404(buddy_id: int) -> Buddy:
    return db.session.get(Buddy, buddy_id) or abort(404)


def placement_or_404(placement_id: int) -> Placement:
    return db.session.get(Placement, placement_id) or abort(404)


def buddies(worker: Worker) -> list[Buddy]:
    """Every werkmaatje the worker had, the current ones (no end) first."""
    return db.session.scalars(select(Buddy).where(Buddy.worker_id == worker.id)
                              .order_by(Buddy.end_date.is_not(None), Buddy.start_date.desc(), Buddy.id.desc())).all()


def placements(worker: Worker) -> list[Placement]:
    """Every werkervaringsplaats the worker had, the current one first."""
    return db.session.scalars(select(Placement).where(Placement.worker_id == worker.id)
                              .order_by(Placement.end_date.is_not(None), Placement.start_date.desc(),
                                        Placement.id.desc())).all()


def _check_dates(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise Refused(_("De einddatum ligt voor de startdatum."), code="end")


def start_buddy(worker: Worker, by, start: date, *, role: RelationRole | None = None, buddy_worker: Worker | None = None,
                name: str = "", end: date | None = None, client_id: str | None = None) -> Buddy:
    """Give the worker a werkmaatje: another worker, or a volunteer by name."""
    if client_id and (done := db.session.scalar(select(Buddy).where(Buddy.client_id == client_id))):
        return done
    if buddy_worker is None and not name.strip():
        raise Refused(_("Kies een medewerker of schrijf de naam van de vrijwilliger."), code="name")
    if buddy_worker is not None and buddy_worker.id == worker.id:
        raise Refused(_("Iemand kan niet zijn eigen werkmaatje zijn."), code="name")
    _check_dates(start, end)
    buddy = Buddy(worker_id=worker.id, role_id=role.id if role else None,
                  buddy_worker_id=buddy_worker.id if buddy_worker else None,
                  name="" if buddy_worker else name.strip()[:120], start_date=start, end_date=end,
                  by_id=by.id if by else None, client_id=client_id)
    db.session.add(buddy)
    db.session.flush()
    record("buddy_start", worker, f"{buddy.who} vanaf {start.isoformat()}")
    return buddy


def end_buddy(buddy: Buddy, on: date) -> None:
    if buddy.end_date is not None:
        return
    _check_dates(buddy.start_date, on)
    buddy.end_date = on
    record("buddy_end", db.session.get(Worker, buddy.worker_id), f"{buddy.who} tot {on.isoformat()}")


def start_placement(worker: Worker, by, start: date, organisation: str, *, address: str = "", contact: str = "",
                    supervisor: str = "", hours_per_week: int | None = None, end: date | None = None,
                    client_id: str | None = None) -> Placement:
    """Start a werkervaringsplaats; a current one ends the day before (one place at a time, the history stays)."""
    if client_id and (done := db.session.scalar(select(Placement).where(Placement.client_id == client_id))):
        return done
    if not organisation.strip():
        raise Refused(_("Schrijf de naam van de organisatie."), code="organisation")
    if hours_per_week is not None and not 0 < hours_per_week <= 60:
        raise Refused(_("Uren per week: tussen 1 en 60."), code="hours_per_week")
    _check_dates(start, end)
    for current in placements(worker):
        if current.end_date is None:
            if current.start_date >= start:
                raise Refused(_("De huidige werkervaringsplaats begon op of na deze datum; beëindig die eerst."),
                              code="start")
            end_placement(current, date.fromordinal(start.toordinal() - 1))
    placement = Placement(worker_id=worker.id, organisation=organisation.strip()[:120], address=address.strip()[:200],
                          contact=contact.strip()[:120], supervisor=supervisor.strip()[:120],
                          hours_per_week=hours_per_week, start_date=start, end_date=end,
                          by_id=by.id if by else None, client_id=client_id)
    db.session.add(placement)
    db.session.flush()
    record("placement_start", worker, f"{placement.organisation} vanaf {start.isoformat()}")
    return placement


def end_placement(placement: Placement, on: date) -> None:
    if placement.end_date is not None:
        return
    _check_dates(placement.start_date, on)
    placement.end_date = on
    record("placement_end", db.session.get(Worker, placement.worker_id),
           f"{placement.organisation} tot {on.isoformat()}")


def record_meeting(worker: Worker, by, meeting_type: MeetingType, held_on: date, parties: str, agreements: str,
                   client_id: str | None = None) -> Meeting:
    """Record a meeting; each line of its agreements becomes an afspraak on the card (as a review's do)."""
    if client_id and (done := db.session.scalar(select(Meeting).where(Meeting.client_id == client_id))):
        return done
    lines = [line.strip() for line in parties.splitlines() if line.strip()]
    if not lines:
        raise Refused(_("Schrijf wie erbij waren (één per regel)."), code="parties")
    meeting = Meeting(worker_id=worker.id, type_id=meeting_type.id, held_on=held_on, parties="\n".join(lines),
                      agreements=agreements.strip(), by_id=by.id if by else None, client_id=client_id)
    db.session.add(meeting)
    for line in agreements.splitlines():
        if line.strip():
            db.session.add(Agreement(worker_id=worker.id, text=line.strip(), created_by_id=by.id if by else None))
            record("agreement", worker, line.strip()[:200])
    record("meeting", worker, f"{meeting_type.name} {held_on.isoformat()}")
    return meeting


def meetings(worker: Worker) -> list[Meeting]:
    return db.session.scalars(select(Meeting).where(Meeting.worker_id == worker.id)
                              .order_by(Meeting.held_on.desc(), Meeting.id.desc())).all()


@dataclass(frozen=True)
class Count:
    type: MeetingType
    meetings: int
    workers: int


def counts(first: date, last: date) -> list[Count]:
    """Per meeting type counted in reports: meetings held from `first` to `last` and how many workers they were for."""
    held = {type_id: (n, people) for type_id, n, people in db.session.execute(
        select(Meeting.type_id, func.count(Meeting.id), func.count(Meeting.worker_id.distinct()))
        .where(Meeting.held_on >= first, Meeting.held_on <= last).group_by(Meeting.type_id))}
    return [Count(t, *held.get(t.id, (0, 0))) for t in meeting_types() if t.report]


@dataclass(frozen=True)
class Glance:
    """What the card shows: the current werkervaringsplaats and werkmaatjes."""

    placement: Placement | None
    buddies: list[Buddy]


def glance(worker: Worker, on: date) -> Glance:
    current = [p for p in placements(worker) if p.start_date <= on and (p.end_date is None or p.end_date >= on)]
    return Glance(current[0] if current else None,
                  [b for b in buddies(worker) if b.start_date <= on and (b.end_date is None or b.end_date >= on)])
