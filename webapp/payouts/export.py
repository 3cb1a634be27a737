"""Payout exports for the finance office: every due, paid, reversed and duplicate line of a period. Read as plain rows
while the download goes, a week at a time: a year is ≈ 100,000 lines from ≈ 500,000 attendance rows."""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from .. import csvfiles
from ..attendance.models import Attendance
from ..attendance.queries import marked
from ..attendance.rules import SHOWED_UP, counts_as_attended
from ..auth.models import Staff
from ..extensions import db, streamed
from ..org.queries import programme_blocks
from ..trajectory import access
from ..trajectory.models import Enrolment, Module, Phase
from ..workers.models import Worker
from ..workers.rules import visible_name
from . import queries, rules
from .models import CashBox, LedgerLine

COLUMNS = ["period", "external_id", "worker", "programme", "dagdelen", "premium_cents", "travel_cents", "vouchers",
           "voucher_type", "status", "paid_by", "paid_at", "rule_version"]
WEEK = timedelta(days=7)


@dataclass(slots=True)
class ExportRow:
    period: str
    external_id: str
    name: str
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
        return [self.period, self.external_id, self.name, self.programme, self.dagdelen, self.premium_cents,
                self.travel_cents, self.vouchers, self.voucher_type, self.status, self.paid_by, self.paid_at,
                self.rule_version or ""]


class Payee(NamedTuple):
    external_id: str
    name: str
    travel_cents: int
    viavia_phase: int | None  # the phase of a current Via Via enrolment: its rule may differ


def rows(start: date, end: date) -> Iterator[ExportRow]:
    """Ledger lines of units in the period (a day in it, or an ISO week that ends in it), then per unit what is due
    or not eligible and not yet paid."""
    yield from _ledger(start, end)
    yield from _unpaid(start, end)


def csv(start: date, end: date, with_bom: bool = False) -> str:
    """The whole CSV as one text (the command line)."""
    return csvfiles.write(COLUMNS, (r.cells() for r in rows(start, end)), with_bom)


def _ledger(start: date, end: date) -> Iterator[ExportRow]:
    line, reversal, paid_by, carrier = LedgerLine, aliased(LedgerLine), aliased(Staff), aliased(Staff)
    query = (select(line.unit, line.programme, Worker.external_id, Worker.roepnaam, Worker.first_name, Worker.last_name,
                    line.dagdelen, line.premium_cents, line.travel_cents, line.vouchers, line.voucher_type, line.kind,
                    line.duplicate, reversal.id.label("reversed_by"), paid_by.email.label("paid_by"), line.paid_at,
                    line.rule_id, carrier.name.label("box"))
             .join(Worker, Worker.id == line.worker_id).outerjoin(reversal, reversal.reverses_id == line.id)
             .outerjoin(paid_by, paid_by.id == line.paid_by_id).outerjoin(CashBox, CashBox.id == line.cash_box_id)
             .outerjoin(carrier, carrier.id == CashBox.staff_id)
             .where(line.unit_date >= start - timedelta(days=6), line.unit_date <= end,  # a day, or a week's Monday
                    or_(and_(line.programme == "lnw", line.unit_date >= start),
                        and_(line.programme == "viavia", line.unit_date <= end - timedelta(days=6))),
                    line.worker_id.in_(select(Worker.id).where(access.placed_for_me())))
             .order_by(line.unit_date, line.id))
    for l in streamed(query):
        status = "duplicate" if l.duplicate else "reversed" if l.kind == "reversal" or l.reversed_by else "paid"
        yield ExportRow(l.unit, l.external_id, visible_name(l.roepnaam, l.first_name, l.last_name), l.programme,
                        l.dagdelen, l.premium_cents, l.travel_cents, l.vouchers, l.voucher_type or "", status,
                        l.paid_by or "", l.paid_at.isoformat(timespec="seconds"), l.rule_id, l.box or "")


