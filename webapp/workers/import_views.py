"""Importing workers from CSV (preview, then all or nothing) and exporting them."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import clock, csvfiles
from ..audit.operations import exporting
from ..auth import roles
from ..auth.access import allow
from ..errors import Refused
from . import bp, csv_io


@bp.route("/import", methods=["GET", "POST"])
@allow(*roles.RECORD_KEEPERS)
def import_preview():
    """Upload a CSV file and see what each row would do; nothing is written yet."""
    if request.method == "GET":
        return render_template("workers/import.html", parsed=None, columns=csv_io.COLUMN_HELP)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("workers/import.html", parsed=None, columns=csv_io.COLUMN_HELP,
                               error=_("Kies eerst een CSV-bestand.")), 422
    parsed = csv_io.parse(csvfiles.decode(upload.read()))
    return render_template("workers/import.html", parsed=parsed, columns=csv_io.COLUMN_HELP), 200 if parsed.ok else 422


@bp.post("/import/bevestigen")
@allow(*roles.RECORD_KEEPERS)
def import_confirm():
    """Import the previewed file: every row, or none when anything is wrong."""
    parsed = csv_io.parse(request.form.get("csv", ""))
    if not parsed.ok:
        return render_template("workers/import.html", parsed=parsed, columns=csv_io.COLUMN_HELP), 422
    try:
        created, updated = csv_io.apply(parsed)
    except Refused as refusal:
        return render_template("workers/import.html", parsed=parsed, columns=csv_io.COLUMN_HELP, error=str(refusal)), 422
    flash(_("Import klaar: %(created)s nieuw, %(updated)s bijgewerkt.", created=created, updated=updated), "ok")
    return redirect(url_for("workers.index"))


@bp.get("/export.csv")
@allow(*roles.RECORD_KEEPERS)
def export():
    """Download all workers as CSV (opens in Excel)."""
    return csvfiles.download(f"medewerkers-{clock.today().isoformat()}.csv", csv_io.COLUMNS,
                             exporting("medewerkers", csv_io.export_rows()))
