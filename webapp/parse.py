"""Parse what a client sends, once, at the edge: units, dates, ids, device times and flags become typed,
bounded values before any rule or query sees them. Anything else is a `BadInput` with a Dutch reason,
which `errors.py` answers as a 422 (never a 500)."""
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from .translatable import _, _l

# Dates a work-floor app can mean: nothing before the first ledger line, nothing centuries ahead.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id cannot exist, so it is refused, not looked up
MAX_SEARCH = 100  # characters of a search; nobody types more on a phone
DEVICE_WINDOW = timedelta(hours=24)  # how far back a device's clock is believed (config: DEVICE_TIME_WINDOW_HOURS)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DUTCH_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")  # 23-11-2026, 5/3/2027, 5.3.2027
_WEEK = re.compile(r"(\d{4})-W0*(\d{1,2})", re.IGNORECASE)
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}")
# The field names callers pass (`field=`), as the catalogue translates them inside a refusal.
FIELDS = {
    "id": _l("id"), "datum": _l("datum"), "dag": _l("dag"), "begindatum": _l("begindatum"), "einddatum": _l("einddatum"),
    "ingangsdatum": _l("ingangsdatum"), "medewerker": _l("medewerker"), "werkplaats": _l("werkplaats"),
    "dagdeel": _l("dagdeel"), "ronde": _l("ronde"), "opvang": _l("opvang"), "pagina": _l("pagina"), "fase": _l("fase"),
    "aantal kaarten": _l("aantal kaarten"),
}


def _field(name: str) -> str:
    return str(FIELDS.get(name, name))


class BadInput(ValueError):
    """A request value that cannot mean anything here, with the Dutch reason; answered as 422."""

    status = 422


class NotFound(BadInput):
    """A value naming something that cannot exist (an id past the database's range); answered as 404."""

    status = 404


def day(raw: str | None, *, field: str = "datum") -> date:
    """A calendar date as a date picker sends it (YYYY-MM-DD) or as a Dutch user types it (dd-mm-jjjj, also with /
    or .), inside the years the app knows."""
    text = (raw or "").strip()
    dutch = _DUTCH_DAY.fullmatch(text)
    if not (_DAY.fullmatch(text) or dutch):
        raise BadInput(_("Ongeldige %(field)s ‘%(text)s’: gebruik dd-mm-jjjj, bijv. 23-11-2026.", field=_field(field),
                         text=text[:20]))
    try:
        value = date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1))) if dutch else date.fromisoformat(text)
    except ValueError:  # written right, but no such day (31-02-2026, month 13)
        raise BadInput(_("Ongeldige %(field)s ‘%(text)s’: die dag bestaat niet.", field=_field(field), text=text[:20])) from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise BadInput(_("De %(field)s %(value)s valt buiten de jaren %(first)s–%(last)s.", field=_field(field),
                         value=f"{value:%d-%m-%Y}", first=FIRST_DAY.year, last=LAST_DAY.year))
    return value


def week(raw: str | None) -> str:
    """An ISO week, normalised to its one spelling 'YYYY-Www' (2026-w47 and 2026-W047 are 2026-W47)."""
    text = (raw or "").strip()
    match = _WEEK.fullmatch(text)
    if not match:
        raise BadInput(_("Ongeldige week ‘%(text)s’: gebruik jjjj-Www, bijv. 2026-W48.", text=text[:20]))
    year, number = int(match.group(1)), int(match.group(2))
    if not FIRST_DAY.year <= year <= LAST_DAY.year:  # before any date arithmetic: 9999-W52 would overflow
        raise BadInput(_("Week %(week)s valt buiten de jaren %(first)s–%(last)s.", week=f"{year}-W{number:02d}",
                         first=FIRST_DAY.year, last=LAST_DAY.year))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise BadInput(_("Week %(n)s bestaat niet in %(year)s.", n=number, year=year)) from None
    return f"{year}-W{number:02d}"


def unit(programme: str, raw: str | None) -> str:
    """The paid unit of a programme in its canonical spelling: a day for Loon naar Werken, a week for Via Via."""
    if programme == "lnw":
        return day(raw, field="dag").isoformat()
    if programme == "viavia":
        return week(raw)
    raise BadInput(_("Kies Loon naar Werken of Via Via."))


def is_canonical_unit(programme: str, text: str) -> bool:
    """True when `text` is already the one spelling of a unit (what the database may store)."""
    try:
        return unit(programme, text) == text
    except BadInput:
        return False