def _unpaid(start: date, end: date) -> Iterator[ExportRow]:
    """Per unit in the order of the days (a Via Via week right after its first day in the period, when the week ends
    in it), who is owed or not eligible and has no payout that counts, by name. The attendance and the payouts are
    read as three streams ordered by day and taken a week at a time: memory holds one week however long the period."""
    versions, payees = queries.all_rules(), _payees()
    first_monday = start - timedelta(days=start.weekday())
    mondays = [first_monday + i * WEEK for i in range((end - first_monday).days // 7 + 1)]
    weeks = zip(mondays, _weekly(_attendance("lnw", start, end), mondays),
                _weekly(_attendance("viavia", first_monday, end), mondays), _weekly(_paid(first_monday, end), mondays))
    for monday, lnw, viavia, paid in weeks:
        paid = {(p.worker_id, p.programme, p.date) for p in paid}
        per_day: dict[date, dict] = {}
        for a in lnw:  # one line per worker and day (the last record of the day, as the day list shows)
            per_day.setdefault(a.date, {})[a.worker_id] = a
        per_worker: dict[int, list] = {}
        for a in viavia:
            per_worker.setdefault(a.worker_id, []).append(a)
        for day in (monday + timedelta(days=i) for i in range(7)):
            if start <= day <= end:
                yield from _lnw_day(day, per_day.get(day, {}), versions, payees, paid)
                if day == max(monday, start) and monday + timedelta(days=6) <= end:
                    yield from _viavia_week(monday, per_worker, versions, payees, paid)


def _lnw_day(day: date, records: dict, versions, payees: dict, paid: set) -> Iterator[ExportRow]:
    rule = rules.pick_rule(versions, "lnw", day)
    if rule is None:
        return
    found = [_owed(day.isoformat(), payees[w], "lnw", rules.lnw_day(rule, a.status, a.early_leave_counts), rule)
             for w, a in records.items() if w in payees and (w, "lnw", day) not in paid]
    yield from sorted(found, key=lambda r: r.name.lower())


def _viavia_week(monday: date, per_worker: dict, versions, payees: dict, paid: set) -> Iterator[ExportRow]:
    found = []
    for w, records in per_worker.items():
        payee = payees.get(w)
        if payee is None or (w, "viavia", monday) in paid:
            continue
        rule = rules.pick_rule(versions, "viavia", monday + timedelta(days=6), payee.viavia_phase)
        if rule is None:
            continue
        attended = [a for a in records if counts_as_attended(a.status, a.early_leave_counts)]
        due = rules.viavia_week(rule, len(attended), len({a.date for a in attended}), payee.travel_cents)
        found.append(_owed(rules.week_unit(monday), payee, "viavia", due, rule))
    yield from sorted(found, key=lambda r: r.name.lower())


def _owed(unit: str, payee: Payee, programme: str, due: rules.Due, rule: rules.Rule) -> ExportRow:
    return ExportRow(unit, payee.external_id, payee.name, programme, due.dagdelen, due.premium_cents, due.travel_cents,
                     due.vouchers, "", "due" if due.eligible else "not_eligible", "", "", rule.version)


def _payees() -> dict[int, Payee]:
    """Every worker of the logged-in staff member's sites (the payout lists leave out the others), in one query."""
    query = (select(Worker.id, Worker.external_id, Worker.roepnaam, Worker.first_name, Worker.last_name,
                    Worker.travel_cents, Phase.number.label("phase"))
             .outerjoin(Enrolment, (Enrolment.worker_id == Worker.id) & Enrolment.end_date.is_(None))
             .outerjoin(Module, (Module.id == Enrolment.module_id) & (Module.code == "viavia"))
             .outerjoin(Phase, (Phase.id == Enrolment.phase_id) & Module.id.is_not(None))
             .where(access.placed_for_me()))
    return {w.id: Payee(w.external_id, visible_name(w.roepnaam, w.first_name, w.last_name), w.travel_cents, w.phase)
            for w in db.session.execute(query)}


def _attendance(programme: str, first: date, last: date):
    """What pay is computed from, by day: for Loon naar Werken who showed up, for Via Via every mark."""
    blocks = [b.id for b in programme_blocks(programme)]
    counted = Attendance.status.in_(SHOWED_UP) if programme == "lnw" else marked()
    return streamed(select(*queries.PAY_FACTS).where(
        Attendance.block_id.in_(blocks), Attendance.date >= first, Attendance.date <= last, counted)
        .order_by(Attendance.date, Attendance.id))


def _paid(first: date, last: date):
    """The payouts that count (not a duplicate, not reversed) by unit date: a day, or a week's Monday."""
    reversal = aliased(LedgerLine)
    return streamed(
        select(LedgerLine.worker_id, LedgerLine.programme, LedgerLine.unit_date.label("date"))
        .outerjoin(reversal, reversal.reverses_id == LedgerLine.id)
        .where(LedgerLine.kind == "payout", LedgerLine.duplicate.is_(False), reversal.id.is_(None),
               LedgerLine.unit_date >= first, LedgerLine.unit_date <= last)
        .order_by(LedgerLine.unit_date))


def _weekly(rows, mondays: list[date]) -> Iterator[list]:
    """Rows ordered by their `date`, as one list per week of `mondays` (every Monday of the period, in order)."""
    rows = iter(rows)
    row = next(rows, None)
    for monday in mondays:
        week, next_monday = [], monday + WEEK
        while row is not None and row.date < next_monday:
            week.append(row)
            row = next(rows, None)
        yield week


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
