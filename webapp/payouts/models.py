"""The payout ledger (append-only), the effective-dated payout rules, and each staff member's cash box per day."""
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint, event, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import ColumnElement

from .. import clock
from ..auth import roles
from ..extensions import db
from ..sqldates import ISO_DAY, ISO_WEEK
from ..types import Cents, UTCDateTime


class PayoutRule(db.Model):
    """One version of a programme's payout rule, in force from a date (SPEC §5)."""

    __tablename__ = "payout_rule"

    id: Mapped[int] = mapped_column(primary_key=True)  # the rule version stored on each ledger line
    programme: Mapped[str] = mapped_column(String(20))
    phase: Mapped[int | None]  # None: every phase of the programme
    effective_from: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)  # per workday (lnw) or per dagdeel (viavia)
    min_units: Mapped[int] = mapped_column(default=1)
    max_units: Mapped[int] = mapped_column(default=1)
    vouchers: Mapped[int] = mapped_column(default=0)
    travel: Mapped[bool] = mapped_column(default=False)  # reimburse travel per attended day
    early_leave_paid: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CashBox(db.Model):
    """The cash (and vouchers) one staff member carries for payouts on one day."""

    __tablename__ = "cash_box"
    __table_args__ = (UniqueConstraint("staff_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    date: Mapped[date] = mapped_column(Date, index=True)
    opening_cents: Mapped[int | None] = mapped_column(Cents)
    vouchers_taken: Mapped[int | None]
    counted_cents: Mapped[int | None] = mapped_column(Cents)
    vouchers_returned: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(500), default="")
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff = relationship("Staff", foreign_keys=[staff_id])
    signed_off_by = relationship("Staff", foreign_keys=[signed_off_by_id])

    def may_handle(self, staff) -> bool:
        """Whose box this is to see and count: its own staff member's, and a supervisor's who shares a site with
        them (a box belongs to the sites of whoever carries it: trajectory/access.py)."""
        from ..trajectory.access import shares_a_site  # the site rule builds on the models

        return staff.id == self.staff_id or (staff.has_role(roles.SUPERVISOR) and shares_a_site(staff, self.staff))


# A paid unit in its one spelling (webapp/parse.py: unit), or the database refuses the line: a day 'YYYY-MM-DD'
# equal to unit_date (lnw), an ISO week 'YYYY-Www' whose Monday is unit_date (viavia). Per dialect, as in the
# migration e7a3c91b5d20 (a test compares them).
UNIT_CHECK = {
    "sqlite": (
        "(programme = 'lnw' AND unit GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
        " AND unit = date(unit, '+0 days') AND unit = unit_date)"
        " OR (programme = 'viavia' AND unit GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'"
        " AND strftime('%w', unit_date) = '1'"
        f" AND unit = {ISO_WEEK['sqlite'].format('unit_date')})"),
    "postgresql": (
        r"(programme = 'lnw' AND unit ~ '^\d{4}-\d{2}-\d{2}$'"
        f" AND unit = {ISO_DAY['postgresql'].format('unit_date')})"
        r" OR (programme = 'viavia' AND unit ~ '^\d{4}-W\d{2}$' AND extract(isodow FROM unit_date) = 1"
        f" AND unit = {ISO_WEEK['postgresql'].format('unit_date')})"),
}


class CanonicalUnit(ColumnElement):
    """The CHECK condition of UNIT_CHECK, written in the dialect of the database at hand."""

    inherit_cache = True
    type = Boolean()


@compiles(CanonicalUnit)
def _canonical_unit(element, compiler, **kw):
    return UNIT_CHECK[compiler.dialect.name]


class LedgerLine(db.Model):
    """One payout (or the reversal of one): money and vouchers handed to a worker. Never changed or deleted.

    At most one counted payout per worker per paid unit: the partial unique index covers payouts that are
    not flagged duplicates; `slot` is the number of earlier reversed payouts of the unit, so a unit can be
    paid again after a reversal.
    """

    __tablename__ = "ledger_line"
    __table_args__ = (
        Index("uq_ledger_paid_unit", "worker_id", "programme", "unit", "slot", unique=True,
              sqlite_where=text("kind = 'payout' AND duplicate = 0"),
              postgresql_where=text("kind = 'payout' AND duplicate = false")),
        CheckConstraint(CanonicalUnit(), name="unit_canonical"),
        Index("ix_ledger_unit_date", "unit_date"),
        Index("ix_ledger_programme_unit", "programme", "unit"),  # the payout lists look lines up by unit
        # The reversal of a line, for the lists' join. The unique constraint's index holds every NULL too, and
        # after ANALYZE SQLite takes it for a million rows per key and scans the ledger per line instead.
        Index("ix_ledger_reverses", "reverses_id", sqlite_where=text("reverses_id IS NOT NULL"),
              postgresql_where=text("reverses_id IS NOT NULL")),
        # Each worker's latest voucher choice, found in one index step however long their history.
        Index("ix_ledger_worker_voucher", "worker_id", "id", sqlite_where=text("voucher_type IS NOT NULL"),
              postgresql_where=text("voucher_type IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="payout")  # payout | reversal
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    programme: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(10))  # 2026-11-23 (lnw) or 2026-W48 (viavia)
    unit_date: Mapped[date] = mapped_column(Date)  # the day, or the Monday of the week
    slot: Mapped[int] = mapped_column(default=0)
    dagdelen: Mapped[int] = mapped_column(default=0)
    premium_cents: Mapped[int] = mapped_column(Cents, default=0)
    travel_cents: Mapped[int] = mapped_column(Cents, default=0)
    vouchers: Mapped[int] = mapped_column(default=0)
    voucher_type: Mapped[str | None] = mapped_column(String(20))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("payout_rule.id"))
    cash_box_id: Mapped[int] = mapped_column(ForeignKey("cash_box.id"), index=True)
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    paid_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    device_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    duplicate: Mapped[bool] = mapped_column(default=False)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_line.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(500), default="")

    worker = relationship("Worker")
    paid_by = relationship("Staff")
    rule = relationship("PayoutRule")
    cash_box = relationship("CashBox")
    reversal = relationship("LedgerLine", remote_side=[reverses_id], uselist=False, viewonly=True,
                            primaryjoin="LedgerLine.id == foreign(LedgerLine.reverses_id)")

    @property
    def cash_cents(self) -> int:
        return self.premium_cents + self.travel_cents


@event.listens_for(LedgerLine, "before_update")
@event.listens_for(LedgerLine, "before_delete")
def _append_only(mapper, connection, target):
    raise PermissionError("the payout ledger is append-only: correct with a reversal")
