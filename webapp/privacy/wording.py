"""The access log in words a worker reads ("Wie heeft mijn gegevens ingezien", on screen and on paper).

The log's `detail` is written for the Logboek: ids, codes, ISO dates and cents ("lnw fase - vanaf 2026-05-01",
"checklist 3: medewerker, item 4"). The worker gets the same lines with dates as people write them, programmes by
name, amounts in euros, no internal numbers, and the run of one act repeated (a checklist scored item by item, a
week of trial days ticked) as one line with how many times. Nothing is left out: each line of the log is in exactly
one line here, and the Logboek keeps the details as stored.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..formatting import day, money
from ..org.models import PROGRAMMES
from ..audit.labels import action_label
from ..extensions import db
from ..translatable import language
from . import bp

ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
CENTS = re.compile(r"\b(-?\d+) cent\b")
INTERNAL = re.compile(r"ronde \d+ → ronde \d+: |\s*\(ronde \d+\)|\b(checklist|ronde|regel|doel) \d+\b|, item \d+")
# Details that are numbers for the Logboek only: the worker reads the act alone.
WITHOUT_DETAIL = {"zrm", "checklist_score", "checklist_handover", "checklist_unlock", "checklist_unlock_failed",
                  "access_refused"}


@dataclass
class Entry:
    line: object  # the first (newest) access-log line of the run
    text: str  # what happened, after who: ": kaart bekeken" or " bekeek de werkvloer Assemblage"
    note: str = ""  # the detail in words: "intake"
    times: int = 1


@bp.app_template_global("access_day")
def with_year(value: date) -> str:
    """'ma 7 dec 2026': the report's period always with its year."""
    return f"{day(value)} {value.year}"


@bp.app_template_global("access_moment")
def moment(at: datetime) -> str:
    """'ma 7 dec 2026 13:04': a worker may keep the paper for years."""
    local = clock.local(at)
    return f"{day(local.date())} {local.year} {local:%H:%M}"


def plain(detail: str) -> str:
    """A detail with dates, programmes and amounts in words and without internal numbers."""
    text = ISO_DAY.sub(lambda m: f"{_short(date(int(m[1]), int(m[2]), int(m[3])))}", detail)
    text = CENTS.sub(lambda m: money(int(m[1])), text)
    for code, name in PROGRAMMES.items():
        text = re.sub(rf"\b{code}\b", str(name), text)
    text = text.replace(" fase - ", " ").replace(" fase -", "")
    text = INTERNAL.sub(lambda m: m[1] or "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" :·,")


def _short(value: date) -> str:
    return format_date(value, "d MMM y", locale=language())


# What a worker's page was, for "… bekeek …" (the `view` line's detail, as the views write it).
PAGES = {"": "de kaart", "kaart": "de kaart", "traject": "de trajectpagina", "intake": "de intake",
         "evaluatie": "een evaluatiegesprek", "zrm": "de ZRM", "participatieladder": "de Participatieladder",
         "rooster": "het rooster", "gegevens wijzigen": "de gegevens om ze te wijzigen",
         "traject wijzigen": "het traject om het te wijzigen"}


def _page(detail: str) -> str:
    """The page a `view` line names, in words: "de trajectpagina", "het leefgebied Woonsituatie", "een checklist"."""
    if detail in PAGES:
        return PAGES[detail]
    kind, _sep, code = detail.partition(" ")
    if kind in ("leefgebied", "actiepunt"):
        name = _domain_names().get(code, code)
        return f"het leefgebied {name}" if kind == "leefgebied" else f"een actiepunt bij {name}"
    if kind == "checklist":
        return "een checklist"
    return plain(detail)


def _domain_names() -> dict[str, str]:
    """Life-domain code → name, once per request."""
    if "domain_names" not in g:
        from ..trajectory.domain_models import LifeDomain

        g.domain_names = {code: name for code, name in db.session.execute(select(LifeDomain.code, LifeDomain.name))}
    return g.domain_names


def _text(line) -> tuple[str, str]:
    if line.synced_at:
        what, _sep, note = line.detail.partition(" · ")
        synced = clock.local(line.synced_at)
        when = f"{synced:%H:%M}" if synced.date() == clock.local(line.at).date() else moment(line.synced_at)
        return " " + _("bekeek %(what)s offline (gesynchroniseerd %(synced)s)", what=what, synced=when), plain(note)
    if line.action == "view_list":
        return " " + _("bekeek %(what)s", what=line.detail), ""
    if line.action == "view":
        return " " + _("bekeek %(what)s", what=_page(line.detail or "")), ""
    label = str(action_label(line.action))
    if not label[1:2].isupper():  # "Afspraak vastgelegd" → "afspraak vastgelegd"; "ZRM afgenomen" stays
        label = label[:1].lower() + label[1:]
    return f": {label}", "" if line.action in WITHOUT_DETAIL else plain(line.detail or "")


@bp.app_template_global("access_entries")
def entries(lines) -> list[Entry]:
    """The lines (newest first) as a worker reads them: a run of the same act by the same person on the same day,
    reading the same, is one entry with a count."""
    result: list[Entry] = []
    for line in lines:
        text, note = _text(line)
        last = result[-1] if result else None
        if (last and last.text == text and last.note == note and last.line.staff_id == line.staff_id and last.line.action == line.action
                and last.line.on_behalf == line.on_behalf
                and clock.local(last.line.at).date() == clock.local(line.at).date()):
            last.times += 1
        else:
            result.append(Entry(line, text, note))
    return result

