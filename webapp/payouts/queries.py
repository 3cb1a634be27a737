"""Reading payouts: rules in force, who is owed what for a day or a week, the ledger per unit, cash boxes."""
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from flask import abort
from sqlalchemy import ColumnElement, exists, false, select
from sqlalchemy.orm import aliased, joinedload

from .. import clock
from ..attendance.models import Attendance
from ..attendance.queries import marked
from ..attendance.rules import SHOWED_UP, counts_as_attended
from ..auth.models import Staff
from ..extensions import db
from ..offline import placeholder
from ..org.models import DagdeelBlock
from ..org.queries import programme_blocks
from ..trajectory import access
from ..workers.models import Worker
from ..workers.queries import WITH_ENROLMENT_JOINED
from . import rules
from .models import CashBox, LedgerLine, PayoutRule

PAY_WEEKDAY = 4  # Via Via pays at the end of the week: from Friday, after its last dagdeel


@dataclass
class Entry:
    """One worker's line on a payout list: what is due, and what the ledger already says."""

    worker: Worker
    programme: str
    unit: str
    due: rules.Due
    rule: rules.Rule
    status: str = ""  # aanwezig/te_laat/vroeg_weg for lnw
    lines: list = field(default_factory=list)

    @cached_property  # the template asks several times per line
    def paid(self) -> LedgerLine | None:
        return counting(self.lines)

    @property
    def duplicates(self) -> list:
        return [l for l in self.lines if l.duplicate]

    @property
    def state(self) -> str:
        """due | paid | not_eligible (reversed and duplicate lines are shown beside it)."""
        if self.paid:
            return "paid"
        return "due" if self.due.eligible else "not_eligible"


def all_rules() -> list[rules.Rule]:
    return [rules.Rule(r.id, r.programme, r.effective_from, r.phase, r.amount_cents, r.min_units, r.max_units,
                       r.vouchers, r.travel, r.early_leave_paid)
            for r in db.session.scalars(select(PayoutRule))]


def rule_in_force(programme: str, unit: str) -> rules.Rule | None:
    """The programme's rule for everyone (no phase) in force for a unit: on its day, or on the week's last day."""
    on = date.fromisoformat(unit) if programme == "lnw" else rules.week_days(unit)[-1]
    return rules.pick_rule(all_rules(), programme, on)


def counting(lines) -> LedgerLine | None:
    """Among a unit's lines, the payout that counts: not a duplicate, not reversed."""
    return next((l for l in lines if l.kind == "payout" and not l.duplicate and l.reversal is None), None)


def counted_exists(worker_id, programme: str, unit) -> ColumnElement[bool]:
    """`counting` as SQL: the worker's unit has a payout that counts (found by uq_ledger_paid_unit); of columns or
    values, for a query that leaves out what is paid (the export)."""
    reversal = aliased(LedgerLine)
    return exists().where(LedgerLine.worker_id == worker_id, LedgerLine.programme == programme, LedgerLine.unit == unit,
                          LedgerLine.kind == "payout", LedgerLine.duplicate == false(),
                          ~exists().where(reversal.reverses_id == LedgerLine.id))


def by_unit(lines) -> dict:
    """Payout lines per (worker, unit), in the order given."""
    found: dict = {}
    for line in lines:
        if line.kind == "payout":
            found.setdefault((line.worker_id, line.unit), []).append(line)
    return found


def lines_by_unit(programme: str, units: list[str], worker_ids=None) -> dict:
    query = (select(LedgerLine).options(joinedload(LedgerLine.paid_by), joinedload(LedgerLine.reversal))
             .where(LedgerLine.programme == programme, LedgerLine.unit.in_(units), LedgerLine.kind == "payout")
             .order_by(LedgerLine.id))
    if worker_ids is not None:
        query = query.where(LedgerLine.worker_id.in_(worker_ids))
    return by_unit(db.session.scalars(query).unique())


def _workers(ids) -> dict[int, Worker]:
    """A list or an export may name thousands: one query for all (the ids go in as one IN list). Only those of the
    logged-in staff member's sites (trajectory/access.py): the lists leave out the others."""
    query = select(Worker).options(WITH_ENROLMENT_JOINED).where(Worker.id.in_(ids), access.placed_for_me())
    return {w.id: w for w in db.session.scalars(query).unique()}


def lnw_day(day: date, worker_id: int | None = None) -> list[Entry]:
    """Everyone with Loon naar Werken attendance that counts for pay (or left early) on a day."""
    return lnw_days(day, day, worker_id).get(day.isoformat(), [])


