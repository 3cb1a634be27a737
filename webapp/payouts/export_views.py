"""Exports for the finance office: CSV and a printable list with totals."""
from datetime import date, timedelta

from flask import render_template

from .. import clock, csvfiles, params
from ..audit.operations import exporting, record
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from . import bp, export

OFFICE = (roles.SUPERVISOR, roles.ADMIN)


def _period() -> tuple[date, date]:
    """The period asked for (`van`, `tot`); this week up to today for what is not sent."""
    today = clock.today()
    return (params.day_arg("van", field="begindatum", default=today - timedelta(days=today.weekday())),
            params.day_arg("tot", field="einddatum"))


@bp.get("/overzicht")
@allow(*OFFICE)
def overview():
    """A printable list of the period's payouts with totals per programme, cash box and voucher type."""
    start, end = _period()
    rows = list(export.rows(start, end))
    record("view_payouts", None, f"uitbetalingen {start}–{end}: {len(rows)} regels")
    db.session.commit()
    return render_template("payouts/overview.html", start=start, end=end, rows=rows, totals=export.totals(rows))


@bp.get("/export.csv")
@allow(*OFFICE)
def export_csv():
    """Download the period's payouts as CSV."""
    start, end = _period()
    lines = (r.cells() for r in export.rows(start, end))
    return csvfiles.download(f"uitbetalingen-{start}-{end}.csv", export.COLUMNS,
                             exporting(f"uitbetalingen {start}–{end}", lines))
