"""A method file (methods/<code>.toml, docs/methods.md), the pure rules: reading and checking it before anything is
loaded, with every error in Dutch by file, line and key ("wezm.toml:12: modules[1].max_months: geen getal"), and
the content hash that makes an edited file (or an edited checklist beside it) a new method version.

No database here: the file and the checklist files it names are read as text. Indexes in error keys count from 0
(modules[0] is the first [[modules]] table); the line number is where to look."""
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .checklist_rules import parse_instrument
from ..org.models import PROGRAMMES
from .outflow import CLASSES
from .zrm_rules import ZRM_DOMAINS

OUTFLOW_CLASSES = CLASSES
LADDER_TOP = 6  # the Participatieladder's rungs: 1 geïsoleerd … 6 betaald werk (zrm_rules.RUNGS)

# Per table: key → (type, required). Types: "str", "int" (a whole number ≥ 0), "pos" (a whole number ≥ 1),
# "bool", "list" (an array of tables, checked with its own keys), "table".
PHASE = {"number": ("pos", True), "name": ("str", True), "duration_months": ("int", False),
         "max_months": ("pos", False), "checklist": ("str", False)}
MODULE = {"code": ("str", True), "name": ("str", True), "track": ("str", True), "optional": ("bool", False),
          "duration_months": ("int", False), "extension_months": ("int", False), "review_months": ("pos", False),
          "duration_note": ("str", False), "checklist": ("str", False), "max_months": ("pos", False),
          "phases": ("list", False)}
OUTFLOW = {"code": ("str", True), "label": ("str", True), "class": ("str", True), "ladder": ("pos", False)}
DOMAIN = {"code": ("str", True), "name": ("str", True), "short": ("str", False), "supervisors": ("bool", False),
          "zrm": ("str", False)}
TRAINING = {"code": ("str", True), "name": ("str", True), "sessions": ("pos", True), "module": ("str", False),
            "description": ("str", False)}
MEETING = {"code": ("str", True), "name": ("str", True), "report": ("bool", True), "description": ("str", False)}
ROLE = {"code": ("str", True), "name": ("str", True), "description": ("str", False)}
INSTRUMENTS = {"zrm": ("bool", False), "ladder": ("bool", False)}
PAYOUT = {"programme": ("str", True), "amount_cents": ("pos", True), "min_units": ("pos", False),
          "max_units": ("pos", False), "vouchers": ("int", False), "travel": ("bool", False),
          "early_leave_paid": ("bool", False)}
TOP = {"code": ("str", True), "name": ("str", True), "modules": ("list", True), "outflow": ("list", False),
       "domains": ("list", False), "training": ("list", False), "meetings": ("list", False),
       "roles": ("list", False), "placements": ("bool", False), "instruments": ("table", False),
       "payout": ("list", False)}
LISTS = {"modules": MODULE, "phases": PHASE, "outflow": OUTFLOW, "domains": DOMAIN, "training": TRAINING,
         "meetings": MEETING, "roles": ROLE, "payout": PAYOUT}
TABLES = {"instruments": INSTRUMENTS}
TYPE_WORDS = {"str": "geen tekst", "int": "geen getal", "pos": "geen getal", "bool": "geen ja/nee (true of false)",
              "list": "geen lijst van tabellen", "table": "geen tabel"}
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass
class Checked:
    """A method file read and checked: its content (when there are no errors), the checklist files it names, the
    hash of the file and those files together, and the errors."""

    path: Path
    data: dict = field(default_factory=dict)
    checklists: dict[str, str] = field(default_factory=dict)  # the name in the file → its text
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def content_hash(self) -> str:
        return content_hash(self.path.read_text(encoding="utf-8"), self.checklists)


def content_hash(text: str, checklists: dict[str, str]) -> str:
    """The method's content: the file's text and each checklist's, so an edited item text is a new version too."""
    digest = hashlib.sha256(text.encode("utf-8"))
    for name in sorted(checklists):
        digest.update(b"\0" + name.encode("utf-8") + b"\0" + checklists[name].encode("utf-8"))
    return digest.hexdigest()


def files(path: Path) -> list[Path]:
    """The method files at `path`: the file itself, or every *.toml in the folder."""
    return sorted(path.glob("*.toml")) if path.is_dir() else [path]


