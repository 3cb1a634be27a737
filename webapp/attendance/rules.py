"""Which attendance statuses exist, which count as an attended dagdeel (SPEC §3), and who may change which
day. No I/O."""
from datetime import date

from ..auth import roles

# Who may set attendance for a day other than the day of their tap.
ANY_DAY = frozenset({roles.SUPERVISOR, roles.COUNSELLOR})

STATUSES = {
    "aanwezig": "aanwezig",
    "te_laat": "te laat",
    "vroeg_weg": "vroeg weg",
    "afwezig_bericht": "afwezig met bericht",
    "afwezig_zonder_bericht": "afwezig zonder bericht",
    "naar_huis": "naar huis gestuurd",
}
# One character per status for the week grid.
SYMBOLS = {"aanwezig": "✓", "te_laat": "L", "vroeg_weg": "V", "afwezig_bericht": "B", "afwezig_zonder_bericht": "✗", "naar_huis": "H"}
ATTENDED = frozenset({"aanwezig", "te_laat"})


def counts_as_attended(status: str, early_leave_counts: bool = False) -> bool:
    """An attended dagdeel: present or late; left early only when a supervisor granted it."""
    return status in ATTENDED or (status == "vroeg_weg" and early_leave_counts)


def attended_count(records) -> int:
    """How many attended dagdelen among these attendance records (anything with status/early_leave_counts)."""
    return sum(counts_as_attended(r.status, r.early_leave_counts) for r in records)


def week_label(count: int, needed: int = 4) -> str:
    """The Loon naar Werken → Via Via criterion in words: '3 van 4 dagdelen deze week'."""
    return f"{count} van {needed} dagdelen deze week" + (" ✓" if count >= needed else "")


def may_change(role: str | None, day: date, tapped_on: date) -> bool:
    """An assistant sets attendance only for the dagdelen of the day of the tap (Europe/Amsterdam, by the
    phone's clamped time, so an offline morning synced that evening or after midnight still counts); other
    days need a supervisor or a counsellor."""
    return role in ANY_DAY or day == tapped_on
