"""Outflow figures (uitstroom) from the enrolments: the period table per track and per module, the cohort view,
their CSV, and the seed's sentence ("In 2011 sloot 35,0 % …"). The counting itself is trajectory/outflow.py;
this module loads the stays (one query) and shapes what the report page and the CLI show."""
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_date
from sqlalchemy import select, true

from .. import csvfiles
from ..extensions import db
from ..formatting import long_day
from ..translatable import _, _l, language, ngettext
from . import catalogue, outflow
from .models import Enrolment, Method, Module

PERIOD_COLUMNS = ["track", "exits", "positief", "negatief", "overig", "positief_pct", "negatief_pct", "overig_pct"]
COHORT_COLUMNS = ["track", "starters", "positief", "negatief", "overig", "lopend"]
COHORT_MONTHS = 12


def _stays(involved, method: str | None = None) -> tuple[list[outflow.Stay], dict[tuple[int, str, date], str], list[str]]:
    """The enrolments of every worker who has one matching `involved` (all of that worker's, since an exit depends
    on what comes next) as Stays in one query; the module name of each ending (worker, track, end day); and every
    track of the catalogue's methods in use (anyone ever enrolled), so that a track without exits still shows 0. With `method` (a method code) only that
    method's enrolments and tracks."""
    in_method = Module.method_id.in_(select(Method.id).where(Method.code == method)) if method else true()
    rows = db.session.execute(
        select(Enrolment.worker_id, Module.track, Module.name, Enrolment.start_date, Enrolment.end_date,
               Enrolment.outcome).join(Module, Enrolment.module_id == Module.id)
        .where(Enrolment.worker_id.in_(select(Enrolment.worker_id).join(Module, Enrolment.module_id == Module.id)
                                       .where(involved, in_method)), in_method)
    ).all()
    stays = [outflow.Stay(w, track, start, end, outcome) for w, track, _name, start, end, outcome in rows]
    ending = {(w, track, end): name for w, track, name, _start, end, _outcome in rows if end is not None}
    used = select(Module.method_id).join(Enrolment, Enrolment.module_id == Module.id)
    tracks = sorted(db.session.scalars(select(Module.track).where(in_method, Module.method_id.in_(used)).distinct()))
    return stays, ending, tracks


def period_rows(start: date, end: date, method: str | None = None) -> tuple[list[outflow.Row], list[outflow.Row]]:
    """Exits whose day lies in [start, end]: per track (and totaal), and per module of the ending enrolment; of one
    method (its code) or of all."""
    stays, ending, tracks = _stays(Enrolment.end_date.between(start, end), method)
    found = outflow.exits(stays, catalogue.outflow_classes(method))
    per_module = [replace(e, track=ending[(e.worker_id, e.track, e.day)]) for e in found]
    return outflow.period_table(found, start, end, tracks), outflow.period_table(per_module, start, end)


def cohort_rows(start: date, end: date, on: date, method: str | None = None) -> list[outflow.CohortRow]:
    """Everyone who started a track in [start, end], with their status 12 months on (or on `on`, today, when
    that is earlier): the class of their exit, or lopend."""
    stays, _ending, tracks = _stays(Enrolment.start_date.between(start, end), method)
    return outflow.cohort_table(stays, catalogue.outflow_classes(method), start, end, COHORT_MONTHS, on=on, tracks=tracks)


@dataclass(frozen=True)
class Card:
    """One track (or module, or the totaal) as the page shows it: n, and per class its count and share of n."""

    title: str
    n: int
    lines: list[tuple[str, str, int, str]]  # (key, label in words, count, '35,0')
    is_total: bool = False


LABELS = {"positief": _l("positief"), "negatief": _l("negatief"), "overig": _l("overig"), "lopend": _l("lopend")}


def period_cards(rows: list[outflow.Row]) -> list[Card]:
    """The period table as cards, one per row, each class with its percentage of that row's exits."""
    return [Card(_title(r.track), r.exits, [(k, str(LABELS[k]), getattr(r, k), percent(getattr(r, f"{k}_pct")))
                                           for k in outflow.CLASSES], r.track == outflow.TOTAL) for r in rows]