# What pay is computed from: rows, not ORM objects (a year's export reads half a million of them).
PAY_FACTS = (Attendance.worker_id, Attendance.date, Attendance.status, Attendance.early_leave_counts)


def lnw_days(first: date, last: date, worker_id: int | None = None) -> dict[str, list[Entry]]:
    """lnw_day for every day of a period, in five queries however long the period is."""
    versions = all_rules()
    blocks = [b.id for b in programme_blocks("lnw")]
    query = select(*PAY_FACTS).where(Attendance.block_id.in_(blocks), Attendance.date >= first, Attendance.date <= last,
                                     Attendance.status.in_(SHOWED_UP))
    if worker_id is not None:
        query = query.where(Attendance.worker_id == worker_id)
    per_day: dict[str, dict[int, Attendance]] = {}
    for a in db.session.execute(query):
        per_day.setdefault(a.date.isoformat(), {})[a.worker_id] = a
    if not per_day:
        return {}
    workers = _workers({w for records in per_day.values() for w in records})
    lines = lines_by_unit("lnw", list(per_day), workers)
    out = {}
    for unit, records in per_day.items():
        rule = rules.pick_rule(versions, "lnw", date.fromisoformat(unit))
        if rule is None:
            continue
        entries = [Entry(workers[w], "lnw", unit, rules.lnw_day(rule, a.status, a.early_leave_counts), rule, a.status,
                         lines.get((w, unit), [])) for w, a in records.items() if w in workers]
        out[unit] = sorted(entries, key=lambda e: e.worker.display_name.lower())
    return out


def viavia_week(unit: str, worker_id: int | None = None, workshop_id: int | None = None) -> list[Entry]:
    """Everyone with Via Via attendance in an ISO week (or only who worked at one workshop that week):
    attended dagdelen, days, premium and travel, counted over all Via Via workshops."""
    return viavia_weeks([unit], worker_id, workshop_id).get(unit, [])


def viavia_weeks(units: list[str], worker_id: int | None = None, workshop_id: int | None = None) -> dict[str, list[Entry]]:
    """viavia_week for several ISO weeks, in five queries however many weeks."""
    if not units:
        return {}
    days = {u: rules.week_days(u) for u in units}
    week_of = {d: u for u, ds in days.items() for d in ds}
    blocks = [b.id for b in programme_blocks("viavia")]
    period = (Attendance.date >= min(d[0] for d in days.values()), Attendance.date <= max(d[-1] for d in days.values()),
              marked())  # a mark taken back does not put anyone on the week list
    query = select(*PAY_FACTS).where(Attendance.block_id.in_(blocks), *period)
    if worker_id is not None:
        query = query.where(Attendance.worker_id == worker_id)
    if workshop_id is not None:
        query = query.where(Attendance.worker_id.in_(select(Attendance.worker_id).join(DagdeelBlock).where(
            DagdeelBlock.workshop_id == workshop_id, *period)))
    per_week: dict[str, dict[int, list[Attendance]]] = {}
    for a in db.session.execute(query):
        if a.date in week_of:
            per_week.setdefault(week_of[a.date], {}).setdefault(a.worker_id, []).append(a)
    if not per_week:
        return {}
    workers = _workers({w for per_worker in per_week.values() for w in per_worker})
    lines = lines_by_unit("viavia", list(per_week), workers)
    all_versions = all_rules()
    out = {}
    for unit, per_worker in per_week.items():
        entries = []
        for w, records in per_worker.items():
            if w not in workers:  # of another site
                continue
            worker = workers[w]
            current = worker.current_enrolment
            phase = current.phase.number if current and current.phase and current.module.code == "viavia" else None
            rule = rules.pick_rule(all_versions, "viavia", days[unit][-1], phase)
            if rule is None:
                continue
            attended = [a for a in records if counts_as_attended(a.status, a.early_leave_counts)]
            due = rules.viavia_week(rule, len(attended), len({a.date for a in attended}), worker.travel_cents)
            entries.append(Entry(worker, "viavia", unit, due, rule, lines=lines.get((w, unit), [])))
        out[unit] = sorted(entries, key=lambda e: e.worker.display_name.lower())
    return out


def offline_entry(day: date) -> Entry | None:
    """The line of someone who arrived on a phone offline, for the phone to fill in (see offline.placeholder)."""
    rule = rules.pick_rule(all_rules(), "lnw", day)
    if rule is None:
        return None
    return Entry(placeholder.worker(), "lnw", day.isoformat(), rules.lnw_day(rule, "aanwezig", False), rule, "aanwezig")


