"""Paying out, reversing, and the cash check. Money: integer cents, append-only ledger, one rule in one place."""
from datetime import date, datetime

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import clock, parse
from ..attendance.operations import set_status
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db, insert_missing
from ..formatting import moment
from ..org import queries as org_queries
from ..workers.models import Incident
from . import locks, queries, rules
from .models import CashBox, LedgerLine, PayoutRule

# The defaults from the seed (SPEC §5); an admin adds new versions from a date.
RULE_FIELDS = ("min_units", "max_units", "vouchers", "travel", "early_leave_paid")

GRANT_NOTE = "uitbetaling toegestaan: "  # the attendance note of a day left early paid after all
GRANT_REASON_MAX = 300 - len(GRANT_NOTE)  # the rest of the attendance note (300 characters)


def ensure_default_rules() -> None:
    """Give a fresh database the method's payout rules (idempotent): the `[[payout]]` tables of the method files
    (Relim: € 6 and a voucher a day in Loon naar Werken, € 3 a dagdeel, 4 up to 9 a week, in Via Via)."""
    from ..trajectory import catalogue

    if db.session.scalar(select(func.count(PayoutRule.id))) == 0:
        db.session.add_all(PayoutRule(effective_from=date(2000, 1, 1), programme=rule["programme"],
                                      amount_cents=rule["amount_cents"],
                                      **{field: rule[field] for field in RULE_FIELDS if field in rule})
                           for rule in catalogue.payout_defaults())
        db.session.commit()


def box_for(staff_id: int, day: date) -> CashBox:
    """This staff member's cash box for the day (opened empty when first used, also by two of their devices, on
    two servers, at the same moment)."""
    found = queries.box(staff_id, day)
    if found is None:
        insert_missing(CashBox, staff_id=staff_id, date=day)
        found = queries.box(staff_id, day)
    return found


def pay(worker_id: int, programme: str, unit: str, voucher_type: str | None, client_id: str | None = None,
        device_at: datetime | None = None, offline: bool = False) -> LedgerLine:
    """Pay one worker for one canonical unit from my cash box, at the tap's (clamped) time. Refused without the
    attendance that earns it, before the work has ended, or when already paid — except a tap made offline before
    that payout reached the server, which is kept as a flagged duplicate."""
    if not parse.is_canonical_unit(programme, unit):
        raise ValueError(f"pay needs a canonical unit, got {unit!r}")  # the edge parses; a raw string is a bug
    if client_id and (done := db.session.scalar(select(LedgerLine).where(LedgerLine.client_id == client_id))):
        return done
    tapped = device_at or clock.now()
    locks.hold_attendance(worker_id, programme, unit)
    entry = queries.entry_for(worker_id, programme, unit)
    if entry is None:
        raise Refused(_("Geen aanwezigheid gevonden: zonder gewerkt te hebben wordt er niet uitbetaald."))
    if not entry.due.eligible:
        raise Refused(_("%(name)s: %(why)s.", name=entry.worker.display_name, why=entry.due.explanation))
    ready = queries.payable_from(programme, unit)
    if ready is None or clock.now() < ready:
        raise Refused(_("Uitbetaling kan pas na %(time)s: eerst werken, dan betalen (geen voorschot).", time=moment(ready)))
    if entry.due.vouchers and voucher_type not in rules.VOUCHER_TYPES:
        raise Refused(_("Kies de kaart: slaaphuis of maaltijd."))
    box = box_for(current_user.id, clock.today())
    if box.signed_off_at is not None:
        raise Refused(_("Je kas van vandaag is al afgetekend; er kan niet meer uit worden betaald."))
    duplicate = _duplicate(entry, tapped, offline)
    if _reversed_since(entry, tapped):
        # Tapped on a phone before this unit's payout was reversed: it cannot be the corrected payment.
        if not offline:
            raise Refused(_("Deze betaling van %(name)s is van vóór de terugboeking; kijk eerst in de kas.",
                            name=entry.worker.display_name))
        duplicate = True
    line = _line(entry, box, voucher_type, client_id, tapped, duplicate)
    try:
        db.session.flush()
    except IntegrityError:  # a colleague paid the same unit a moment earlier
        db.session.rollback()
        entry = queries.entry_for(worker_id, programme, unit) or entry
        if not offline or entry.paid is None:
            raise Refused(_("%(name)s is zojuist al betaald door een collega. Niet nog eens betalen.",
                            name=entry.worker.display_name)) from None
        _duplicate(entry, tapped, offline)  # refused unless tapped before the colleague's payout was recorded
        box = box_for(current_user.id, clock.today())
        line = _line(entry, box, voucher_type, client_id, tapped, duplicate=True)
    record("payout_duplicate" if line.duplicate else "payout", entry.worker, f"{programme} {unit} {line.cash_cents} cent")
    db.session.commit()
    return line