def cohort_cards(rows: list[outflow.CohortRow]) -> list[Card]:
    """The cohort table as cards: each status with its share of the row's starters."""
    keys = outflow.CLASSES + (outflow.STILL_RUNNING,)
    return [Card(_title(r.track), r.starters, [(k, str(LABELS[k]), getattr(r, k),
                                                percent(outflow.percentage(getattr(r, k), r.starters))) for k in keys],
                 r.track == outflow.TOTAL) for r in rows]


def _title(track: str) -> str:
    return _("Totaal") if track == outflow.TOTAL else track[:1].upper() + track[1:]


def period_label(start: date, end: date) -> str:
    """'2011' for a whole calendar year, else '1 januari 2026 – 23 november 2026'."""
    if (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31):
        return str(start.year)
    return f"{_long(start)} – {_long(end)}"


def presets(today: date) -> list[tuple[str, date, date]]:
    """The periods one tap away: this calendar year so far, and last year."""
    return [(_("Dit jaar"), date(today.year, 1, 1), today),
            (_("Vorig jaar"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))]


def report(start: date, end: date, cohort: bool, on: date, method: str | None = None) -> dict:
    """What the report page shows for a period (of one method, or all): the cards of the period or the cohort view,
    the seed's sentence per track with exits, the per-module list, and the method's outflow reasons by class."""
    reasons = [r for r in catalogue.outflow_reasons(method)]
    if cohort:
        return {"cards": cohort_cards(cohort_rows(start, end, on, method)), "reasons": reasons}
    tracks, modules = period_rows(start, end, method)
    return {"cards": period_cards(tracks), "module_cards": period_cards(modules), "reasons": reasons,
            "sentences": [sentence(r, start, end) for r in tracks if r.exits and r.track != outflow.TOTAL]}


def percent(value: float) -> str:
    """A percentage with one decimal and a decimal comma, as Dutch Excel reads it and the seed writes it: 35,0."""
    return f"{value:.1f}".replace(".", ",")


def period_csv(rows: list[outflow.Row], with_bom: bool = False) -> str:
    """The period table as `;`-separated CSV (PERIOD_COLUMNS), percentages with a decimal comma."""
    return csvfiles.write(PERIOD_COLUMNS, [
        [r.track, r.exits, r.positief, r.negatief, r.overig, percent(r.positief_pct), percent(r.negatief_pct),
         percent(r.overig_pct)] for r in rows], with_bom)


def cohort_csv(rows: list[outflow.CohortRow], with_bom: bool = False) -> str:
    """The cohort table as `;`-separated CSV (COHORT_COLUMNS)."""
    return csvfiles.write(COHORT_COLUMNS, [[r.track, r.starters, r.positief, r.negatief, r.overig, r.lopend] for r in rows],
                          with_bom)


def sentence(row: outflow.Row, start: date, end: date) -> str:
    """The seed's sentence for one track and period, from the figures, with the n up front so the share reads as
    one of those who left, not of everyone: 'In 2011 verlieten 20 medewerkers een arbeidsrehabilitatietraject:
    35,0 % sloot het positief af; de negatieve uitstroom was 17,0 %.'"""
    if (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31):
        period = _("In %(year)s", year=start.year)
    elif (start.month, start.day) == (1, 1) and end.year == start.year:
        period = _("In %(year)s tot en met %(day)s", year=start.year, day=format_date(end, "d MMMM", locale=language()))
    else:
        period = _("Van %(start)s tot en met %(end)s", start=_long(start), end=_long(end))
    if row.exits == 0:
        return _("%(period)s is niemand uit een %(track)straject uitgestroomd.", period=period, track=row.track)
    return ngettext("%(period)s verliet %(num)s medewerker een %(track)straject: %(positive)s %% sloot het positief "
                    "af; de negatieve uitstroom was %(negative)s %%.",
                    "%(period)s verlieten %(num)s medewerkers een %(track)straject: %(positive)s %% sloot het positief "
                    "af; de negatieve uitstroom was %(negative)s %%.", row.exits, period=period,
                    positive=percent(row.positief_pct), track=row.track,
                    negative=percent(row.negatief_pct)).replace(" %", "\u00a0%")


def _long(day: date) -> str:
    return long_day(day).split(" ", 1)[1]  # '1 januari 2011': the weekday adds nothing to a period
