"""Payout exports for the finance office: every due, paid, reversed and duplicate line of a period."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import csvfiles
from ..extensions import db
from ..trajectory import access
from ..workers.models import Worker
from . import queries, rules
from .models import CashBox, LedgerLine

COLUMNS = ["period", "external_id", "worker", "programme", "dagdelen", "premium_cents", "travel_cents", "vouchers",
           "voucher_type", "status", "paid_by", "paid_at", "rule_version"]


@dataclass
class ExportRow:
    period: str
    worker: object
    programme: str
    dagdelen: int
    premium_cents: int
    travel_cents: int
    vouchers: int
    voucher_type: str
    status: str  # due | paid | reversed | duplicate | not_eligible
    paid_by: str
    paid_at: str
    rule_version: int | None
    box: str = ""

    def cells(self) -> list:
        return [self.period, self.worker.external_id, self.worker.display_name, self.programme, self.dagdelen,
                self.premium_cents, self.travel_cents, self.vouchers, self.voucher_type, self.status, self.paid_by,
                self.paid_at, self.rule_version or ""]


def rows(start: date, end: date) -> list[ExportRow]:
    """Ledger lines of units in the period, plus what is due or not eligible and not yet in the ledger."""
    lines = db.session.scalars(select(LedgerLine).options(joinedload(LedgerLine.worker), joinedload(LedgerLine.paid_by),
                                                          joinedload(LedgerLine.reversal),
                                                          joinedload(LedgerLine.cash_box).joinedload(CashBox.staff))
                               .where(LedgerLine.unit_date >= start - timedelta(days=6), LedgerLine.unit_date <= end,
                                      LedgerLine.worker_id.in_(select(Worker.id).where(access.placed_for_me())))
                               .order_by(LedgerLine.unit_date, LedgerLine.id)).unique().all()
    out = [_from_line(l) for l in lines if _unit_in(l.programme, l.unit, start, end)]
    units = list(_units(start, end))
    per_unit = {**queries.lnw_days(start, end, lines=queries.by_unit(l for l in lines if l.programme == "lnw")),
                **queries.viavia_weeks([u for u, p in units if p == "viavia"],
                                       lines=queries.by_unit(l for l in lines if l.programme == "viavia"))}
    for unit, programme in units:
        for e in per_unit.get(unit, []):
            if not e.paid:
                d = e.due
                out.append(ExportRow(unit, e.worker, programme, d.dagdelen, d.premium_cents, d.travel_cents, d.vouchers,
                                     "", "due" if d.eligible else "not_eligible", "", "", e.rule.version))
    return out


def _from_line(l: LedgerLine) -> ExportRow:
    status = "duplicate" if l.duplicate else "reversed" if (l.kind == "reversal" or l.reversal is not None) else "paid"
    return ExportRow(l.unit, l.worker, l.programme, l.dagdelen, l.premium_cents, l.travel_cents, l.vouchers,
                     l.voucher_type or "", status, l.paid_by.email if l.paid_by else "",
                     l.paid_at.isoformat(timespec="seconds"), l.rule_id, l.cash_box.staff.name if l.cash_box else "")


def _units(start: date, end: date):
    day = start
    seen = set()
    while day <= end:
        yield day.isoformat(), "lnw"
        week = rules.week_unit(day)
        if week not in seen and rules.week_days(week)[-1] <= end:
            seen.add(week)
            yield week, "viavia"
        day += timedelta(days=1)


def _unit_in(programme: str, unit: str, start: date, end: date) -> bool:
    """A day in the period, or an ISO week that ends in it."""
    last = date.fromisoformat(unit) if programme == "lnw" else rules.week_days(unit)[-1]
    return start <= last <= end


def csv(start: date, end: date, with_bom: bool = False) -> str:
    return csvfiles.write(COLUMNS, [r.cells() for r in rows(start, end)], with_bom)


def totals(export_rows: list[ExportRow]) -> dict:
    """Cash and vouchers of the ledger lines (paid, reversed, duplicate) per programme, cash box and voucher type."""
    result = {"programme": {}, "box": {}, "voucher": {}, "cash": 0, "due": 0}
    for r in export_rows:
        amount = r.premium_cents + r.travel_cents
        if r.status in ("due", "not_eligible"):
            result["due"] += amount if r.status == "due" else 0
            continue
        result["cash"] += amount
        result["programme"][r.programme] = result["programme"].get(r.programme, 0) + amount
        result["box"][r.box] = result["box"].get(r.box, 0) + amount
        if r.voucher_type:
            result["voucher"][r.voucher_type] = result["voucher"].get(r.voucher_type, 0) + r.vouchers
    return result
