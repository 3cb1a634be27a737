"""Checklists, the pure rules: reading an instrument file, the gap between two raters, the history in one line.

No Flask here: the file is read as text, the scores come in as plain dicts, and the tests feed tables."""
import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from ..translatable import _, language, ngettext

COLUMNS = ["theme", "item", "level", "description"]
WORKER_COLUMN = "voor_medewerker"  # optional fifth column: the level in the worker's own words
LEVELS = (1, 2, 3, 4)
WORKER, SUPERVISOR = "medewerker", "werkbegeleider"  # the two raters, as the export spells them
RATERS = (WORKER, SUPERVISOR)


@dataclass(frozen=True)
class Item:
    """One behaviour item with its four described levels (index 0 is level 1), as staff read them, and, when the
    file has them, the same levels in the worker's own words (second person, plain)."""

    theme: str
    name: str
    levels: tuple[str, str, str, str]
    worker_levels: tuple[str, ...] = ()

    def level(self, score: int | None) -> str:
        return self.levels[score - 1] if score in LEVELS else ""

    @property
    def for_worker(self) -> tuple[str, ...]:
        """The texts the worker's turn shows: the worker's words, else the staff texts."""
        return self.worker_levels or self.levels

    def worker_level(self, score: int | None) -> str:
        return self.for_worker[score - 1] if score in LEVELS else ""


def parse_instrument(text: str, filename: str) -> tuple[list[Item], list[str]]:
    """The items of an instrument file (`theme;item;level;description`, optionally `;voor_medewerker`, `#` lines
    are comments), or the Dutch errors by file and line; an empty error list means the items are complete (four
    levels each, and when the worker column is there, a worker text for each of the four or for none)."""
    errors: list[str] = []
    header_seen = False
    columns = COLUMNS
    found: dict[str, dict] = {}  # item name → {theme, line, levels: {level: (line, description, worker text)}}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in next(csv.reader([raw], delimiter=";"))]
        where = _("%(file)s regel %(line)s", file=filename, line=number)
        if not header_seen:
            header_seen = True
            if [cell.lower() for cell in cells] == COLUMNS + [WORKER_COLUMN]:
                columns = COLUMNS + [WORKER_COLUMN]
            elif [cell.lower() for cell in cells] != COLUMNS:
                errors.append(_("%(where)s: de kopregel moet %(columns)s zijn.", where=where, columns=";".join(COLUMNS)))
                return [], errors
            continue
        if len(cells) != len(columns):
            if len(columns) == len(COLUMNS):
                errors.append(_("%(where)s: %(n)s kolommen, verwacht 4 (thema;item;niveau;omschrijving).",
                                where=where, n=len(cells)))
            else:
                errors.append(_("%(where)s: %(n)s kolommen, verwacht 5 (thema;item;niveau;omschrijving;"
                                "voor_medewerker).", where=where, n=len(cells)))
            continue
        theme, name, level_text, description = cells[:4]
        in_own_words = cells[4] if len(cells) > 4 else ""
        if not name:
            errors.append(_("%(where)s: het item heeft geen naam.", where=where))
            continue
        if not level_text:
            errors.append(_("%(where)s: het niveau ontbreekt bij %(item)s.", where=where, item=name))
            continue
        if level_text not in {str(level) for level in LEVELS}:
            errors.append(_("%(where)s: niveau %(level)s bij %(item)s; alleen 1, 2, 3 of 4 mag.", where=where,
                            level=level_text, item=name))
            continue
        if not description:
            errors.append(_("%(where)s: de omschrijving van %(item)s niveau %(level)s is leeg.", where=where,
                            item=name, level=level_text))
            continue
        entry = found.setdefault(name, {"theme": theme, "line": number, "levels": {}})
        if entry["theme"] != theme:
            errors.append(_("%(where)s: %(item)s staat al onder thema %(theme)s (regel %(first)s).", where=where,
                            item=name, theme=entry["theme"], first=entry["line"]))
        elif int(level_text) in entry["levels"]:
            errors.append(_("%(where)s: %(item)s niveau %(level)s staat er dubbel in (ook regel %(first)s).",
                            where=where, item=name, level=level_text, first=entry["levels"][int(level_text)][0]))
        else:
            entry["levels"][int(level_text)] = (number, description, in_own_words)
    if not header_seen:
        return [], [_("%(file)s: het bestand is leeg.", file=filename)]
    for name, entry in found.items():
        missing = [str(level) for level in LEVELS if level not in entry["levels"]]
        if missing:
            errors.append(_("%(where)s: %(item)s mist niveau %(levels)s.", item=name, levels=", ".join(missing),
                            where=_("%(file)s regel %(line)s", file=filename, line=entry["line"])))
            continue
        worded = [entry["levels"][level] for level in LEVELS]
        if any(row[2] for row in worded):
            for line, _description, own in worded:
                if not own:
                    errors.append(_("%(where)s: de tekst voor de medewerker bij %(item)s is leeg; vul hem bij alle "
                                    "vier niveaus in of bij geen.", item=name,
                                    where=_("%(file)s regel %(line)s", file=filename, line=line)))
    if not found and not errors:
        errors.append(_("%(file)s: geen items.", file=filename))
    if errors:
        return [], errors
    return [Item(entry["theme"], name, tuple(entry["levels"][level][1] for level in LEVELS),
                 tuple(entry["levels"][level][2] for level in LEVELS) if entry["levels"][1][2] else ())
            for name, entry in found.items()], []


