"""Payout exports for the finance office: every due, paid, reversed and duplicate line of a period. Read as plain rows
while the download goes, a week at a time: a year is ≈ 100,000 lines from ≈ 500,000 attendance rows."""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased

from .. import csvfiles
from ..attendance.models import Attendance
from ..attendance.queries import attended_filter, marked
from ..attendance.rules import SHOWED_UP
from ..auth.models import Staff
from ..extensions import db, streamed
from ..sqldates import iso_day, iso_seconds, iso_week, week_monday
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
    payees = _payees()
    yield from _ledger(start, end, payees)
    yield from _unpaid(start, end, payees)


def csv(start: date, end: date, with_bom: bool = False) -> str:
    """The whole CSV as one text (the command line)."""
    return csvfiles.write(COLUMNS, (r.cells() for r in rows(start, end)), with_bom)


def _ledger(start: date, end: date, payees: dict) -> Iterator[ExportRow]:
    """The lines in the order they were paid; the database writes the moment, the payee is looked up by id."""
    line, reversal, paid_by, carrier = LedgerLine, aliased(LedgerLine), aliased(Staff), aliased(Staff)
    query = (select(line.unit, line.programme, line.worker_id, line.dagdelen, line.premium_cents, line.travel_cents,
                    line.vouchers, line.voucher_type, line.kind, line.duplicate, reversal.id.label("reversed_by"),
                    paid_by.email.label("paid_by"), iso_seconds(line.paid_at), line.rule_id, carrier.name.label("box"))
             .outerjoin(reversal, reversal.reverses_id == line.id)
             .outerjoin(paid_by, paid_by.id == line.paid_by_id).outerjoin(CashBox, CashBox.id == line.cash_box_id)
             .outerjoin(carrier, carrier.id == CashBox.staff_id)
             .where(line.unit_date >= start - timedelta(days=6), line.unit_date <= end,  # a day, or a week's Monday
                    or_(and_(line.programme == "lnw", line.unit_date >= start),
                        and_(line.programme == "viavia", line.unit_date <= end - timedelta(days=6))),
                    line.worker_id.in_(select(Worker.id).where(access.placed_for_me())))
             .order_by(line.unit_date, line.id))
    for (unit, programme, worker_id, dagdelen, premium, travel, vouchers, voucher_type, kind, duplicate, reversed_by,
         paid_by, paid_at, rule_id, box) in streamed(query):  # by place: cheaper per row
        if (payee := payees.get(worker_id)) is None:  # placed elsewhere between the two reads
            continue
        status = "duplicate" if duplicate else "reversed" if kind == "reversal" or reversed_by else "paid"
        yield ExportRow(unit, payee.external_id, payee.name, programme, dagdelen, premium, travel, vouchers,
                        voucher_type or "", status, paid_by or "", paid_at, rule_id, box or "")


def _unpaid(start: date, end: date, payees: dict) -> Iterator[ExportRow]:
    """Per unit in the order of the days (a Via Via week right after its first day in the period, when the week ends
    in it), who is owed or not eligible and has no payout that counts, by name. The database leaves out what is paid
    and counts each Via Via week; the two streams, ordered by day, are taken a week at a time: memory holds one week
    however long the period."""
    versions = queries.all_rules()
    first_monday = start - timedelta(days=start.weekday())
    mondays = [first_monday + i * WEEK for i in range((end - first_monday).days // 7 + 1)]
    weeks = zip(mondays, _weekly(_unpaid_days(start, end), mondays), _weekly(_unpaid_weeks(first_monday, end), mondays))
    for monday, lnw, viavia in weeks:
        per_day: dict[date, dict] = {}
        for a in lnw:  # one line per worker and day (the last record of the day, as the day list shows)
            per_day.setdefault(a.date, {})[a.worker_id] = a
        for day in (monday + timedelta(days=i) for i in range(7)):
            if start <= day <= end:
                yield from _lnw_day(day, per_day.get(day, {}), versions, payees)
                if day == max(monday, start) and monday + timedelta(days=6) <= end:
                    yield from _viavia_week(monday, viavia, versions, payees)


def _lnw_day(day: date, records: dict, versions, payees: dict) -> Iterator[ExportRow]:
    rule = rules.pick_rule(versions, "lnw", day)
    if rule is None:
        return
    found = [_owed(day.isoformat(), payees[w], "lnw", rules.lnw_day(rule, a.status, a.early_leave_counts), rule)
             for w, a in records.items() if w in payees]
    yield from sorted(found, key=lambda r: r.name.lower())


def _viavia_week(monday: date, weeks: list, versions, payees: dict) -> Iterator[ExportRow]:
    """Namesakes in the order of their first mark of the week (its day, then its id)."""
    found = []
    for w in weeks:
        payee = payees.get(w.worker_id)
        if payee is None:
            continue
        rule = rules.pick_rule(versions, "viavia", monday + timedelta(days=6), payee.viavia_phase)
        if rule is None:
            continue
        due = rules.viavia_week(rule, w.dagdelen, w.days, payee.travel_cents)
        found.append((payee.name.lower(), w.first_day, w.first_id, _owed(rules.week_unit(monday), payee, "viavia", due, rule)))
    yield from (f[-1] for f in sorted(found, key=lambda f: f[:3]))


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


def _unpaid_days(start: date, end: date):
    """Loon naar Werken attendance that pay is computed from (who showed up) on days with no payout that counts."""
    return streamed(select(*queries.PAY_FACTS).where(
        Attendance.block_id.in_(_blocks("lnw")), Attendance.date >= start, Attendance.date <= end,
        Attendance.status.in_(SHOWED_UP), ~queries.counted_exists(Attendance.worker_id, "lnw", iso_day(Attendance.date)))
        .order_by(Attendance.date, Attendance.id))


def _unpaid_weeks(first_monday: date, end: date):
    """Per Via Via week (`date`: its Monday) and worker with a mark in it and no payout that counts: the attended
    dagdelen and days, and the worker's first mark (its day and id, for namesakes' order); ordered by week."""
    blocks, attended, monday = _blocks("viavia"), attended_filter(), week_monday(Attendance.date)
    weeks = (select(Attendance.worker_id, monday.label("date"), func.count(case((attended, 1))).label("dagdelen"),
                    func.count(distinct(case((attended, Attendance.date)))).label("days"),
                    func.min(Attendance.date).label("first_day"))
             .where(Attendance.block_id.in_(blocks), Attendance.date >= first_monday, Attendance.date <= end, marked())
             .group_by(monday, Attendance.worker_id).subquery())
    first = aliased(Attendance)
    first_id = (select(func.min(first.id)).where(first.worker_id == weeks.c.worker_id, first.date == weeks.c.first_day,
                                                 first.block_id.in_(blocks), marked(first)).scalar_subquery())
    return streamed(select(weeks, first_id.label("first_id"))
                    .where(~queries.counted_exists(weeks.c.worker_id, "viavia", iso_week(weeks.c.date))).order_by(weeks.c.date))


def _blocks(programme: str) -> list[int]:
    return [b.id for b in programme_blocks(programme)]


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
