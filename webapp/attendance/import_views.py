"""Importing attendance from paper lists typed into Excel, and exporting it."""
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock, csvfiles, params
from ..audit.operations import exporting
from ..auth import roles
from ..auth.access import allow
from . import bp, csv_io

KEEPERS = (roles.SUPERVISOR, roles.ADMIN)


@bp.route("/import", methods=["GET", "POST"])
@allow(*KEEPERS)
def import_preview():
    """Upload an attendance CSV and see each row's outcome; nothing is written yet."""
    parsed, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Kies eerst een CSV-bestand.")
        else:
            parsed = csv_io.parse(csvfiles.decode(upload.read()))
    status = 422 if error or (parsed and not parsed.ok) else 200
    return render_template("attendance/import.html", parsed=parsed, error=error, columns=csv_io.COLUMN_HELP,
                           today=clock.today(), week_ago=clock.today() - timedelta(days=6)), status


@bp.post("/import/bevestigen")
@allow(*KEEPERS)
def import_confirm():
    """Import the previewed file: every row, or none when anything is wrong."""
    parsed = csv_io.parse(request.form.get("csv", ""))
    if not parsed.ok:
        return render_template("attendance/import.html", parsed=parsed, error=None, columns=csv_io.COLUMN_HELP,
                               today=clock.today(), week_ago=clock.today() - timedelta(days=6)), 422
    flash(_("Import klaar: %(n)s regels aanwezigheid.", n=csv_io.apply(parsed)), "ok")
    return redirect(url_for("attendance.import_preview"))


@bp.get("/export.csv")
@allow(*KEEPERS)
def export():
    """Download attendance for a period as CSV."""
    start = params.optional_day_arg("van", field="begindatum")
    end = params.optional_day_arg("tot", field="einddatum")
    if start is None or end is None:
        flash(_("Kies een begin- en einddatum."), "error")
        return redirect(url_for("attendance.import_preview"))
    return csvfiles.download(f"aanwezigheid-{start}-{end}.csv", csv_io.EXPORT_COLUMNS,
                             exporting(f"aanwezigheid {start}–{end}", csv_io.export_rows(start, end)))
