"""CSV files for Excel: reading what people typed (`;` or `,`, UTF-8 or Windows-1252, header required) and
writing every export, with cells that Excel could run as a formula neutralised."""
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from flask import Response, stream_with_context

from .translatable import _, _l

# OWASP CSV injection: a cell starting with one of these may be run by a spreadsheet as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-300", "-3,00", "+31612345678") is shown as a number, never run: it stays as it is.
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# What a checked row will do, in words (the codes are what the import pages select on).
OUTCOMES = {"ok": _l("ok"), "fout": _l("fout"), "nieuw": _l("nieuw"), "bijwerken": _l("bijwerken")}


def outcome_label(code: str) -> str:
    """A row's outcome in words."""
    return str(OUTCOMES.get(code, code))


@dataclass
class Row:
    """One data row: its line number, raw values, Dutch errors, and the cleaned data."""

    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        return "fout" if self.errors else "ok"


@dataclass
class Parsed:
    """A checked file: all rows, and whether it may be imported (all or nothing)."""

    text: str
    rows: list
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)

    def messages(self) -> list[str]:
        return self.errors + [_("Regel %(line)s: %(error)s", line=r.line, error=e) for r in self.rows for e in r.errors]


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read(text: str, columns: list[str], optional: set[str] = frozenset()) -> tuple[list[tuple[int, dict]], list[str]]:
    """([(line number, {column: stripped value})], Dutch header errors)."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [_("Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.")]
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in reader.fieldnames and c not in optional]
    unknown = [h for h in reader.fieldnames if h not in columns]
    errors = []
    if missing:
        errors.append(_("Kolommen ontbreken in de kopregel: %(columns)s.", columns=", ".join(missing)))
    if unknown:
        errors.append(_("Onbekende kolommen in de kopregel: %(columns)s.", columns=", ".join(unknown)))
    if errors:
        return [], errors
    rows = [(reader.line_num, {k: unescape((v or "").strip()).strip() for k, v in raw.items() if k}) for raw in reader]
    if not rows:
        errors.append(_("Het bestand bevat alleen een kopregel, geen gegevens."))
    return rows, errors


def neutralise(value) -> int | float | str:
    """A cell as written: numbers as they are, text that a spreadsheet could run as a formula prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = value if isinstance(value, str) else str(value)
    if text[:1] in FORMULA_START and not NUMBER.fullmatch(text):  # the first character only: millions of cells
        return "'" + text
    return text


def unescape(text: str) -> str:
    """Undo `neutralise` on a cell read back: `'=x` is the text `=x`; any other apostrophe is kept."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


CHUNK_ROWS = 1000  # rows per piece of a streamed download: a few tens of KB, so memory stays flat however long


def pieces(header: list[str], rows, with_bom: bool = False) -> Iterator[str]:
    """`;`-separated CSV that Dutch Excel opens as columns, in pieces of CHUNK_ROWS rows (the header comes first on
    its own, so a download starts at once); the one writer of every export."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    yield ("\ufeff" if with_bom else "") + _take(out)
    rows = iter(rows)
    try:
        while chunk := list(islice(rows, CHUNK_ROWS)):  # what `neutralise` leaves as it is, without its call per cell
            writer.writerows([v if v.__class__ is int or (v.__class__ is str and v[:1] not in FORMULA_START)
                              else neutralise(v) for v in row] for row in chunk)
            yield _take(out)
    finally:  # a download broken off: its rows' generator ends now, in the request (audit.operations.exporting)
        getattr(rows, "close", lambda: None)()


def _take(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def write(header: list[str], rows, with_bom: bool = False) -> str:
    """The whole CSV of `pieces` as one string (the command line, tests)."""
    return "".join(pieces(header, rows, with_bom))


def data_rows(text: str) -> int:
    """How many data rows a CSV of `write` holds (a quoted cell may hold a line break)."""
    return max(sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";")) - 1, 0)


def download(filename: str, header: list[str], rows) -> Response:
    """The CSV (with a BOM, so Excel reads UTF-8) streamed as an attachment: rows are read from the database while the
    first ones are on their way, in the request's context (the logged-in staff member, the session)."""
    csv_pieces = pieces(header, rows, with_bom=True)
    return Response(_header_first(next(csv_pieces), stream_with_context(csv_pieces)), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _header_first(header: str, rest: Iterator[str]) -> Iterator[str]:
    """The header by itself first: a client that stops after it (or a test that reads only the status) never enters
    the generator that holds the request's context, so none is left pushed; closing this closes the rest."""
    yield header
    yield from rest
