"""Reading the organisation: the loaders, what is active in which order, and the Loon naar Werken block."""
from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from .models import Bus, DagdeelBlock, Shelter, Site, Workshop


def get_or_404(model: type, item_id: int):
    """A site, workshop, shelter or bus by id, or a 404."""
    return db.session.get(model, item_id) or abort(404)


def workshop_or_404(workshop_id: int) -> Workshop:
    """The workshop with its dagdeel blocks, or a 404 (also when it is of a site the logged-in staff member does not
    work for: trajectory/access.py)."""
    from ..trajectory import access  # the site rule builds on the organisation

    found = db.session.get(Workshop, workshop_id, options=[joinedload(Workshop.blocks)]) or abort(404)  # one query
    access.in_my_sites_or_404(found.site_id)
    return found


def workshop(workshop_id: int | None) -> Workshop | None:
    """The workshop with this id, None when there is none (a remembered id may be gone)."""
    return db.session.get(Workshop, workshop_id) if workshop_id else None


def listed(model: type, *order) -> list:
    """Every site, workshop, shelter or bus for beheer: active ones first, then in `order`."""
    return db.session.scalars(select(model).order_by(model.active.desc(), *order)).all()


def sites() -> list[Site]:
    return db.session.scalars(select(Site).order_by(Site.name)).all()


def active_shelters() -> list[Shelter]:
    """The shelters on the route, in route order."""
    return db.session.scalars(select(Shelter).where(Shelter.active.is_(True)).order_by(Shelter.route_order)).all()


def active_buses() -> list[Bus]:
    return db.session.scalars(select(Bus).where(Bus.active.is_(True)).order_by(Bus.name)).all()


def active_workshops(programme: str | None = None) -> list[Workshop]:
    """The active workshops by name (only those of a payout programme, when given), with their blocks."""
    query = select(Workshop).where(Workshop.active.is_(True)).options(selectinload(Workshop.blocks))
    if programme is not None:
        query = query.where(Workshop.programme == programme)
    return db.session.scalars(query.order_by(Workshop.name)).all()


def active_blocks() -> list[DagdeelBlock]:
    """Every dagdeel block of the active workshops, by workshop name and start time."""
    return db.session.scalars(select(DagdeelBlock).join(Workshop).where(Workshop.active.is_(True))
                              .options(selectinload(DagdeelBlock.workshop))
                              .order_by(Workshop.name, DagdeelBlock.starts_at)).all()


def programme_blocks(programme: str) -> list[DagdeelBlock]:
    """Every block of the workshops of a payout programme, active or not (past attendance stays payable)."""
    return db.session.scalars(select(DagdeelBlock).join(DagdeelBlock.workshop)
                              .where(Workshop.programme == programme).order_by(DagdeelBlock.starts_at)).all()


def lnw_block() -> DagdeelBlock | None:
    """The Loon naar Werken workday, where the bus round's arrival writes attendance and where a granted early
    leave is recorded: the earliest block of an *active* Loon naar Werken workshop (the one created first on a
    tie). Active wins because attendance is read and corrected on a workshop's board, and only active workshops
    have one: a block of a closed workshop would hide the arrivals and split a day's record in two.
    None when there is no such block."""
    return db.session.scalar(select(DagdeelBlock).join(DagdeelBlock.workshop)
                             .where(Workshop.programme == "lnw", Workshop.active.is_(True))
                             .order_by(DagdeelBlock.starts_at, Workshop.id, DagdeelBlock.id).limit(1))
