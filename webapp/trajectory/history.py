"""Importing trajectory history from paper or Excel (`flask trajectory import FILE.csv`): all rows or none.

Header `external_id;module;phase;start_date;end_date;outcome` (`;` or `,`, UTF-8 or Windows-1252), with an
optional `method` column for when a module code exists in more than one method. An enrolment runs from its
start date up to its end date, as `operations.enrol` writes them (the next one may start on the day the
previous one ends); an empty end date is the current enrolment.
"""
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .. import clock, csvfiles
from ..audit.operations import record
from ..extensions import db
from ..translatable import _
from ..workers.models import Worker
from .models import Enrolment, Method, Module, OutflowReason

COLUMNS = ["external_id", "module", "phase", "start_date", "end_date", "outcome", "method"]
OPTIONAL_COLUMNS = {"method"}
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_DUTCH = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")  # how Dutch Excel writes a date: 1-3-2011


@dataclass(frozen=True)
class Span:
    """An enrolment's days: from start up to end (None: still running)."""

    start: date
    end: date | None
    label: str  # how an error names it: 'regel 4' or 'de bestaande inschrijving Via Via (…)'

    def overlaps(self, other: "Span") -> bool:
        return (other.end is None or self.start < other.end) and (self.end is None or other.start < self.end)


def parse(text: str) -> csvfiles.Parsed:
    """Read and check every row against the catalogue and the database; writes nothing."""
    raw_rows, errors = csvfiles.read(text, COLUMNS, OPTIONAL_COLUMNS)
    lookup = _Lookup()
    rows = [_check(csvfiles.Row(line, values), lookup) for line, values in raw_rows]
    _check_together([r for r in rows if not r.errors], lookup)
    return csvfiles.Parsed(text, rows, errors)


class _Lookup:
    """The catalogue, outflow codes and workers, loaded once for the whole file."""

    def __init__(self):
        self.methods = {m.code: m for m in db.session.scalars(select(Method))}
        self.modules = defaultdict(list)
        for module in db.session.scalars(select(Module).order_by(Module.method_id, Module.position)):
            self.modules[module.code.lower()].append(module)
        self.outcomes = {(r.method_id, r.code) for r in db.session.scalars(select(OutflowReason))}
        self.workers: dict[str, Worker | None] = {}

    def worker(self, external_id: str) -> Worker | None:
        if external_id not in self.workers:
            self.workers[external_id] = db.session.scalar(select(Worker).where(Worker.external_id == external_id))
        return self.workers[external_id]


def _check(row: csvfiles.Row, lookup: _Lookup) -> csvfiles.Row:
    v, d = row.values, row.data
    ext = v.get("external_id", "")
    if not ext:
        row.errors.append(_("kolom external_id: mag niet leeg zijn."))
    elif (worker := lookup.worker(ext)) is None:
        row.errors.append(_("kolom external_id: onbekende medewerker '%(value)s'.", value=ext))
    else:
        d["worker"] = worker
    _check_module(row, lookup)
    d["start"] = _date(row, "start_date", required=True)
    d["end"] = _date(row, "end_date", required=False)
    if d["start"] and d["end"] and d["end"] < d["start"]:
        row.errors.append(_("kolom end_date: %(end)s ligt vóór de startdatum %(start)s.", end=v["end_date"], start=v["start_date"]))
    outcome = v.get("outcome", "")
    d["outcome"] = outcome or None
    if outcome and not v.get("end_date"):
        row.errors.append(_("kolom outcome: alleen bij een einddatum (een lopende inschrijving heeft nog geen uitstroom)."))
    elif outcome and d.get("module") and (d["module"].method_id, outcome) not in lookup.outcomes:
        row.errors.append(_("kolom outcome: onbekende uitstroomreden '%(value)s'.", value=outcome))
    return row


def _check_module(row: csvfiles.Row, lookup: _Lookup) -> None:
    v, d = row.values, row.data
    code, phase_text, method_code = v.get("module", "").lower(), v.get("phase", ""), v.get("method", "").lower()
    d["module"] = d["phase"] = None
    if method_code and method_code not in lookup.methods:
        row.errors.append(_("kolom method: onbekende methode '%(value)s'.", value=v["method"]))
        return
    if not code:
        row.errors.append(_("kolom module: mag niet leeg zijn."))
        return
    found = [m for m in lookup.modules.get(code, []) if not method_code or m.method_id == lookup.methods[method_code].id]
    if not found:
        row.errors.append(_("kolom module: onbekende module '%(value)s' (zie de trajectcatalogus).", value=v["module"]))
        return
    if len(found) > 1:
        row.errors.append(_("kolom module: '%(value)s' bestaat in meer methoden; vul de kolom method in.", value=v["module"]))
        return
    module = d["module"] = found[0]
    if not phase_text:
        return
    if not phase_text.isdigit():
        row.errors.append(_("kolom phase: '%(value)s' is geen fasenummer.", value=phase_text))
        return
    d["phase"] = next((p for p in module.phases if p.number == int(phase_text)), None)
    if d["phase"] is None and not (not module.phases and int(phase_text) == 1):
        row.errors.append(_("kolom phase: module '%(module)s' heeft geen fase %(phase)s.", module=module.code, phase=phase_text))


