"""What a worker is owed for a paid unit: pure functions of attendance facts and a rule version."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..attendance.rules import EARLY_LEAVE, counts_as_attended
from ..formatting import money
from ..translatable import _, _l, ngettext

VOUCHER_TYPES = {"slaaphuis": _l("nacht in het slaaphuis"), "maaltijd": _l("warme maaltijd")}


@dataclass(frozen=True)
class Rule:
    version: int
    programme: str
    effective_from: date
    phase: int | None
    amount_cents: int
    min_units: int
    max_units: int
    vouchers: int
    travel: bool
    early_leave_paid: bool


@dataclass(frozen=True)
class Due:
    dagdelen: int
    premium_cents: int
    travel_cents: int
    vouchers: int
    explanation: str

    @property
    def total_cents(self) -> int:
        return self.premium_cents + self.travel_cents

    @property
    def eligible(self) -> bool:
        return self.total_cents > 0 or self.vouchers > 0


def lnw_day(rule: Rule, status: str, granted: bool = False) -> Due:
    """Loon naar Werken: a completed workday earns the amount and the vouchers; left early only when granted."""
    if counts_as_attended(status, granted or rule.early_leave_paid):
        return Due(1, rule.amount_cents, 0, rule.vouchers,
                   ngettext("gewerkt — %(amount)s en %(num)s kaart", "gewerkt — %(amount)s en %(num)s kaarten", rule.vouchers,
                            amount=money(rule.amount_cents)))
    if status == EARLY_LEAVE:
        return Due(0, 0, 0, 0, _("niet uitbetaald — vroeg weg"))
    return Due(0, 0, 0, 0, _("niet uitbetaald — niet gewerkt"))


def viavia_week(rule: Rule, dagdelen: int, days: int, travel_rate_cents: int) -> Due:
    """Via Via: per attended dagdeel from `min_units` up to `max_units`; travel per attended day, also below the minimum."""
    travel = days * travel_rate_cents if rule.travel else 0
    travel_text = _("reiskosten %(amount)s", amount=money(travel)) if travel else _("geen reiskosten")
    if dagdelen < rule.min_units:
        return Due(dagdelen, 0, travel, 0, ngettext("%(num)s dagdeel — onder de %(min)s, geen premie; %(travel)s",
                                                    "%(num)s dagdelen — onder de %(min)s, geen premie; %(travel)s", dagdelen,
                                                    min=rule.min_units, travel=travel_text))
    counted = min(dagdelen, rule.max_units)
    capped = " " + _("(max %(n)s)", n=rule.max_units) if dagdelen > rule.max_units else ""
    return Due(dagdelen, rule.amount_cents * counted, travel, 0,
               ngettext("%(num)s dagdeel%(capped)s × %(amount)s = %(total)s; %(travel)s",
                        "%(num)s dagdelen%(capped)s × %(amount)s = %(total)s; %(travel)s", dagdelen, capped=capped,
                        amount=money(rule.amount_cents), total=money(rule.amount_cents * counted), travel=travel_text))


def week_unit(day: date) -> str:
    """The ISO week of a date as '2026-W48' (week 53 and year boundaries follow ISO 8601)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(unit: str) -> list[date]:
    """Monday to Sunday of an ISO week unit."""
    monday = date.fromisocalendar(int(unit[:4]), int(unit[6:]), 1)
    return [monday + timedelta(days=i) for i in range(7)]


def tapped_before(tapped: datetime, paid_at: datetime) -> bool:
    """A phone offline could not have known of a payout the server recorded after its tap (clamped device time):
    only then is paying the unit again a flagged duplicate rather than a refusal."""
    return tapped < paid_at


def pick_rule(rules: list[Rule], programme: str, on: date, phase: int | None = None) -> Rule | None:
    """The version in force on a date: the latest effective one; on the same date a phase-specific one wins."""
    in_force = [r for r in rules if r.programme == programme and r.effective_from <= on and r.phase in (None, phase)]
    return max(in_force, key=lambda r: (r.effective_from, r.phase is not None, r.version), default=None)


def working_day(day: date, step: int) -> date:
    """The working day (Monday to Friday) before (`step` -1) or after (+1) this one: the day list's pager."""
    day += timedelta(days=step)
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day
