"""Saving sites, workshops (with their dagdeel blocks), shelters and buses."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from .models import DagdeelBlock, Workshop

FIELDS = ("name", "address", "route_order", "seats", "site_id", "programme", "active")


def save(entity, form) -> None:
    """Copy the form onto the entity and commit; Refused when the name is taken."""
    for field in FIELDS:
        if field in form:
            value = form[field].data
            setattr(entity, field, value or None if field in ("site_id", "programme") else value)
    if isinstance(entity, Workshop):
        _sync_blocks(entity, form.blocks.entries)
    db.session.add(entity)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Deze naam bestaat al.")) from None
    record("org_save", detail=f"{type(entity).__name__} {entity.name}")
    db.session.commit()


def _sync_blocks(workshop: Workshop, entries) -> None:
    """Update, add and (for blanked rows) remove the workshop's dagdeel blocks."""
    existing = {str(b.id): b for b in workshop.blocks}
    for entry in entries:
        data = entry.form
        block = existing.pop(data.id.data, None) if data.id.data else None
        if not data.name.data:
            if block is not None:
                workshop.blocks.remove(block)
            continue
        if block is None:
            block = DagdeelBlock()
            workshop.blocks.append(block)
        block.name = data.name.data.strip()
        block.starts_at, block.ends_at = data.starts_at.data, data.ends_at.data


def sites_choices() -> list[tuple[int, str]]:
    from .models import Site

    return [(s.id, s.name) for s in db.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.name))]
