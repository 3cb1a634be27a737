"""The words of the work list: what each kind of due item is called, why it is due, and how late it is."""
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

from ..translatable import language
from . import schedule
from .queries import Context, Line

KINDS = {
    "evaluatie": _l("Evaluatie"),
    "fase_einde": _l("Einde fase"),
    "max_duur": _l("Maximale duur"),
    "intake": _l("Intake"),
    "proefweek": _l("Proefweek"),
    "nazorg": _l("Nazorg"),
    "actiepunt": _l("Actiepunt"),
    "training": _l("Training"),
    "doel": _l("Doel"),
}


def short_date(day: date, on: date) -> str:
    """'1 sep', with the year when it is not this year's ('30 dec 2025')."""
    return _short_date(day, day.year == on.year, language())


@lru_cache(maxsize=2048)
def _short_date(day: date, this_year: bool, locale: str) -> str:  # a long list names the same days again and again
    return format_date(day, "d MMM" if this_year else "d MMM y", locale=locale)


# A long list repeats the same words ("3 dagen te laat", "Evaluatie", "3 maanden"): each is looked up once per
# language (the catalogues do not change while the app runs).
def kind(code: str) -> str:
    """The name of a kind of due item: 'Evaluatie'."""
    return _kind(code, language())


@lru_cache(maxsize=64)
def _kind(code: str, locale: str) -> str:
    return str(KINDS[code])


def months(n: int) -> str:
    return _months(n, language())


@lru_cache(maxsize=256)
def _months(n: int, locale: str) -> str:
    return ngettext("%(num)s maand", "%(num)s maanden", n)


def when(due: date, on: date) -> str:
    """How late or how soon: '3 dagen te laat', 'vandaag', 'over 2 dagen'."""
    return _when((due - on).days, language())


@lru_cache(maxsize=2048)
def _when(days: int, locale: str) -> str:
    if days < 0:
        return ngettext("%(num)s dag te laat", "%(num)s dagen te laat", -days)
    if days == 0:
        return _("vandaag")
    return ngettext("over %(num)s dag", "over %(num)s dagen", days)


def missed_days(days: tuple[date, ...], on: date) -> str:
    """'3 en 5 nov', '28 okt, 3 en 5 nov': the month once per run of days in the same month."""
    groups: list[list[date]] = []
    for day in days:
        if groups and (groups[-1][0].year, groups[-1][0].month) == (day.year, day.month):
            groups[-1].append(day)
        else:
            groups.append([day])
    words = []
    for group in groups:
        words += [str(d.day) for d in group[:-1]] + [short_date(group[-1], on)]
    if len(words) == 1:
        return words[0]
    return _("%(first)s en %(last)s", first=", ".join(words[:-1]), last=words[-1])


def _module(c: Context) -> str:
    if c.phase_number is not None:
        return _("fase %(n)s %(phase)s", n=c.phase_number, phase=c.phase)
    return c.module


def why(line: Line, on: date) -> str:
    """The reason an item is due, in words: 'evaluatie Arbeidsgewenning — 1 maand na start 1 sep'."""
    item, c = line.item, line.context
    if item.kind == "evaluatie":
        since = (_("evaluatie %(day)s", day=short_date(item.basis, on)) if c.reviewed
                 else _("start %(day)s", day=short_date(item.basis, on)))
        return _("evaluatie %(module)s — %(months)s na %(since)s", module=c.module, months=months(item.months),
                 since=since)
    if item.kind == "fase_einde":
        if c.extension:
            return _("einde %(module)s — %(months)s (+%(extra)s verlengd) na start %(day)s", module=_module(c),
                     months=months(item.months - c.extension), extra=c.extension, day=short_date(item.basis, on))
        return _("einde %(module)s — %(months)s na start %(day)s", module=_module(c), months=months(item.months),
                 day=short_date(item.basis, on))
    if item.kind == "max_duur":
        return _("max. duur %(module)s — %(months)s na start %(day)s: besluit nodig", module=_module(c),
                 months=months(item.months), day=short_date(item.basis, on))
    if item.kind == "intake":
        if c.first_attended:
            return _("intake — eerste werkdag %(day)s", day=short_date(item.due, on))
        return _("intake — toegevoegd op %(day)s", day=short_date(item.due, on))
    if item.kind == "actiepunt":
        return _("%(domain)s — %(action)s (%(owner)s)", domain=c.domain, action=c.action, owner=c.owner)
    if item.kind == "training":
        listed = missed_days(c.missed, on)
        days = c.missed
        return ngettext("%(num)s training gemist: %(days)s — %(series)s", "%(num)s trainingen gemist: %(days)s — %(series)s",
                        len(days), days=listed, series=c.series)
    if item.kind == "doel":
        return _("checklist %(item)s — %(goal)s (%(owner)s)", item=c.item, goal=c.action, owner=c.owner)
    if item.kind == "proefweek":
        if item.due < on:
            return _("proefweek %(module)s voorbij — besluit nodig (laatste dag %(day)s)", module=c.module,
                     day=short_date(item.due, on))
        return _("proefweek %(module)s — laatste dag %(day)s", module=c.module, day=short_date(item.due, on))
    # nazorg: 3 or 6 months after the exit
    gap = next((m for m in schedule.NAZORG_MONTHS if c.exit_day and schedule.add_months(c.exit_day, m) == item.due), None)
    if gap is not None:
        return _("nazorg — %(months)s na uitstroom", months=months(gap))
    if c.exit_day:
        return _("nazorg — uitstroom %(day)s", day=short_date(c.exit_day, on))
    return _("nazorg")
