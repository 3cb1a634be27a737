"""Worker CSV import (preview, then all-or-nothing) and export, for the web and the CLI.

Excel on Dutch Windows writes `;`-separated Windows-1252; others write `,`
and UTF-8. Both are read; export writes `;` and UTF-8.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from .. import clock, csvfiles
from ..errors import Refused
from ..translatable import _, _l
from ..extensions import db, streamed
from ..auth import roles
from ..auth.models import Staff
from ..org.models import Shelter
from ..trajectory import catalogue
from ..trajectory.models import Enrolment, Module, Phase
from ..trajectory.operations import enrol
from .models import Worker

COLUMNS = ["external_id", "first_name", "last_name", "roepnaam", "phone", "shelter", "module", "phase",
           "uitkering", "postadres", "ingeschreven", "travel_cents", "module_since",
           "trajectbegeleider"]
OPTIONAL_COLUMNS = {"module_since", "trajectbegeleider"}
# What each column holds, for the import page (the column names themselves stay as the file has them).
COLUMN_HELP = {
    "external_id": _l("medewerkernummer (verplicht)"), "first_name": _l("voornaam (verplicht)"),
    "last_name": _l("achternaam"), "roepnaam": _l("roepnaam"), "phone": _l("telefoonnummer"),
    "shelter": _l("opvang, op naam"), "module": _l("modulecode uit de trajectcatalogus"), "phase": _l("fasenummer"),
    "uitkering": _l("heeft een uitkering: ja/nee"), "postadres": _l("heeft een postadres: ja/nee"),
    "ingeschreven": _l("ingeschreven in de gemeente: ja/nee"), "travel_cents": _l("reiskosten per dag in centen (460 = € 4,60)"),
    "module_since": _l("in de module sinds, JJJJ-MM-DD (mag ontbreken)"),
    "trajectbegeleider": _l("e-mailadres van de trajectbegeleider (mag ontbreken; leeg: geen)"),
}
YES = {"ja", "j", "1", "true", "waar", "yes", "y"}
NO = {"nee", "n", "0", "false", "onwaar", "no", ""}
FLAGS = ("uitkering", "postadres", "ingeschreven")


@dataclass
class Row(csvfiles.Row):
    existing: Worker | None = None

    @property
    def outcome(self) -> str:
        if self.errors:
            return "fout"
        return "bijwerken" if self.existing else "nieuw"


def parse(text: str) -> csvfiles.Parsed:
    """Read and check every row against the database; writes nothing."""
    raw_rows, errors = csvfiles.read(text, COLUMNS, OPTIONAL_COLUMNS)
    rows = [_check(Row(line, values)) for line, values in raw_rows]
    seen: dict[str, int] = {}
    for row in rows:
        ext = row.values.get("external_id")
        if ext and ext in seen:
            row.errors.append(_("kolom external_id: '%(value)s' staat ook op regel %(line)s.", value=ext, line=seen[ext]))
        seen.setdefault(ext, row.line)
    return csvfiles.Parsed(text, rows, errors)


def _check(row: Row) -> Row:
    v, d = row.values, row.data
    for column in ("external_id", "first_name"):
        if not v.get(column):
            row.errors.append(_("kolom %(column)s: mag niet leeg zijn.", column=column))
    d.update({k: v.get(k, "") for k in ("external_id", "first_name", "last_name", "roepnaam", "phone")})
    for column, limit in (("external_id", 40), ("first_name", 80), ("last_name", 120), ("roepnaam", 80), ("phone", 40)):
        if len(d[column]) > limit:
            row.errors.append(_("kolom %(column)s: langer dan %(limit)s tekens.", column=column, limit=limit))
    for flag in FLAGS:
        value = v.get(flag, "").lower()
        if value not in YES | NO:
            row.errors.append(_("kolom %(column)s: '%(value)s' is geen ja/nee (gebruik ja, nee, 1, 0, true of false).",
                                column=flag, value=v[flag]))
        d[flag] = value in YES
    travel = v.get("travel_cents", "")
    if travel and not travel.isdigit():
        row.errors.append(_("kolom travel_cents: '%(value)s' is geen heel aantal centen (bijv. 460 voor € 4,60).", value=travel))
    d["travel_cents"] = int(travel) if travel.isdigit() else 0
    _check_shelter(row)
    _check_counsellor(row)
    _check_module(row)
    if d.get("external_id"):
        row.existing = db.session.scalar(select(Worker).where(Worker.external_id == d["external_id"]))
        if row.existing is not None and not _in_sight(row.existing.id):  # another site's, or deactivated
            row.errors.append(_("kolom external_id: dit nummer is al in gebruik; vraag een beheerder."))
    return row


def _in_sight(worker_id: int) -> bool:
    from ..trajectory import access  # the site rule builds on the workers

    return access.visible_to_me(worker_id)


def _check_shelter(row: Row) -> None:
    name = row.values.get("shelter", "")
    shelter = db.session.scalar(select(Shelter).where(func.lower(Shelter.name) == name.lower())) if name else None
    if name and shelter is None:
        row.errors.append(_("kolom shelter: onbekende opvang '%(value)s'.", value=name))
    row.data["shelter_id"] = shelter.id if shelter else None


def _check_counsellor(row: Row) -> None:
    """The optional column names the trajectbegeleider by e-mail; left out, the worker keeps theirs."""
    if "trajectbegeleider" not in row.values:
        return
    email = row.values["trajectbegeleider"]
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.lower())) if email else None
    if email and staff is None:
        row.errors.append(_("kolom trajectbegeleider: onbekend e-mailadres '%(value)s'.", value=email))
    elif staff is not None and (staff.role != roles.COUNSELLOR or not staff.active):
        row.errors.append(_("kolom trajectbegeleider: '%(value)s' is geen actieve trajectbegeleider.", value=email))
    else:
        row.data["counsellor_id"] = staff.id if staff else None


def _check_module(row: Row) -> None:
    v, d = row.values, row.data
    code, phase_text, since = v.get("module", "").lower(), v.get("phase", ""), v.get("module_since", "")
    d["module"] = d["phase"] = None
    d["since"] = clock.today()
    if since:
        try:
            d["since"] = date.fromisoformat(since)
        except ValueError:
            row.errors.append(_("kolom module_since: '%(value)s' is geen datum als JJJJ-MM-DD.", value=since))
    if not code:
        if phase_text or since:
            row.errors.append(_("kolom module: leeg, maar phase of module_since is ingevuld."))
        return
    if phase_text and not phase_text.isdigit():
        row.errors.append(_("kolom phase: '%(value)s' is geen fasenummer.", value=phase_text))
        return
    module, phase = catalogue.find(code, int(phase_text) if phase_text else None)
    if module is None:
        row.errors.append(_("kolom module: onbekende module '%(value)s' (zie de trajectcatalogus).", value=code))
    elif phase_text and phase is None and not (not module.phases and phase_text == "1"):
        row.errors.append(_("kolom phase: module '%(module)s' heeft geen fase %(phase)s.", module=code, phase=phase_text))
    d["module"], d["phase"] = module, phase


def apply(parsed: csvfiles.Parsed) -> tuple[int, int]:
    """Write all rows in one transaction; returns (created, updated); Refused (nothing imported) when a row that
    passed the checks cannot be written. Call only when parsed.ok."""
    from ..audit.operations import record
    from .operations import assign

    created = updated = 0
    try:
        for row in parsed.rows:
            worker = row.existing or Worker()
            assign(worker, row.data)
            db.session.add(worker)
            db.session.flush()
            record("import", worker, "bijgewerkt" if row.existing else "nieuw")
            if row.data["module"] is not None:
                try:
                    enrol(worker, row.data["module"], row.data["phase"], row.data["since"], commit=False)
                except Refused as refusal:
                    raise Refused(_("Regel %(line)s: %(reason)s", line=row.line, reason=refusal.message)) from None
            updated += bool(row.existing)
            created += not row.existing
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created, updated


def export_rows() -> Iterator[list]:
    """All workers (the logged-in staff member may see) with the import's columns: plain rows in one query, their
    current enrolment joined (one per worker at most: uq_enrolment_current), read as the download goes."""
    from ..trajectory import access  # the site rule builds on the workers

    query = (select(Worker.external_id, Worker.first_name, Worker.last_name, Worker.roepnaam, Worker.phone,
                    Shelter.name.label("shelter"), Module.code.label("module"), Phase.number.label("phase"),
                    *(getattr(Worker, f) for f in FLAGS), Worker.travel_cents, Enrolment.start_date.label("since"),
                    Staff.email.label("counsellor"))
             .outerjoin(Shelter, Shelter.id == Worker.shelter_id)
             .outerjoin(Enrolment, (Enrolment.worker_id == Worker.id) & Enrolment.end_date.is_(None))
             .outerjoin(Module, Module.id == Enrolment.module_id).outerjoin(Phase, Phase.id == Enrolment.phase_id)
             .outerjoin(Staff, Staff.id == Worker.counsellor_id)
             .where(access.seen_by_me()).order_by(Worker.external_id))
    for w in streamed(query):
        yield [w.external_id, w.first_name, w.last_name, w.roepnaam, w.phone, w.shelter, w.module, w.phase,
               *("ja" if getattr(w, f) else "nee" for f in FLAGS), w.travel_cents,
               w.since.isoformat() if w.since else "", w.counsellor]


def export(with_bom: bool = False) -> str:
    """All workers as `;`-separated CSV with the import's columns (the command line)."""
    return csvfiles.write(COLUMNS, export_rows(), with_bom)