def _duplicate(entry, tapped: datetime, offline: bool) -> bool:
    """Whether a payout of an already paid unit is kept as a flagged duplicate: only when the phone was offline
    and tapped before the counted payout reached the server, so it could not have known. Otherwise refused."""
    paid = entry.paid
    if paid is None:
        return False
    if offline and rules.tapped_before(tapped, paid.paid_at):
        if _my_duplicates(entry):  # one phone pays a person once: a second 'offline' copy is not a fact from the field
            raise Refused(_("Je hebt %(name)s hiervoor al eens dubbel betaald; kijk eerst in de kas.",
                            name=entry.worker.display_name))
        return True
    raise Refused(_("%(name)s is al betaald door %(by)s om %(at)s. Niet nog eens betalen.", name=entry.worker.display_name,
                    by=paid.paid_by.name if paid.paid_by else "?", at=moment(paid.paid_at)))


def _unit_lines(entry, *conditions) -> int:
    """How many ledger lines of this worker's unit meet the conditions."""
    return db.session.scalar(select(func.count(LedgerLine.id)).where(
        LedgerLine.worker_id == entry.worker.id, LedgerLine.programme == entry.programme, LedgerLine.unit == entry.unit,
        *conditions))


def _my_duplicates(entry) -> int:
    """How many flagged duplicates of this unit I already recorded."""
    return _unit_lines(entry, LedgerLine.kind == "payout", LedgerLine.duplicate.is_(True),
                       LedgerLine.paid_by_id == current_user.id)


def _reversed_since(entry, device_at: datetime) -> bool:
    return _unit_lines(entry, LedgerLine.kind == "reversal", LedgerLine.paid_at > device_at) > 0


def _line(entry, box, voucher_type, client_id, device_at, duplicate) -> LedgerLine:
    reversals = _unit_lines(entry, LedgerLine.kind == "reversal")
    unit_date = date.fromisoformat(entry.unit) if entry.programme == "lnw" else rules.week_days(entry.unit)[0]
    line = LedgerLine(worker_id=entry.worker.id, programme=entry.programme, unit=entry.unit, unit_date=unit_date,
                      slot=reversals, dagdelen=entry.due.dagdelen, premium_cents=entry.due.premium_cents,
                      travel_cents=entry.due.travel_cents, vouchers=entry.due.vouchers,
                      voucher_type=voucher_type if entry.due.vouchers else None, rule_id=entry.rule.version,
                      cash_box_id=box.id, paid_by_id=current_user.id, device_at=device_at, client_id=client_id,
                      duplicate=duplicate)
    db.session.add(line)
    return line


def reverse(line: LedgerLine, reason: str) -> LedgerLine:
    """Correct a payout by a reversal line that references it; the original stays."""
    if not reason.strip():
        raise Refused(_("Geef een reden voor de terugboeking."))
    if line.kind != "payout" or line.reversal is not None:
        raise Refused(_("Deze regel is al teruggeboekt of is zelf een terugboeking."))
    box = box_for(current_user.id, clock.today())
    if box.signed_off_at is not None:
        raise Refused(_("Je kas van vandaag is al afgetekend; boek morgen terug."))
    reversal = LedgerLine(kind="reversal", worker_id=line.worker_id, programme=line.programme, unit=line.unit,
                          unit_date=line.unit_date, slot=line.slot, dagdelen=-line.dagdelen,
                          premium_cents=-line.premium_cents, travel_cents=-line.travel_cents, vouchers=-line.vouchers,
                          voucher_type=line.voucher_type, rule_id=line.rule_id, cash_box_id=box.id,
                          paid_by_id=current_user.id, reverses_id=line.id, reason=parse.text(reason, limit=500))
    db.session.add(reversal)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Deze regel is zojuist al teruggeboekt.")) from None
    record("payout_reversal", line.worker, f"regel {line.id}: {reason[:200]}")
    db.session.commit()
    return reversal