def items_json(items: list[Item]) -> str:
    """The items as stored in an instrument version (and hashed to tell versions apart); the worker's words are
    part of it only when the file has them, so a file without them keeps the hash it always had."""
    return json.dumps([{"theme": i.theme, "item": i.name, "levels": list(i.levels)}
                       | ({"worker_levels": list(i.worker_levels)} if i.worker_levels else {}) for i in items],
                      ensure_ascii=False, separators=(",", ":"))


def items_from_json(stored: str) -> list[Item]:
    return [Item(row["theme"], row["item"], tuple(row["levels"]), tuple(row.get("worker_levels", ())))
            for row in json.loads(stored)]


def content_hash(items: list[Item]) -> str:
    """What makes an instrument version: the same items and level texts are the same version."""
    return hashlib.sha256(items_json(items).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GapLine:
    """One item of the gap view: both scores side by side, and how far apart they are."""

    item: Item
    worker: int | None
    supervisor: int | None

    @property
    def difference(self) -> int | None:
        return None if self.worker is None or self.supervisor is None else abs(self.worker - self.supervisor)


def gap_order(items: list[Item], worker: dict[str, int], supervisor: dict[str, int]) -> list[GapLine]:
    """The agenda: the biggest difference first, then the lowest score, then the file's order; an item one
    rater skipped goes last."""
    lines = [GapLine(item, worker.get(item.name), supervisor.get(item.name)) for item in items]
    position = {item.name: n for n, item in enumerate(items)}

    def key(line: GapLine):
        if line.difference is None:
            return (1, 0, 0, position[line.item.name])
        return (0, -line.difference, min(line.worker, line.supervisor), position[line.item.name])

    return sorted(lines, key=key)


@dataclass(frozen=True)
class Change:
    """How the items moved between two sessions: counts, and the date of the earlier one."""

    rose: int
    fell: int
    same: int
    since: date


def change(earlier: dict[str, float], later: dict[str, float], since: date) -> Change:
    """Compare two sessions' item scores (per item, both raters' mean): items scored in both count."""
    common = [name for name in later if name in earlier]
    rose = sum(1 for name in common if later[name] > earlier[name])
    fell = sum(1 for name in common if later[name] < earlier[name])
    return Change(rose, fell, len(common) - rose - fell, since)


def mean_scores(scores: dict[str, dict[str, int]]) -> dict[str, float]:
    """Per item the mean of the raters' scores ({item: {rater: score}})."""
    return {item: sum(by_rater.values()) / len(by_rater) for item, by_rater in scores.items() if by_rater}


def change_line(moved: Change) -> str:
    """'3 items gestegen, 1 gedaald sinds 14 sep' (or 'gelijk gebleven')."""
    since = format_date(moved.since, "d MMM", locale=language()).rstrip(".")
    parts = []
    if moved.rose:
        parts.append(ngettext("%(num)s item gestegen", "%(num)s items gestegen", moved.rose))
    if moved.fell:
        parts.append(ngettext("%(num)s gedaald", "%(num)s gedaald", moved.fell) if parts
                     else ngettext("%(num)s item gedaald", "%(num)s items gedaald", moved.fell))
    if not parts:
        return _("Alle items gelijk gebleven sinds %(day)s", day=since)
    return _("%(changes)s sinds %(day)s", changes=", ".join(parts), day=since)


def chart_points(scores: list[int | None], width: int = 120, height: int = 40, pad: int = 4) -> list[tuple[int, int]]:
    """SVG coordinates for a rater's scores over sessions (oldest first; a skipped session leaves no point):
    x spreads the sessions over the width, y puts 4 at the top and 1 at the bottom."""
    count = len(scores)
    step = (width - 2 * pad) / (count - 1) if count > 1 else 0
    return [(round(pad + n * step), round(pad + (4 - score) * (height - 2 * pad) / 3))
            for n, score in enumerate(scores) if score in LEVELS]