def ident(raw: str | int | None, *, field: str = "id") -> int:
    """A database id: a positive whole number inside the integer range."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        raise BadInput(_("Ongeldig nummer voor %(field)s.", field=_field(field)))
    value = int(text)
    if not 1 <= value <= MAX_ID:
        raise NotFound(_("Niet gevonden: dit nummer bestaat niet."))
    return value


def idents(raws: list[str], *, field: str, limit: int) -> list[int]:
    """Several ids (a repeated form field), in the order sent and without repeats: at least one, at most `limit`."""
    if len(raws) > limit:
        raise BadInput(_("Te veel: hoogstens %(limit)s voor %(field)s.", limit=limit, field=_field(field)))
    values = list(dict.fromkeys(ident(raw, field=field) for raw in raws))
    if not values:
        raise BadInput(_("Geen %(field)s opgegeven.", field=_field(field)))
    return values


def optional_ident(raw: str | None, *, field: str = "id") -> int | None:
    """An id, or None when nothing was sent."""
    return ident(raw, field=field) if (raw or "").strip() else None


def count(raw: str | None, *, field: str, limit: int = 10_000) -> int:
    """A whole number people count (vouchers, dagdelen): 0 up to `limit`."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit():
        raise BadInput(_("Vul bij %(field)s een heel getal in.", field=_field(field)))
    if len(text.lstrip("0")) > len(str(limit)) or int(text) > limit:
        raise BadInput(_("Vul bij %(field)s hoogstens %(limit)s in.", field=_field(field), limit=limit))
    return int(text)


def client_id(raw: str | None) -> str | None:
    """The phone's UUID for one write, in its canonical lower-case form; None when none was sent."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise BadInput(_("Ongeldige actie-id: vernieuw de pagina.")) from None


def local_path(raw: str | None) -> str | None:
    """A path on this site to go to after logging in (`next=`), or None for anything that could leave it."""
    text = raw or ""
    # Browsers drop tabs and newlines from a URL and read a backslash as a slash: `/<tab>/evil.example` and
    # `/<backslash>evil.example` become `//evil.example`, another site. So any of those is refused outright.
    if any(c == "\\" or c.isspace() or not c.isprintable() for c in text):
        return None
    if not text.startswith("/") or text.startswith("//"):
        return None
    parts = urlsplit(text)
    return text if not parts.scheme and not parts.netloc else None


def time_of_day(raw: str | None) -> time:
    """A clock time written as uu:mm (what `<input type="time">` sends), such as 10:20."""
    text = (raw or "").strip()
    try:
        if not _TIME.fullmatch(text):
            raise ValueError
        return time(int(text[:-3]), int(text[-2:]))
    except ValueError:
        raise BadInput(_("Geef de tijd als uu:mm, bijv. 10:20.")) from None


def too_long(limit: int, length: int) -> str:
    """The one message for a text longer than its field's bound (a hand-read form's and a WTForms field's)."""
    return _("Hoogstens %(limit)s tekens; dit zijn er %(length)s, dat is te lang.", limit=limit, length=length)


def text(raw: str | None, *, limit: int) -> str:
    """Free text as typed, without the spaces around it; longer than `limit` is refused, never cut (the input's
    `maxlength` says the same bound, so only a pasted or replayed text gets here)."""
    value = (raw or "").strip()
    if len(value) > limit:
        raise BadInput(too_long(limit, len(value)))
    return value


def flag(raw: str | None) -> bool:
    """A checkbox or hidden 0/1 flag."""
    return (raw or "").strip() in ("1", "on", "true", "ja")


def search(raw: str | None) -> str:
    """A search term, trimmed and cut to what a person types."""
    return " ".join((raw or "").split())[:MAX_SEARCH]


@dataclass(frozen=True)
class DeviceTime:
    """When the tap happened: the device's clock when it lies in the believed window, else the server's."""

    at: datetime
    believed: bool
    sent: datetime | None  # what the device said, for the history when it was not believed

    @property
    def note(self) -> str:
        """What the history says when the device's clock was not used."""
        if self.believed or self.sent is None:
            return ""
        return f"apparaattijd {self.sent:%Y-%m-%d %H:%M} UTC niet geloofd; servertijd gebruikt"


def device_time(raw: str | None, now: datetime, window: timedelta = DEVICE_WINDOW) -> DeviceTime:
    """The tap's moment: never later than the server's now (clamped) and not earlier than `window` before it;
    outside that (or unreadable) the server's time, marked as not believed."""
    text = (raw or "").strip()
    try:
        sent = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
        if sent is not None:
            sent = (sent if sent.tzinfo else sent.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):  # 0001-01-01T00:00+01:00 has no UTC moment
        sent = None
    if sent is None:
        return DeviceTime(now, believed=not text, sent=None)
    if now - window <= sent <= now:
        return DeviceTime(sent, believed=True, sent=sent)
    if now < sent <= now + timedelta(minutes=5):  # a phone clock a little fast: the tap was just now
        return DeviceTime(now, believed=True, sent=sent)
    return DeviceTime(now, believed=False, sent=sent)


def sent_device_time(raw: str | None, now: datetime, window: timedelta = DEVICE_WINDOW) -> DeviceTime:
    """A moment the phone must say (an offline view): unreadable or missing is refused; a readable time
    outside the window is the server's time, marked as not believed, as for a tap."""
    text = (raw or "").strip()
    seen = device_time(text[:40], now, window)
    if seen.sent is None:
        raise BadInput(_("Ongeldige tijd van de telefoon ‘%(text)s’: vernieuw de pagina.", text=text[:40]))
    return seen