def grant_early_leave(worker, day: date, reason: str) -> None:
    """A supervisor lets a Loon naar Werken day left early be paid after all: reason required, visible to the team."""
    reason = parse.text(reason, limit=GRANT_REASON_MAX)
    if not reason:
        raise Refused(_("Geef een reden waarom vroeg weg toch wordt uitbetaald."))
    entry = queries.entry_for(worker.id, "lnw", day.isoformat())
    if entry is None or entry.status != "vroeg_weg":
        raise Refused(_("Alleen een dag met ‘vroeg weg’ kan zo worden toegestaan."))
    block = org_queries.lnw_block()
    if block is None:
        raise Refused(_("Er is geen actieve werkplaats Loon naar Werken met een dagdeel; vraag de beheerder."))
    set_status(worker.id, day, block.id, "vroeg_weg", note=f"{GRANT_NOTE}{reason}",
               early_leave_counts=True)
    db.session.add(Incident(worker_id=worker.id, created_by_id=current_user.id,
                            text=f"Vroeg weg op {day:%d-%m} toch uitbetaald door {current_user.name}: {reason}"))
    record("payout_grant", worker, reason[:200])
    db.session.commit()


def open_box(box: CashBox, opening_cents: int, vouchers_taken: int) -> None:
    """Enter the morning's float and vouchers taken."""
    _editable(box)
    _log_box("cash_open", box, ("opening_cents", opening_cents), ("vouchers_taken", vouchers_taken))
    box.opening_cents, box.vouchers_taken = opening_cents, vouchers_taken
    db.session.commit()


def count_box(box: CashBox, counted_cents: int, vouchers_returned: int, note: str) -> queries.Balance:
    """Enter what is in the box at the end of the day. The count is kept as counted, also with a difference
    and no explanation (the balance returned says so; the box cannot be signed off until it has one)."""
    _editable(box)
    note = parse.text(note, limit=500)
    _log_box("cash_count", box, ("counted_cents", counted_cents), ("vouchers_returned", vouchers_returned),
             ("note", note))
    box.counted_cents, box.vouchers_returned, box.note = counted_cents, vouchers_returned, note
    db.session.commit()
    return queries.balance(box)


def sign_off(box: CashBox) -> None:
    """A supervisor closes the day's box: its payouts are locked from now on."""
    _editable(box)
    check = queries.balance(box)
    if check.expected_cents is None or box.counted_cents is None:
        raise Refused(_("Vul eerst het beginbedrag en het getelde bedrag in."))
    if check.unexplained:
        raise Refused(_("Er is een verschil: schrijf bij de telling wat er is gebeurd."))
    box.signed_off_at, box.signed_off_by_id = clock.now(), current_user.id
    record("cash_sign_off", detail=f"kas {box.staff.name} {box.date}: verschil {check.difference_cents} cent")
    db.session.commit()


def _log_box(action: str, box: CashBox, *changes: tuple[str, object]) -> None:
    """The box's float or count is overwritten when corrected: the log keeps each old → new value."""
    changed = [f"{field}: {getattr(box, field)!r} → {new!r}" for field, new in changes if getattr(box, field) != new]
    if changed:
        record(action, detail=f"kas {box.staff.name} {box.date}: " + "; ".join(changed))


def _editable(box: CashBox) -> None:
    if box.signed_off_at is not None:
        raise Refused(_("Deze kas is al afgetekend."))


def add_rule(data: dict) -> PayoutRule:
    """A new version of a payout rule, in force from its date; earlier payouts keep theirs."""
    rule = PayoutRule(created_by_id=current_user.id, **data)
    db.session.add(rule)
    record("payout_rule", detail=f"{data['programme']} vanaf {data['effective_from']}: {data['amount_cents']} cent")
    db.session.commit()
    return rule
