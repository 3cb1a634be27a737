"""Attendance CSV import (paper lists typed into Excel; preview, then all or nothing) and export."""
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import func, select

from .. import csvfiles, parse as parse_module
from ..translatable import _, _l
from ..audit.operations import record
from ..auth.models import Staff
from ..extensions import db, streamed
from ..org.models import DagdeelBlock, Workshop
from ..workers.models import Worker
from ..payouts.locks import paid_line
from ..sqldates import iso_day, iso_seconds
from .models import Attendance
from .operations import set_status
from .queries import marked
from . import rules
from .rules import STATUSES

COLUMNS = ["external_id", "date", "workshop", "dagdeel", "status", "note"]
EXPORT_COLUMNS = COLUMNS + ["recorded_by", "recorded_at"]
# What each column holds, for the import page (the column names themselves stay as the file has them).
COLUMN_HELP = {
    "external_id": _l("medewerkernummer"), "date": _l("datum, JJJJ-MM-DD of DD-MM-JJJJ"),
    "workshop": _l("werkplaats, op naam"), "dagdeel": _l("dagdeel, op naam"),
    "status": _l("status als code: aanwezig, te_laat, vroeg_weg, afwezig_bericht, afwezig_zonder_bericht of naar_huis"),
    "note": _l("toelichting (mag leeg)"),
}


def parse_date(text: str) -> date:
    """YYYY-MM-DD, or DD-MM-YYYY as Dutch Excel writes it."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def parse(text: str) -> csvfiles.Parsed:
    """Check every row against the database; writes nothing."""
    raw_rows, errors = csvfiles.read(text, COLUMNS, {"note"})
    workers = {w.external_id: w.id for w in db.session.execute(select(Worker.external_id, Worker.id))}
    blocks = {(ws.lower(), b.lower()): i for ws, b, i in db.session.execute(
        select(Workshop.name, DagdeelBlock.name, DagdeelBlock.id).join(DagdeelBlock.workshop))}
    workshops = {ws.lower() for ws, _block in blocks}
    rows, seen = [], {}
    for line, values in raw_rows:
        row = csvfiles.Row(line, values)
        v = values
        if v["external_id"] not in workers:
            row.errors.append(_("kolom external_id: onbekende medewerker '%(value)s'.", value=v['external_id']))
        try:
            row.data["date"] = parse_date(v["date"])
        except ValueError:
            row.errors.append(_("kolom date: '%(value)s' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ).", value=v['date']))
        if v["workshop"].lower() not in workshops:
            row.errors.append(_("kolom workshop: onbekende werkplaats '%(value)s'.", value=v['workshop']))
        elif (v["workshop"].lower(), v["dagdeel"].lower()) not in blocks:
            row.errors.append(_("kolom dagdeel: werkplaats '%(workshop)s' heeft geen dagdeel '%(value)s'.", workshop=v['workshop'],
                                value=v['dagdeel']))
        if v["status"] not in STATUSES:
            row.errors.append(_("kolom status: '%(value)s' is geen status (gebruik %(codes)s).", value=v['status'],
                                codes=', '.join(STATUSES)))
        if len(v.get("note", "")) > rules.NOTE_MAX:
            row.errors.append(_("kolom note: %(problem)s", problem=parse_module.too_long(rules.NOTE_MAX, len(v["note"]))))
        if not row.errors:
            row.data.update(worker_id=workers[v["external_id"]], block_id=blocks[(v["workshop"].lower(), v["dagdeel"].lower())])
            key = (row.data["worker_id"], row.data["date"], row.data["block_id"])
            if paid_line(*key) is not None:
                row.errors.append(_("dit dagdeel is al uitbetaald; corrigeer het via een terugboeking."))
            if key in seen:
                row.errors.append(_("dezelfde medewerker, datum en dagdeel staan ook op regel %(line)s.", line=seen[key]))
            seen.setdefault(key, line)
        rows.append(row)
    return csvfiles.Parsed(text, rows, errors)


def apply(parsed: csvfiles.Parsed) -> int:
    """Write every row in one transaction (call only when parsed.ok); returns the number written."""
    try:
        for row in parsed.rows:
            set_status(row.data["worker_id"], row.data["date"], row.data["block_id"], row.values["status"],
                       note=row.values.get("note", ""))
        record("attendance_import", detail=f"{len(parsed.rows)} regels")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(parsed.rows)


def export_rows(start: date, end: date) -> Iterator[tuple]:
    """Attendance between two dates (inclusive) with who recorded it and when (at the workshops of the logged-in
    staff member's sites); a mark taken back is no record, so not a line (and the import knows no 'open'). Plain
    rows as the database writes them (dates too), read as the download goes (ten years are millions)."""
    from ..trajectory import access  # the site rule reads attendance's neighbours
    query = (select(Worker.external_id, iso_day(Attendance.date), Workshop.name, DagdeelBlock.name, Attendance.status,
                    Attendance.note, func.coalesce(Staff.email, ""), iso_seconds(Attendance.updated_at))
             .join(Worker, Worker.id == Attendance.worker_id).join(DagdeelBlock, DagdeelBlock.id == Attendance.block_id)
             .join(Workshop, Workshop.id == DagdeelBlock.workshop_id).outerjoin(Staff, Staff.id == Attendance.updated_by_id)
             .where(Attendance.date >= start, Attendance.date <= end, marked(), access.of_my_sites(Workshop.site_id))
             .order_by(Attendance.date, Attendance.id))
    return streamed(query)


def export(start: date, end: date, with_bom: bool = False) -> str:
    """The attendance CSV of a period as one text (the command line)."""
    return csvfiles.write(EXPORT_COLUMNS, export_rows(start, end), with_bom)
