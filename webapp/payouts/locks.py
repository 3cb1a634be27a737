"""Whether attendance is locked because the unit it earns has been paid (then: correct by reversal)."""
from datetime import date

from sqlalchemy import select

from ..attendance.models import Attendance
from ..extensions import db
from ..org.models import DagdeelBlock, Workshop
from .models import LedgerLine
from .queries import counted_payout
from .rules import week_days, week_unit


def paid_line(worker_id: int, day: date, block_id: int) -> LedgerLine | None:
    """The counted payout covering this worker's dagdeel, if any."""
    block = db.session.get(DagdeelBlock, block_id)  # a tap has it loaded already: no query
    programme = block.workshop.programme if block else None
    if programme not in ("lnw", "viavia"):
        return None
    return counted_payout(worker_id, programme, day.isoformat() if programme == "lnw" else week_unit(day))


def hold_attendance(worker_id: int, programme: str, unit: str) -> None:
    """Lock the attendance a unit's payout is computed from until the payout commits (PostgreSQL row locks): a tap
    on another server at the same moment waits, then finds the payout and is refused, so no one is paid for a day
    a colleague was just marking absent."""
    days = [date.fromisoformat(unit)] if programme == "lnw" else week_days(unit)
    db.session.execute(select(Attendance.id).join(DagdeelBlock).join(Workshop).where(
        Attendance.worker_id == worker_id, Attendance.date.in_(days), Workshop.programme == programme)
        .order_by(Attendance.id).with_for_update(of=Attendance))  # always in one order: two payouts never deadlock
