"""Whether attendance is locked because the unit it earns has been paid (then: correct by reversal)."""
from datetime import date

from sqlalchemy import ColumnElement, exists, false, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..org.models import DagdeelBlock
from .models import LedgerLine
from .rules import week_unit

REVERSAL = aliased(LedgerLine)  # made once: an alias costs a millisecond to make


def paid(worker_id: int, day: date, block_id: int) -> ColumnElement[bool]:
    """A counted payout (not a duplicate, not reversed: `queries.counting`) covers this worker's dagdeel, as SQL:
    a tap asks it in the query that reads the record it changes."""
    block = db.session.get(DagdeelBlock, block_id)  # a tap has it loaded already: no query
    programme = block.workshop.programme if block else None
    if programme not in ("lnw", "viavia"):
        return false()
    return exists().where(
        LedgerLine.worker_id == worker_id, LedgerLine.programme == programme,
        LedgerLine.unit == (day.isoformat() if programme == "lnw" else week_unit(day)),
        LedgerLine.kind == "payout", LedgerLine.duplicate.is_(False), ~exists().where(REVERSAL.reverses_id == LedgerLine.id))


def is_paid(worker_id: int, day: date, block_id: int) -> bool:
    """Has this worker's dagdeel been paid (see `paid`)?"""
    return bool(db.session.scalar(select(paid(worker_id, day, block_id))))
