"""Whether attendance is locked because the unit it earns has been paid (then: correct by reversal)."""
from datetime import date

from ..extensions import db
from ..org.models import DagdeelBlock
from .models import LedgerLine
from .queries import counted_payout
from .rules import week_unit


def paid_line(worker_id: int, day: date, block_id: int) -> LedgerLine | None:
    """The counted payout covering this worker's dagdeel, if any."""
    block = db.session.get(DagdeelBlock, block_id)  # a tap has it loaded already: no query
    programme = block.workshop.programme if block else None
    if programme not in ("lnw", "viavia"):
        return None
    return counted_payout(worker_id, programme, day.isoformat() if programme == "lnw" else week_unit(day))
