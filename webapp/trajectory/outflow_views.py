"""The outflow report (uitstroom): per track and module for a period, the cohort view, and their CSV."""
from datetime import date

from flask import Response, render_template, request

from .. import clock, params
from ..audit.operations import record
from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from ..formatting import day_year
from ..translatable import _
from . import bp, catalogue, figures

READERS = (roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN)


def _period() -> tuple[date, date, bool, str | None]:
    """(from, to, cohort?, a refusal): this calendar year so far unless the request names dates."""
    today = clock.today()
    start = params.day_arg("van", field="begindatum", default=date(today.year, 1, 1))
    end = params.day_arg("tot", field="einddatum", default=today)
    refusal = None
    if end < start:
        refusal = _("De periode eindigt op %(end)s, vóór ze begint (%(start)s): kies een einddatum na de begindatum.",
                    end=day_year(end, today), start=day_year(start, today))
    return start, end, request.args.get("weergave") == "cohort", refusal


def _method() -> str | None:
    """The method asked for (`methode`, its code) when there is one with that code, else None: all methods."""
    asked = request.args.get("methode") or None
    return asked if asked in {m.code for m in catalogue.methods()} else None


@bp.get("/trajecten/uitstroom")
@allow(*READERS)
def outflow():
    """Outflow for a period per track and module, with n; or the cohort of starters 12 months on."""
    start, end, cohort, refusal = _period()
    record("view", detail=f"uitstroom {start}–{end}{' cohort' if cohort else ''}")
    db.session.commit()
    method = _method()
    shown = {} if refusal else figures.report(start, end, cohort, clock.today(), method)
    return render_template("trajectory/outflow.html", start=start, end=end, cohort=cohort, refusal=refusal,
                           method=method, methods=catalogue.methods(), labels=figures.LABELS,
                           period_label=figures.period_label(start, end), presets=figures.presets(clock.today()),
                           **shown), 422 if refusal else 200


@bp.get("/trajecten/uitstroom.csv")
@allow(*READERS)
def outflow_csv():
    """Download the period table (or, with weergave=cohort, the cohort table) as CSV, the CLI's columns."""
    start, end, cohort, refusal = _period()
    if refusal:
        return render_template("error.html", title=_("Klopt niet"), message=refusal), 422
    record("export", detail=f"uitstroom {start}–{end}{' cohort' if cohort else ''}")
    db.session.commit()
    method = _method()
    if cohort:
        body = figures.cohort_csv(figures.cohort_rows(start, end, clock.today(), method), with_bom=True)
    else:
        body = figures.period_csv(figures.period_rows(start, end, method)[0], with_bom=True)
    name = f"uitstroom{'-' + method if method else ''}{'-cohort' if cohort else ''}-{start}-{end}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'})