def entry_for(worker_id: int, programme: str, unit: str) -> Entry | None:
    """The payout list line of one worker for one unit, computed fresh (used when paying)."""
    found = lnw_day(date.fromisoformat(unit), worker_id) if programme == "lnw" else viavia_week(unit, worker_id)
    return found[0] if found else None


def payable_from(programme: str, unit: str) -> datetime | None:
    """When the unit's work is done: the end of the workday (lnw), or Friday after the last Via Via dagdeel."""
    blocks = programme_blocks(programme)
    if not blocks:
        return None
    end = max(b.ends_at for b in blocks)
    day = date.fromisoformat(unit) if programme == "lnw" else rules.week_days(unit)[PAY_WEEKDAY]
    return datetime.combine(day, end, clock.LOCAL)


def line_or_404(line_id: int) -> LedgerLine:
    """A ledger line by id, or a 404."""
    return db.session.get(LedgerLine, line_id) or abort(404)


def box_or_404(box_id: int) -> CashBox:
    """A cash box by id, or a 404."""
    return db.session.get(CashBox, box_id) or abort(404)


def rule_versions() -> list[PayoutRule]:
    """Every version of the payout rules, per programme, newest first."""
    return db.session.scalars(select(PayoutRule).order_by(PayoutRule.programme, PayoutRule.effective_from.desc())).all()


def box(staff_id: int, day: date) -> CashBox | None:
    return db.session.scalar(select(CashBox).where(CashBox.staff_id == staff_id, CashBox.date == day))


def boxes_on(day: date) -> list[CashBox]:
    """The day's cash boxes, with their staff member's sites (whose box a supervisor may check)."""
    return db.session.scalars(select(CashBox).options(joinedload(CashBox.staff).selectinload(Staff.sites))
                              .where(CashBox.date == day).order_by(CashBox.id)).all()


@dataclass
class Balance:
    """The cash check of one box, reproduced from the ledger alone."""

    box: CashBox
    lines: list
    paid_cents: int
    reversed_cents: int
    vouchers_issued: int

    @property
    def expected_cents(self) -> int | None:
        return None if self.box.opening_cents is None else self.box.opening_cents - self.paid_cents + self.reversed_cents

    @property
    def difference_cents(self) -> int | None:
        if self.expected_cents is None or self.box.counted_cents is None:
            return None
        return self.box.counted_cents - self.expected_cents

    @property
    def voucher_difference(self) -> int | None:
        if self.box.vouchers_taken is None or self.box.vouchers_returned is None:
            return None
        return self.box.vouchers_taken - self.vouchers_issued - self.box.vouchers_returned

    @property
    def duplicates(self) -> list:
        return [l for l in self.lines if l.duplicate]

    @property
    def unexplained(self) -> bool:
        """A difference in cash or vouchers without a note: the box cannot be signed off until it has one."""
        return bool(self.difference_cents or self.voucher_difference) and not self.box.note


def balance(cash_box: CashBox) -> Balance:
    lines = db.session.scalars(select(LedgerLine).options(joinedload(LedgerLine.worker), joinedload(LedgerLine.paid_by))
                               .where(LedgerLine.cash_box_id == cash_box.id).order_by(LedgerLine.duplicate.desc(), LedgerLine.id)).all()
    paid = sum(l.cash_cents for l in lines if l.kind == "payout")
    reversed_ = -sum(l.cash_cents for l in lines if l.kind == "reversal")
    return Balance(cash_box, lines, paid, reversed_, sum(l.vouchers for l in lines))


def last_voucher_types(worker_ids) -> dict[int, str]:
    """Each worker's voucher choice of last time, to preselect it."""
    latest = (select(LedgerLine.voucher_type).where(LedgerLine.worker_id == Worker.id, LedgerLine.voucher_type.is_not(None))
              .order_by(LedgerLine.id.desc()).limit(1).correlate(Worker).scalar_subquery())
    return {w: v for w, v in db.session.execute(select(Worker.id, latest).where(Worker.id.in_(worker_ids))) if v}


def counted_payout(worker_id: int, programme: str, unit: str) -> LedgerLine | None:
    """The payout that counts for this unit (not a duplicate, not reversed)."""
    return counting(lines_by_unit(programme, [unit], [worker_id]).get((worker_id, unit), []))
