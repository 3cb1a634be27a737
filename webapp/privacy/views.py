"""'Wie heeft mijn gegevens ingezien' and the worker's own data, for counsellors and beheerders."""
from datetime import timedelta

from flask import Response, render_template

from .. import clock, params
from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from ..workers import queries as workers
from . import bp, export, queries

WHO = (roles.COUNSELLOR, roles.ADMIN)
DEFAULT_DAYS = 365  # the report opens on the last year


def _period():
    end = params.day_arg("tot", field="einddatum")
    start = params.day_arg("van", field="begindatum", default=end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        start, end = end, start
    return start, end


@bp.get("/medewerkers/<int:worker_id>/inzage")
@allow(*WHO)
def report(worker_id: int):
    """Every access to this worker's data in a period, newest first, in plain words; printable for the worker."""
    worker = workers.get_or_404(worker_id)
    start, end = _period()
    page = db.paginate(queries.accesses(worker.id, start, end), page=params.id_arg("pagina") or 1, per_page=100,
                       error_out=False)
    record("view_access_report", worker, f"{start}–{end}")
    db.session.commit()
    return render_template("privacy/report.html", worker=worker, page=page, start=start, end=end)


@bp.get("/medewerkers/<int:worker_id>/inzage/afdruk")
@allow(*WHO)
def report_print(worker_id: int):
    """The report on paper, the whole period, for the worker to take home."""
    worker = workers.get_or_404(worker_id)
    start, end = _period()
    lines = db.session.scalars(queries.accesses(worker.id, start, end)).all()
    record("print_access_report", worker, f"{start}–{end}: {len(lines)} regels")
    db.session.commit()
    return render_template("privacy/report_print.html", worker=worker, lines=lines, start=start, end=end,
                           today=clock.today())


@bp.get("/medewerkers/<int:worker_id>/gegevens.zip")
@allow(*WHO)
def own_data(worker_id: int):
    """All of this worker's data in one download: JSON for a machine, an HTML document to print, the photo."""
    worker = workers.get_or_404(worker_id)
    data = queries.own_data(worker)
    made = clock.now()
    document = render_template("privacy/own_data.html", worker=worker, data=data, made=made, plain=export.plain,
                               title=export.title)
    archive = export.build(data, document, worker.photo.data if worker.photo else None, made)
    record("export_own_data", worker, f"{len(data)} tabellen, {export.rows_in(data)} regels")
    db.session.commit()
    name = f"gegevens-{worker.external_id}-{clock.today()}.zip"
    return Response(archive, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
