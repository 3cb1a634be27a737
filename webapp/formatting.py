"""Jinja filters: the one place where money, dates and times get their Dutch (or the user's) form."""
import re
from datetime import date, datetime

from babel.dates import format_date

from . import clock
from .translatable import _, language


def money(cents: int | None) -> str:
    """Integer cents as Dutch euros: 600 -> '€ 6,00', 123456 -> '€ 1.234,56', -50 -> '− € 0,50' (a real minus sign
    and a space, as every subtraction on the cash check shows it)."""
    if cents is None:
        return ""
    sign = "\u2212\u00a0" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    return f"{sign}€\u00a0{euros:,}".replace(",", ".") + f",{rest:02d}"


def amount_input(cents: int | None) -> str:
    """Cents as an amount field's value that `parse_cents` reads back: 3000 -> '30,00' ('' for none)."""
    return "" if cents is None else f"{int(cents) // 100},{int(cents) % 100:02d}"


def parse_cents(text: str) -> int:
    """Dutch euro input ('4,60', '€ 4.60', '12') as integer cents; ValueError with a Dutch message."""
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if cleaned.count(",") + cleaned.count(".") > 1 or not cleaned:
        raise ValueError(_("Schrijf een bedrag als 4,60."))
    euros, _dot, cents = cleaned.replace(",", ".").partition(".")
    if not euros.isdigit() or (cents and (not cents.isdigit() or len(cents) > 2)):
        raise ValueError(_("Schrijf een bedrag als 4,60."))
    euros = euros.lstrip("0") or "0"
    value = int(euros) * 100 + int(cents.ljust(2, "0") or 0) if len(euros) <= 8 else None
    if value is None or value > 2**31 - 1:  # past the database's integer: a typo, and never a 500
        raise ValueError(_("Dat bedrag is te groot."))
    return value


def day(value: date | datetime | None) -> str:
    """A date as 'ma 23 nov'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return format_date(value, "EEE d MMM", locale=language())


def day_year(value: date | None, today: date | None = None) -> str:
    """A date in a message or a list: 'zo 29 nov', with the year when it is not this year's ('di 30 dec 2025')."""
    if value is None:
        return ""
    return day(value) if value.year == (today or clock.today()).year else f"{day(value)} {value.year}"


def long_day(value: date | None) -> str:
    """A date as 'maandag 23 november 2026'."""
    return format_date(value, "EEEE d MMMM y", locale=language()) if value else ""


def moment(value: datetime | None) -> str:
    """A stored moment as local 'ma 23 nov 10:42'."""
    if value is None:
        return ""
    local = clock.local(value)
    return f"{day(local.date())} {local:%H:%M}"


def hhmm(value) -> str:
    """A time of day (or moment) as '10:42'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value)
    return f"{value:%H:%M}"


def unit(text: str | None) -> str:
    """A paid unit in words: '2026-11-23' -> 'ma 23 nov', '2026-W48' -> 'week 48'; anything else as it is."""
    if text and (week := re.fullmatch(r"(\d{4})-W(\d{2})", text)):
        return _("week %(n)s", n=int(week.group(2)))
    try:
        return day(date.fromisoformat(text)) if text else ""
    except ValueError:
        return text


def register(app) -> None:
    """Make the filters available in every template."""
    for fn in (money, amount_input, day, day_year, long_day, moment, hhmm, unit):
        app.add_template_filter(fn)