def check(path: Path) -> Checked:
    """Read and check one method file; `errors` lists every problem found, none means it can be loaded."""
    checked = Checked(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        checked.errors.append(f"{path.name}: niet te lezen ({error.__class__.__name__}).")
        return checked
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        checked.errors.append(f"{path.name}:{line.group(1) if line else 1}: geen geldige TOML ({error}).")
        return checked
    lines = key_lines(text)
    errors = []

    def error(where: tuple, words: str) -> None:
        errors.append(f"{path.name}:{line_of(lines, where)}: {dotted(where)}: {words}")

    _check_table(data, TOP, (), error)
    _check_codes(data, error)
    for where, name in _checklists(data):
        target = path.parent / name
        if not target.is_file():
            error(where, f"bestand {name} niet gevonden")
            continue
        content = target.read_text(encoding="utf-8")
        checked.checklists[name] = content
        _items, problems = parse_instrument(content, target.name)
        errors.extend(f"{path.name}:{line_of(lines, where)}: {dotted(where)}: {problem}" for problem in problems)
    checked.errors = errors
    if not errors:
        checked.data = data
    return checked


def _check_table(table: dict, keys: dict, where: tuple, error) -> None:
    for key, (kind, required) in keys.items():
        if key not in table:
            if required:
                error(where, f"{key} ontbreekt")
            continue
        value, here = table[key], where + (key,)
        if kind == "list":
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                error(here, TYPE_WORDS[kind])
                continue
            for index, item in enumerate(value):
                _check_table(item, LISTS[key], here + (index,), error)
        elif kind == "table":
            if not isinstance(value, dict):
                error(here, TYPE_WORDS[kind])
            else:
                _check_table(value, TABLES[key], here, error)
        elif not _is(value, kind):
            error(here, TYPE_WORDS[kind] if not _is(value, "int") or kind != "pos" else "moet 1 of meer zijn")
    for key in table:
        if key not in keys:
            error(where + (key,), "onbekende sleutel")


def _is(value, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return value >= (1 if kind == "pos" else 0)


def _check_codes(data: dict, error) -> None:
    """Codes unique per list, phase numbers unique per module, outflow classes known, training modules known."""
    for key in ("modules", "outflow", "domains", "training", "meetings", "roles"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        seen = set()
        for index, item in enumerate(items):
            code = item.get("code") if isinstance(item, dict) else None
            if not isinstance(code, str):
                continue
            if not CODE.match(code):
                error((key, index, "code"), f"{code!r}: alleen kleine letters, cijfers, - en _ (hoogstens 40)")
            if code in seen:
                error((key, index, "code"), f"{code!r} komt twee keer voor")
            seen.add(code)
    modules = data.get("modules") if isinstance(data.get("modules"), list) else []
    codes = {m.get("code") for m in modules if isinstance(m, dict)}
    for index, module in enumerate(m for m in modules if isinstance(m, dict)):
        numbers = set()
        phases = module.get("phases") if isinstance(module.get("phases"), list) else []
        for number, phase in enumerate(p for p in phases if isinstance(p, dict)):
            if phase.get("number") in numbers:
                error(("modules", index, "phases", number, "number"), f"fase {phase['number']} komt twee keer voor")
            numbers.add(phase.get("number"))
            _check_max(phase, ("modules", index, "phases", number), error)
        _check_max(module, ("modules", index), error)
    for index, reason in enumerate(data.get("outflow") if isinstance(data.get("outflow"), list) else []):
        klass = reason.get("class") if isinstance(reason, dict) else None
        if isinstance(klass, str) and klass not in OUTFLOW_CLASSES:
            error(("outflow", index, "class"), f"{klass!r} is geen klasse; kies {', '.join(OUTFLOW_CLASSES)}")
        rung = reason.get("ladder") if isinstance(reason, dict) else None
        if _is(rung, "pos") and rung > LADDER_TOP:
            error(("outflow", index, "ladder"), f"{rung} is geen trede; de Participatieladder gaat van 1 tot {LADDER_TOP}")
    zrm_used: dict[str, int] = {}
    for index, domain in enumerate(data.get("domains") if isinstance(data.get("domains"), list) else []):
        zrm = domain.get("zrm") if isinstance(domain, dict) else None
        if isinstance(zrm, str) and zrm not in ZRM_DOMAINS:
            error(("domains", index, "zrm"), f"{zrm!r} is geen ZRM-domein; kies {', '.join(ZRM_DOMAINS)}")
        elif isinstance(zrm, str) and zrm in zrm_used:
            error(("domains", index, "zrm"), f"{zrm!r} hoort al bij leefgebied {zrm_used[zrm] + 1}: één op één")
        elif isinstance(zrm, str):
            zrm_used[zrm] = index
    paid: set[str] = set()
    for index, rule in enumerate(data.get("payout") if isinstance(data.get("payout"), list) else []):
        programme = rule.get("programme") if isinstance(rule, dict) else None
        if isinstance(programme, str) and programme not in PROGRAMMES:
            error(("payout", index, "programme"), f"{programme!r} is geen programma; kies {', '.join(PROGRAMMES)}")
        elif programme in paid:
            error(("payout", index, "programme"), f"{programme!r} komt twee keer voor")
        paid.add(programme)
        low, high = (rule.get("min_units", 1), rule.get("max_units", 1)) if isinstance(rule, dict) else (1, 1)
        if _is(low, "pos") and _is(high, "pos") and high < low:
            error(("payout", index, "max_units"), f"{high} is minder dan min_units ({low})")
    for index, series in enumerate(data.get("training") if isinstance(data.get("training"), list) else []):
        module = series.get("module") if isinstance(series, dict) else None
        if isinstance(module, str) and module not in codes:
            error(("training", index, "module"), f"module {module!r} staat niet in dit bestand")


def _check_max(table: dict, where: tuple, error) -> None:
    duration, maximum = table.get("duration_months"), table.get("max_months")
    if _is(duration, "int") and _is(maximum, "pos") and maximum < duration:
        error(where + ("max_months",), f"{maximum} is korter dan duration_months ({duration})")


def _checklists(data: dict):
    """(where, file name) of every checklist the file names."""
    for index, module in enumerate(data.get("modules") if isinstance(data.get("modules"), list) else []):
        if not isinstance(module, dict):
            continue
        if isinstance(module.get("checklist"), str):
            yield ("modules", index, "checklist"), module["checklist"]
        for number, phase in enumerate(module.get("phases") if isinstance(module.get("phases"), list) else []):
            if isinstance(phase, dict) and isinstance(phase.get("checklist"), str):
                yield ("modules", index, "phases", number, "checklist"), phase["checklist"]


def dotted(where: tuple) -> str:
    """('modules', 1, 'max_months') → 'modules[1].max_months'; () → '(bestand)'."""
    words = ""
    for part in where:
        words += f"[{part}]" if isinstance(part, int) else (f".{part}" if words else part)
    return words or "(bestand)"


HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def key_lines(text: str) -> dict[tuple, int]:
    """Where each table and key starts: ('modules', 1, 'max_months') → its line number (tomllib gives none).
    Good enough for the files this format allows: tables, arrays of tables (nested one deep) and plain keys."""
    found: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    current: tuple = ()
    arrays: dict[str, tuple] = {}  # array name → its latest element's path, so [[modules.phases]] finds its module
    for number, raw in enumerate(text.splitlines(), start=1):
        header = HEADER.match(raw)
        if header:
            parts = [part.strip() for part in header.group(2).split(".")]
            parent = arrays.get(".".join(parts[:-1]), tuple(parts[:-1])) if len(parts) > 1 else ()
            if header.group(1) == "[[":
                key = parent + (parts[-1],)
                counts[key] = counts.get(key, -1) + 1
                current = key + (counts[key],)
                arrays[".".join(parts)] = current
            else:
                current = parent + (parts[-1],)
            found.setdefault(current, number)
            continue
        key = KEY.match(raw)
        if key:
            found.setdefault(current + (key.group(1),), number)
    return found


def line_of(lines: dict[tuple, int], where: tuple) -> int:
    """The line of `where`, else of the nearest table around it, else 1."""
    for end in range(len(where), 0, -1):
        if where[:end] in lines:
            return lines[where[:end]]
    return 1


def as_json(data: dict) -> str:
    """The parsed content as stored with a method version."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
