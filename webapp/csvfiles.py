"""Reading CSV files typed in Excel: `;` or `,`, UTF-8 (with or without BOM) or Windows-1252, header required."""
import csv
import io
from dataclasses import dataclass, field


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
        return self.errors + [f"Regel {r.line}: {e}" for r in self.rows for e in r.errors]


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
        return [], ["Het bestand is leeg: de eerste regel moet de kolomnamen bevatten."]
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(h or "").strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in reader.fieldnames and c not in optional]
    unknown = [h for h in reader.fieldnames if h not in columns]
    errors = []
    if missing:
        errors.append("Kolommen ontbreken in de kopregel: " + ", ".join(missing) + ".")
    if unknown:
        errors.append("Onbekende kolommen in de kopregel: " + ", ".join(unknown) + ".")
    if errors:
        return [], errors
    rows = [(reader.line_num, {k: (v or "").strip() for k, v in raw.items() if k}) for raw in reader]
    if not rows:
        errors.append("Het bestand bevat alleen een kopregel, geen gegevens.")
    return rows, errors


def write(header: list[str], rows, with_bom: bool = False) -> str:
    """`;`-separated CSV that Dutch Excel opens as columns."""
    out = io.StringIO()
    if with_bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
