"""Canonical paid units: every ledger line's unit in its one spelling, and the database refuses any other

Before, `POST /uitbetaling/betalen` stored the raw unit, so `2026-W47`, `2026-W047`, `2026-w47` and
`2026-W47 ` were different weeks and the unique index let one worker be paid for each. This migration:

1. reads every ledger line's unit the way the app read it when paying (`date.fromisoformat` for a Loon naar
   Werken day; year = unit[:4], week = unit[6:] for a Via Via week) and writes it in its one spelling
   (`2026-11-23`, `2026-W47`), with `unit_date` the day or the week's Monday. A unit that cannot be read at
   all takes its spelling from `unit_date` — the date the app computed from it when paying — and is reported;
2. where two counted payouts of a worker now name the same unit, keeps the earlier one counted and marks the
   later one `duplicate` (so it stays visible in the cash check), unless the earlier was reversed before the
   later was paid; `slot` is recomputed as the number of the unit's reversals before each counted payout, and a
   reversal takes its original's slot;
3. adds the CHECK `ck_ledger_line_unit_canonical` (per dialect, the same text as the model's) so the partial unique
   index `uq_ledger_paid_unit` holds over canonical units only.

A line of a programme other than lnw/viavia has no unit the app could read; the app never wrote one. The
migration stops and names such lines rather than guessing (a person must look at money).
Every change is printed as a report line.

Revision ID: e7a3c91b5d20
Revises: f2b8d46a0c13
Create Date: 2026-11-25 10:00:00

"""
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa

revision = 'e7a3c91b5d20'
down_revision = 'f2b8d46a0c13'
branch_labels = None
depends_on = None

# The same text as webapp/payouts/models.py: UNIT_CHECK (tests/test_paid_units.py compares them).
UNIT_CHECK = {
    "sqlite": (
        "(programme = 'lnw' AND unit GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
        " AND unit = date(unit, '+0 days') AND unit = unit_date)"
        " OR (programme = 'viavia' AND unit GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'"
        " AND strftime('%w', unit_date) = '1'"
        " AND unit = strftime('%Y', unit_date, '+3 days') || '-W'"
        " || printf('%02d', (CAST(strftime('%j', unit_date, '+3 days') AS INTEGER) + 6) / 7))"),
    "postgresql": (
        r"(programme = 'lnw' AND unit ~ '^\d{4}-\d{2}-\d{2}$' AND unit = to_char(unit_date, 'YYYY-MM-DD'))"
        r" OR (programme = 'viavia' AND unit ~ '^\d{4}-W\d{2}$' AND extract(isodow FROM unit_date) = 1"
        " AND unit = to_char(unit_date, 'IYYY-\"W\"IW'))"),
}

LEDGER = sa.table("ledger_line", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("worker_id", sa.Integer),
                  sa.column("programme", sa.String), sa.column("unit", sa.String), sa.column("unit_date", sa.Date),
                  sa.column("slot", sa.Integer), sa.column("duplicate", sa.Boolean), sa.column("reverses_id", sa.Integer))


def _week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def canonical(programme: str, unit: str, unit_date: date) -> tuple[str, date, str] | None:
    """A stored unit in its one spelling, its date (the day, or the week's Monday) and a report note ('' when
    it was read as the app read it); None for a programme without units."""
    if programme == "lnw":
        try:
            day, note = date.fromisoformat(unit.strip()), ""
        except ValueError:
            day, note = unit_date, "onleesbaar, gelezen uit unit_date"
        return day.isoformat(), day, note
    if programme == "viavia":
        try:
            monday, note = date.fromisocalendar(int(unit[:4]), int(unit[6:]), 1), ""
        except (ValueError, IndexError):
            monday, note = unit_date - timedelta(days=unit_date.weekday()), "onleesbaar, gelezen uit unit_date"
        return _week(monday), monday, note
    return None


def plan(rows: list[dict]) -> tuple[dict[int, dict], list[str]]:
    """What to change (per line id: the changed columns) so every unit is canonical and at most one payout per
    worker, programme, unit and slot counts; and the report. `rows`: every ledger line as a dict."""
    changes: dict[int, dict] = {}
    report: list[str] = []
    unknown = [r["id"] for r in rows if canonical(r["programme"], r["unit"], r["unit_date"]) is None]
    if unknown:
        raise RuntimeError(f"ledger lines {unknown} have a programme without units; look at them before migrating")
    fixed = {}
    for r in rows:
        unit, unit_date, note = canonical(r["programme"], r["unit"], r["unit_date"])
        fixed[r["id"]] = dict(r, unit=unit, unit_date=unit_date)
        changed = {k: v for k, v in (("unit", unit), ("unit_date", unit_date)) if v != r[k]}
        if changed:
            changes[r["id"]] = changed
            report.append(f"ledger_line {r['id']}: unit {r['unit']!r} -> {unit!r}" + (f" ({note})" if note else ""))
    touched = {(r["worker_id"], r["programme"], r["unit"]) for i, r in fixed.items() if i in changes}
    groups: dict[tuple, list[dict]] = {}
    for r in sorted(fixed.values(), key=lambda r: r["id"]):
        key = (r["worker_id"], r["programme"], r["unit"])
        if key in touched:
            groups.setdefault(key, []).append(r)
    for lines in groups.values():
        _settle(lines, changes, report)
    return changes, report


def _settle(lines: list[dict], changes: dict[int, dict], report: list[str]) -> None:
    """One worker's lines of one canonical unit, in id order: the first counted payout counts, a later one while
    it still counted becomes a duplicate; slots follow the reversals before each payout."""
    reversal_of = {r["reverses_id"]: r for r in lines if r["kind"] == "reversal"}
    slots, counted = {}, []
    for line in lines:
        if line["kind"] != "payout" or line["duplicate"]:
            continue
        if any(q["id"] not in reversal_of or reversal_of[q["id"]]["id"] > line["id"] for q in counted):
            changes.setdefault(line["id"], {})["duplicate"] = True
            report.append(f"ledger_line {line['id']}: second counted payout of {line['programme']} {line['unit']} "
                          f"for worker {line['worker_id']}: marked duplicate")
            continue
        slots[line["id"]] = sum(1 for r in reversal_of.values() if r["id"] < line["id"])
        counted.append(line)
    for line in lines:
        slot = slots.get(line["id"]) if line["kind"] == "payout" else slots.get(line["reverses_id"])
        if slot is not None and slot != line["slot"]:
            changes.setdefault(line["id"], {})["slot"] = slot


def upgrade():
    bind = op.get_bind()
    rows = [dict(r._mapping) for r in bind.execute(sa.select(LEDGER))]
    changes, report = plan(rows)
    for line in report:
        print(f"e7a3c91b5d20: {line}")
    op.drop_index('uq_ledger_paid_unit', table_name='ledger_line')  # rows are respelled one by one
    for line_id, values in changes.items():
        bind.execute(LEDGER.update().where(LEDGER.c.id == line_id).values(**values))
    op.create_index('uq_ledger_paid_unit', 'ledger_line', ['worker_id', 'programme', 'unit', 'slot'], unique=True,
                    sqlite_where=sa.text("kind = 'payout' AND duplicate = 0"),
                    postgresql_where=sa.text("kind = 'payout' AND duplicate = false"))
    with op.batch_alter_table('ledger_line') as batch_op:
        batch_op.create_check_constraint(op.f('ck_ledger_line_unit_canonical'), sa.text(UNIT_CHECK[bind.dialect.name]))


def downgrade():
    with op.batch_alter_table('ledger_line') as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_line_unit_canonical'), type_='check')
