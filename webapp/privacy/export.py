"""A worker's own data in one file (GDPR art. 15 and 20): a zip with a machine-readable JSON of every row, a
printable HTML document of the same, and the photo."""
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import inspect

from ..translatable import _l

# Column values that are not the worker's data but the machinery's (a form's one-time id, a stored file's bytes).
LEFT_OUT = {"client_id", "data", "password_hash"}
# What each table holds, in words for the printed document (a table not named here shows its own name).
TITLES = {
    "worker": _l("Persoonsgegevens"), "access_log": _l("Wie uw gegevens inzag of wijzigde"),
    "attendance": _l("Aanwezigheid"), "attendance_change": _l("Wijzigingen in de aanwezigheid"),
    "contact_log": _l("Contact bij afwezigheid"), "ledger_line": _l("Uitbetalingen"), "signup": _l("Aanmeldingen ophaalronde"),
    "schedule_slot": _l("Weekrooster"), "agreement": _l("Afspraken"), "incident": _l("Incidenten"),
    "enrolment": _l("Trajecten"), "intake": _l("Intake"), "plan_version": _l("Plan: aandachtspunten en doelen"),
    "review": _l("Evaluatiegesprekken"), "transition_check": _l("Overstap naar Via Via"), "trial_day": _l("Proefweek"),
    "follow_up": _l("Nazorg"), "checklist_session": _l("Checklists"), "checklist_score": _l("Checklistscores"),
    "checklist_goal": _l("Afspraken uit checklists"), "domain_version": _l("Leefgebieden"),
    "action_point": _l("Actiepunten"), "action_version": _l("Actiepunten: versies"), "overleg_mark": _l("Besproken in het overleg"),
}


def title(table: str) -> str:
    return str(TITLES.get(table, table))


def plain(row) -> dict:
    """One row as JSON-ready values, by column name."""
    out = {}
    for attr in inspect(row).mapper.column_attrs:
        if attr.key in LEFT_OUT:
            continue
        value = getattr(row, attr.key)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, bytes):
            continue
        out[attr.key] = value
    return out


def build(data: dict[str, list], document: str, photo: bytes | None, made: datetime) -> bytes:
    """The zip: gegevens.json, gegevens.html (the printable document) and foto.jpg when there is one."""
    tables = {name: [plain(row) for row in rows] for name, rows in data.items()}
    payload = {"gemaakt": made.isoformat(timespec="seconds"), "tabellen": tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        archive.writestr("gegevens.html", document)
        if photo:
            archive.writestr("foto.jpg", photo)
    return buffer.getvalue()


def rows_in(data: dict[str, list]) -> int:
    return sum(len(rows) for rows in data.values())