def _date(row: csvfiles.Row, column: str, required: bool) -> date | None:
    """A date written as JJJJ-MM-DD (or as Dutch Excel writes it, DD-MM-JJJJ), not after today."""
    text = row.values.get(column, "")
    if not text:
        if required:
            row.errors.append(_("kolom %(column)s: mag niet leeg zijn.", column=column))
        return None
    try:
        if _ISO.fullmatch(text):
            value = date(*(int(part) for part in text.split("-")))
        elif match := _DUTCH.fullmatch(text):
            value = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            raise ValueError
    except ValueError:
        row.errors.append(_("kolom %(column)s: '%(value)s' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
                            column=column, value=text[:20]))
        return None
    if value > clock.today():
        row.errors.append(_("kolom %(column)s: %(value)s ligt in de toekomst.", column=column, value=text))
        return None
    return value


def _check_together(rows: list[csvfiles.Row], lookup: _Lookup) -> None:
    """Per worker: at most one current row, no two enrolments overlapping (rows and what is already stored), and
    an outcome on the last ended enrolment when nothing follows it (that is an exit, which needs a reason)."""
    by_worker: dict[int, list[csvfiles.Row]] = defaultdict(list)
    for row in rows:
        by_worker[row.data["worker"].id].append(row)
    stored = defaultdict(list)
    for e in db.session.scalars(select(Enrolment).where(Enrolment.worker_id.in_(by_worker)).order_by(Enrolment.start_date)):
        stored[e.worker_id].append(e)
    for worker_id, own in by_worker.items():
        own.sort(key=lambda r: (r.data["start"], r.line))
        spans = [Span(e.start_date, e.end_date, _("de bestaande inschrijving %(module)s (%(start)s – %(end)s)",
                      module=e.module.name, start=e.start_date.isoformat(), end=e.end_date.isoformat() if e.end_date else _("nu")))
                 for e in stored[worker_id]]
        current = [r for r in own if r.data["end"] is None]
        for extra in current[1:]:
            extra.errors.append(_("kolom end_date: leeg, maar regel %(line)s is al de lopende inschrijving van %(worker)s.",
                                  line=current[0].line, worker=extra.values["external_id"]))
        for row in own:
            span = Span(row.data["start"], row.data["end"], _("regel %(line)s", line=row.line))
            clash = next((s for s in spans if span.overlaps(s)), None)
            if clash is not None:
                row.errors.append(_("kolom start_date: %(start)s – %(end)s overlapt met %(other)s.",
                                    start=row.values["start_date"], end=row.values.get("end_date") or _("nu"), other=clash.label))
            spans.append(span)
        _check_last_outcome(own, stored[worker_id])


def _check_last_outcome(own: list[csvfiles.Row], stored: list[Enrolment]) -> None:
    """The row that ends last, with no enrolment after it, ends the trajectory: it needs an outflow reason."""
    last = max(own, key=lambda r: (r.data["end"] is None, r.data["end"] or date.min))
    if last.data["end"] is None or last.data["outcome"] or last.errors:
        return
    if any(e.start_date >= last.data["end"] for e in stored):
        return
    last.errors.append(_("kolom outcome: leeg, maar na %(end)s volgt geen inschrijving meer: vul de uitstroomreden in.",
                         end=last.values["end_date"]))


def apply(parsed: csvfiles.Parsed) -> tuple[int, int]:
    """Write every row in one transaction; returns (enrolments, workers). Call only when parsed.ok."""
    per_worker: dict[int, list[csvfiles.Row]] = defaultdict(list)
    try:
        for row in parsed.rows:
            d = row.data
            module, phase = d["module"], d["phase"]
            if phase is None and d["end"] is None and module.phases:
                phase = module.phases[0]  # the current enrolment is in a phase, as operations.enrol makes it
            db.session.add(Enrolment(worker_id=d["worker"].id, module_id=module.id, phase_id=phase.id if phase else None,
                                     start_date=d["start"], end_date=d["end"], outcome=d["outcome"]))
            per_worker[d["worker"].id].append(row)
        for rows in per_worker.values():
            record("import", rows[0].data["worker"],
                   f"trajecthistorie: {len(rows)} inschrijvingen (regels {', '.join(str(r.line) for r in rows)})")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return sum(len(r) for r in per_worker.values()), len(per_worker)
