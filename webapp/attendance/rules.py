"""Which attendance statuses exist, which count as an attended dagdeel (SPEC §3), and who may change which
day. No I/O."""
from datetime import date, time

from ..auth import roles
from ..translatable import _, _l

# Who may set attendance for a day other than the day of their tap.
ANY_DAY = frozenset({roles.SUPERVISOR, roles.COUNSELLOR})
# Who may let a day left early count as worked (on the board, or by granting its payout).
EARLY_LEAVE_GRANTERS = frozenset({roles.SUPERVISOR})

STATUSES = {
    "aanwezig": _l("aanwezig"),
    "te_laat": _l("te laat"),
    "vroeg_weg": _l("vroeg weg"),
    "afwezig_bericht": _l("afwezig met bericht"),
    "afwezig_zonder_bericht": _l("afwezig zonder bericht"),
    "naar_huis": _l("naar huis gestuurd"),
}
# "Nog niet afgetekend": a mark taken back (the undo right after a tap, or the status menu later that day). The
# record stays, with this status, because its history hangs on it; everywhere else it is exactly no record: not a
# status one reports (import, export), no cell in a week grid, 'nog niet' in the tally, a no-show when it is late,
# no pay. The board's row already calls an unmarked person 'open'. Queries leave it out with
# `attendance.queries.marked()` (SQL) or `is_marked` (Python); the attended and showed-up sets never hold it.
OPEN = "open"
# What the board may set: a status, or back to no mark.
SETTABLE = {**STATUSES, OPEN: _l("nog niet afgetekend")}
# One character per status for the week grid.
SYMBOLS = {"aanwezig": "✓", "te_laat": "L", "vroeg_weg": "V", "afwezig_bericht": "B", "afwezig_zonder_bericht": "✗", "naar_huis": "H"}
# What counts as an attended dagdeel, the one definition (SPEC §3): present or late always; left early
# (EARLY_LEAVE) only when a supervisor granted it for that record (`early_leave_counts`). Pay, the week
# criterion, the rotation's worked days and the phone's tally all take it from here: the SQL form is
# `attendance.queries.attended_filter()`, the phone's list the Jinja global `attended_statuses()`.
ATTENDED = frozenset({"aanwezig", "te_laat"})
TIMED = frozenset({"te_laat", "vroeg_weg"})  # the status menu asks when it happened
WITH_REASON = frozenset({"vroeg_weg", "afwezig_bericht", "naar_huis"})  # the menu's reason belongs to these
# A status's note as typed (the menu's "Toelichting", an import's column): longer is refused, never cut. With its
# reason in front ("afspraak · …") it fits the 300 characters an attendance's note holds.
NOTE_MAX = 280
REASON_REQUIRED = frozenset({"vroeg_weg", "naar_huis"})  # never without a reason (or a note)
EARLY_LEAVE = "vroeg_weg"
# Came to work that dagdeel, whether or not it counts: what a payout list shows (an ungranted early leave
# is listed as 'niet uitbetaald — vroeg weg').
SHOWED_UP = ATTENDED | {EARLY_LEAVE}


def is_marked(status: str | None) -> bool:
    """Whether an attendance record says anything: a status, not absent and not taken back (`OPEN`)."""
    return status is not None and status != OPEN


def counts_as_attended(status: str, early_leave_counts: bool = False) -> bool:
    """An attended dagdeel: present or late; left early only when a supervisor granted it."""
    return status in ATTENDED or (status == EARLY_LEAVE and early_leave_counts)


def attended_count(records) -> int:
    """How many attended dagdelen among these attendance records (anything with status/early_leave_counts)."""
    return sum(counts_as_attended(r.status, r.early_leave_counts) for r in records)


def attended_statuses() -> list[str]:
    """The statuses that always count as attended, sorted, for the phone (`data-attended`)."""
    return sorted(ATTENDED)


# The Loon naar Werken → Via Via criterion: attended dagdelen in each of the last weeks (trajectory/transition.py).
VIAVIA_PER_WEEK = 4


def week_label(count: int, needed: int = VIAVIA_PER_WEEK) -> str:
    """The Loon naar Werken → Via Via criterion in words: '3 van 4 dagdelen deze week'."""
    return _("%(count)s van %(needed)s dagdelen deze week", count=count, needed=needed) + (" ✓" if count >= needed else "")


def may_count_early_leave(role: str | None) -> bool:
    """Only a supervisor lets an early leave count as an attended dagdeel."""
    return role in EARLY_LEAVE_GRANTERS


def may_change(role: str | None, day: date, tapped_on: date) -> bool:
    """An assistant sets attendance only for the dagdelen of the day of the tap (Europe/Amsterdam, by the
    phone's clamped time, so an offline morning synced that evening or after midnight still counts); other
    days need a supervisor or a counsellor."""
    return role in ANY_DAY or day == tapped_on


def takes_time(status: str) -> bool:
    """Whether the status carries the time it happened (late arrival, early leave)."""
    return status in TIMED


def within_block(at: time, starts_at: time, ends_at: time) -> bool:
    """Whether a late arrival or an early leave at `at` happened during the dagdeel (its start and end included):
    "te laat 22:52" for the morning 08:00–12:00 is a slip of the clock, not a fact."""
    return starts_at <= at <= ends_at


def offers_present_tap(status: str | None) -> bool:
    """Whether a board row offers the one-tap "Aanwezig": not when the person is present already, nor when they came
    late (a tap would overwrite "te laat 08:20" with plain present and lose the time; the menu still changes it)."""
    return status not in ("aanwezig", "te_laat")


def takes_reason(status: str) -> bool:
    """Whether the status menu's reason belongs to the status (for others it is not kept)."""
    return status in WITH_REASON


def lacks_reason(status: str, reason: str, note: str) -> bool:
    """Left early or sent home without a word: refused, the team must know why."""
    return status in REASON_REQUIRED and not (reason.strip() or note.strip())
