"""Jinja filters: the one place where money, dates and times get their Dutch form."""
from datetime import date, datetime

from babel.dates import format_date

from . import clock


def money(cents: int | None) -> str:
    """Integer cents as Dutch euros: 600 -> '€ 6,00', 123456 -> '€ 1.234,56'."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    return f"{sign}€\u00a0{euros:,}".replace(",", ".") + f",{rest:02d}"


def parse_cents(text: str) -> int:
    """Dutch euro input ('4,60', '€ 4.60', '12') as integer cents; ValueError with a Dutch message."""
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if cleaned.count(",") + cleaned.count(".") > 1 or not cleaned:
        raise ValueError("Schrijf een bedrag als 4,60.")
    euros, _, cents = cleaned.replace(",", ".").partition(".")
    if not euros.isdigit() or (cents and (not cents.isdigit() or len(cents) > 2)):
        raise ValueError("Schrijf een bedrag als 4,60.")
    euros = euros.lstrip("0") or "0"
    value = int(euros) * 100 + int(cents.ljust(2, "0") or 0) if len(euros) <= 8 else None
    if value is None or value > 2**31 - 1:  # past the database's integer: a typo, and never a 500
        raise ValueError("Dat bedrag is te groot.")
    return value


def day(value: date | datetime | None) -> str:
    """A date as 'ma 23 nov'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return format_date(value, "EEE d MMM", locale="nl")


def long_day(value: date | None) -> str:
    """A date as 'maandag 23 november 2026'."""
    return format_date(value, "EEEE d MMMM y", locale="nl") if value else ""


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


def register(app) -> None:
    """Make the filters available in every template."""
    for fn in (money, day, long_day, moment, hhmm):
        app.add_template_filter(fn)
