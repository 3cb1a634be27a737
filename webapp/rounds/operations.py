"""State changes of a round: plan, start, sign up, decide who rides, board, arrive."""
from datetime import datetime

from flask_babel import force_locale, gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..attendance.operations import set_status
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..formatting import day_year
from ..org import queries as org_queries
from ..org.models import Bus, Shelter
from ..parse import DeviceTime
from ..workers.models import Worker
from ..workers.operations import next_external_id
from . import queries, rules
from .rotation import FREE_SEAT, LEFT_BEHIND
from .models import PickupRound, RoundStaff, RoundStop, SignUp

def conditions_unmet(worker: Worker, unmet: list[str]) -> Refused:
    """The refusal that asks the assistant to confirm or decline: the worker misses Loon naar Werken conditions."""
    return Refused(_("Let op: %(name)s heeft %(unmet)s.", name=worker.display_name, unmet=", ".join(unmet)),
                   code="conditions", unmet=unmet)


def plan(day, bus: Bus, shelters: list[Shelter], staff_ids: list[int], pickup: PickupRound | None = None) -> PickupRound:
    """Create or change a round: which bus, which shelters in which order, which staff."""
    pickup = pickup or PickupRound(date=day, created_by_id=current_user.id)
    kept = {s.id for s in shelters}
    for stop in pickup.stops:
        if stop.shelter_id not in kept and any(s.shelter_id == stop.shelter_id for s in pickup.signups):
            raise Refused(_("Bij %(shelter)s zijn al mensen aangemeld; die stop blijft op de route.", shelter=stop.shelter.name))
    pickup.date, pickup.bus_id = day, bus.id
    pickup.stops = [RoundStop(shelter_id=s.id, position=i) for i, s in enumerate(shelters)]
    pickup.staff = [RoundStaff(staff_id=i) for i in dict.fromkeys(staff_ids)]
    db.session.add(pickup)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("%(bus)s rijdt op %(day)s al een ronde.", bus=bus.name, day=day_year(day))) from None
    db.session.commit()
    return pickup


def start_today() -> PickupRound:
    """An unplanned round for today: the first free bus, every active shelter of its site in route order, me on it."""
    today = clock.today()
    bus = queries.free_bus(today)
    if bus is None:
        raise Refused(_("Alle bussen rijden vandaag al een ronde. Open die ronde hieronder."))
    shelters = [s for s in org_queries.active_shelters() if bus.site_id is None or s.site_id in (None, bus.site_id)]
    return plan(today, bus, shelters, [current_user.id])


def sign_up(pickup: PickupRound, worker: Worker, shelter_id: int, client_id: str | None, confirmed: bool,
            device_at: datetime | None = None) -> SignUp:
    """Sign a worker up at a stop; Refused when they cannot, or when conditions need confirming first.
    A sign-up made on a phone offline counts from the tap (`device_at`, parsed and clamped at the edge),
    not from when it reached us: sign-up time breaks ties in the rotation."""
    if client_id and (done := db.session.scalar(select(SignUp).where(SignUp.client_id == client_id))):
        return done
    _check_open(pickup)
    if not worker.active:
        raise Refused(_("%(name)s is gedeactiveerd en kan niet worden aangemeld.", name=worker.display_name))
    existing = queries.signup_on(worker.id, pickup.date)
    if existing is not None and not (existing.round_id != pickup.id and may_move(existing)):
        raise Refused(_("%(name)s is vandaag al aangemeld bij %(shelter)s (%(bus)s).", name=worker.display_name,
                        shelter=existing.shelter.name, bus=existing.round.bus.name))
    unmet = rules.unmet(worker)
    if unmet and not confirmed:
        raise conditions_unmet(worker, unmet)
    if existing is not None:  # left behind by another bus: this bus takes them along
        return _take_along(existing, pickup, shelter_id)
    at = device_at or clock.now()
    signup = SignUp(round_id=pickup.id, worker_id=worker.id, shelter_id=shelter_id, date=pickup.date, signed_up_at=at,
                    signed_up_by_id=current_user.id, client_id=client_id,
                    conditions_waived=_stored(lambda: ", ".join(rules.unmet(worker))))
    if pickup.decided_at is not None:  # after the choice: a free seat if there is one, else the waiting list
        signup.selected = sum(s.rides for s in pickup.signups) < pickup.bus.seats
        signup.selection_reason = "later aangemeld" if signup.selected else _stored(lambda: str(LEFT_BEHIND))
    db.session.add(signup)
    try:
        db.session.flush()
    except IntegrityError:  # a colleague at another stop was a moment earlier
        db.session.rollback()
        existing = queries.signup_on(worker.id, pickup.date)
        raise Refused(_("%(name)s is vandaag al aangemeld bij %(shelter)s.", name=worker.display_name,
                        shelter=existing.shelter.name)) from None
    record("signup", worker, f"ronde {pickup.id}, {signup.conditions_waived or 'voorwaarden in orde'}")
    db.session.commit()
    return signup


def add_first_timer(pickup: PickupRound, shelter_id: int, name: str, flags: dict, client_id: str | None,
                    confirmed: bool, device_at: datetime | None = None) -> SignUp:
    """A first-timer: a worker with just a name at this shelter, flagged for intake today, signed up."""
    if client_id and (done := db.session.scalar(select(SignUp).where(SignUp.client_id == client_id))):
        return done
    first, _sep, last = name.strip().partition(" ")
    worker = Worker(external_id=next_external_id(), first_name=first, roepnaam=first, last_name=last,
                    shelter_id=shelter_id, intake_pending=True, **flags)
    unmet = rules.unmet(worker)
    if unmet and not confirmed:
        raise conditions_unmet(worker, unmet)
    db.session.add(worker)
    db.session.flush()
    record("create", worker, "nieuw via de ophaalronde — intake vandaag")
    return sign_up(pickup, worker, shelter_id, client_id, confirmed=True, device_at=device_at)


def withdraw(pickup: PickupRound, signup: SignUp) -> None:
    """Undo a sign-up made by mistake (before boarding)."""
    _check_open(pickup)
    if signup.boarded_at is not None:
        raise Refused(_("%(name)s is al ingestapt; zet eerst het instappen terug.", name=signup.worker.display_name))
    record("signup_withdraw", signup.worker, f"ronde {pickup.id}")
    db.session.delete(signup)
    db.session.commit()


def decide(pickup: PickupRound, riders: set[int]) -> None:
    """Record the final choice of who rides (the proposal, possibly with swaps), and who made it."""
    _check_open(pickup)
    if len(riders) > pickup.bus.seats:
        raise Refused(_("Je koos %(n)s mensen voor %(seats)s plaatsen. Laat er %(over)s achter.", n=len(riders),
                        seats=pickup.bus.seats, over=len(riders) - pickup.bus.seats))
    with force_locale("nl"):  # the reason is stored: Dutch data, whatever the language of who decides
        proposal = {c.signup_id: c for c in queries.proposal(pickup)}
    for signup in pickup.signups:
        rides = signup.id in riders
        proposed = proposal[signup.id]
        signup.selected = rides
        reason = proposed.reason if proposed.rides == rides else f"gewisseld door {current_user.name}"
        # Left behind by a swap: the proposal's reason said why they would ride, so say first that it was full.
        signup.selection_reason = f"{LEFT_BEHIND} · {reason}" if proposed.rides and not rides else reason
    pickup.decided_at, pickup.decided_by_id = clock.now(), current_user.id
    db.session.commit()


def board(pickup: PickupRound, signup: SignUp, boarded: bool, at: datetime | None = None) -> SignUp:
    """Check someone off as they board, or undo it (sets, never toggles), at the tap's time. Boarding is a fact
    and beats the plan: a sign-up on another bus today that did not board moves here (also from a round that
    already arrived, clearing its 'niet verschenen'); boarded on both is kept as a conflict to resolve."""
    _check_open(pickup)
    at = at or clock.now()
    if signup.round_id != pickup.id and (signup.boarded_at is not None or not boarded):
        _claim(signup, pickup, at if boarded else None)
        db.session.commit()
        return signup
    already = signup.round_id == pickup.id and signup.boarded_at is not None
    if boarded and not already and sum(s.boarded_at is not None for s in pickup.signups) >= pickup.bus.seats:
        raise Refused(_("De bus is vol: %(n)s mensen zijn al ingestapt.", n=pickup.bus.seats))
    if signup.round_id != pickup.id:
        _move(signup, pickup)
    if boarded and not signup.rides:  # left behind, but a seat stayed free (someone did not show): they ride
        signup.selected, signup.selection_reason = True, _stored(lambda: str(FREE_SEAT))
    elif not boarded and signup.selection_reason == _stored(lambda: str(FREE_SEAT)):  # that tap undone
        signup.selected, signup.selection_reason = False, _stored(lambda: str(LEFT_BEHIND))
    if boarded != (signup.boarded_at is not None):
        signup.boarded_at = at if boarded else None
        signup.no_show = signup.no_show and not boarded
    db.session.commit()
    return signup


def board_stop(pickup: PickupRound, signups: list[SignUp], at: datetime | None = None) -> int:
    """Check off at once everyone of one stop the assistant saw board (the ones the button named); all or nothing:
    someone no longer on this bus's list, or more people than seats, is refused before anyone is checked off."""
    _check_open(pickup)
    if not signups:
        raise Refused(_("Niemand gekozen om in te stappen."))
    for signup in signups:
        if signup.round_id != pickup.id or not signup.rides:
            raise Refused(_("%(name)s staat niet op de lijst om mee te rijden.", name=signup.worker.display_name))
    new = [s for s in signups if s.boarded_at is None]
    if sum(s.boarded_at is not None for s in pickup.signups) + len(new) > pickup.bus.seats:
        raise Refused(_("De bus is vol: %(n)s mensen zijn al ingestapt.", n=pickup.bus.seats))
    at = at or clock.now()
    for signup in new:
        signup.boarded_at, signup.no_show = at, False
    db.session.commit()
    return len(new)


def may_move(signup: SignUp) -> bool:
    """A sign-up another bus may take over: not boarded, and left behind (no seat) or its bus has arrived."""
    return signup.boarded_at is None and (not signup.rides or signup.round.arrived_at is not None)


def _take_along(signup: SignUp, pickup: PickupRound, shelter_id: int) -> SignUp:
    """Someone a bus left behind signs up on this one: their sign-up moves here, picked up at this stop,
    with a free seat if there is one once the choice is made."""
    _move(signup, pickup)
    signup.shelter_id = shelter_id
    if pickup.decided_at is not None:
        signup.selected = sum(s.rides for s in pickup.signups if s.id != signup.id) < pickup.bus.seats
        signup.selection_reason = (signup.selection_reason if signup.selected else _stored(lambda: str(LEFT_BEHIND)))
    db.session.commit()
    return signup


def _move(signup: SignUp, to: PickupRound) -> None:
    """The sign-up follows the person to the bus they boarded: same worker and shelter, now riding on `to`."""
    origin = signup.round
    record("signup_move", signup.worker, f"ronde {origin.id} → ronde {to.id}: overgezet van {origin.bus.name} "
                                         f"naar {to.bus.name} door {current_user.name}")
    signup.round = to
    signup.moved_from_round_id, signup.moved_by_id, signup.moved_at = origin.id, current_user.id, clock.now()
    signup.selected = None if to.decided_at is None else True
    signup.selection_reason = f"overgezet van {origin.bus.name} door {current_user.name}"
    signup.no_show = False


def _claim(signup: SignUp, pickup: PickupRound, at: datetime | None) -> None:
    """Someone boarded on their own bus was also checked off on `pickup` (at=None: that check is undone)."""
    if at is None:
        if signup.conflict_round_id == pickup.id:
            signup.conflict_round_id = signup.conflict_boarded_at = signup.conflict_by_id = None
            record("signup_conflict", signup.worker, f"ronde {pickup.id}: instappen in {pickup.bus.name} teruggezet")
        return
    if signup.conflict_round_id == pickup.id:
        return
    signup.conflict_round_id, signup.conflict_boarded_at, signup.conflict_by_id = pickup.id, at, current_user.id
    record("signup_conflict", signup.worker, f"ingestapt in {signup.round.bus.name} (ronde {signup.round_id}) én in "
                                             f"{pickup.bus.name} (ronde {pickup.id}), door {current_user.name}")


def resolve(signup: SignUp, rode_on: PickupRound) -> None:
    """A supervisor settles 'ingestapt in twee bussen': the bus the person was on keeps the sign-up and its
    boarding; attendance already recorded by an arrival stays as it is."""
    if signup.conflict_round_id is None:
        return  # settled already (a replay, or a colleague was first)
    if rode_on.id not in (signup.round_id, signup.conflict_round_id):
        raise Refused(_("%(name)s is niet in %(bus)s ingestapt.", name=signup.worker.display_name, bus=rode_on.bus.name))
    if rode_on.id == signup.conflict_round_id:
        boarded_at = signup.conflict_boarded_at
        _move(signup, rode_on)
        signup.boarded_at = boarded_at
    signup.conflict_round_id = signup.conflict_boarded_at = signup.conflict_by_id = None
    record("signup_conflict", signup.worker, f"opgelost door {current_user.name}: zat in {rode_on.bus.name}")
    db.session.commit()


def arrive(pickup: PickupRound, present: set[int], tap: DeviceTime | None = None) -> int:
    """At the work place, at the tap's time: attendance `aanwezig` for the Loon naar Werken workday of everyone
    boarded (also those in conflict with another bus) and not excepted, except a Via Via rider (rules.arrives_at_lnw,
    whatever the phone sent); those who were to ride but did not board are marked 'niet verschenen'."""
    _check_open(pickup)
    at = tap.at if tap else clock.now()
    boarded = queries.on_board(pickup)
    if not boarded:
        raise Refused(_("Er is nog niemand ingestapt; vink eerst aan wie er in de bus zit."))
    block = org_queries.lnw_block()
    if block is None:
        raise Refused(_("Er is geen actieve werkplaats Loon naar Werken met een dagdeel; vraag de beheerder."))
    note = f"ophaalronde {pickup.bus.name}, aangekomen {clock.local(at):%H:%M}" + (f" ({tap.note})" if tap and tap.note else "")
    # Last writer wins by device time: a clock we did not believe does not take part (a later tap wins).
    device_at = tap.at if tap and tap.believed else None
    counted = [s for s in boarded if s.id in present and rules.arrives_at_lnw(s.worker)]
    for signup in counted:
        set_status(signup.worker_id, pickup.date, block.id, "aanwezig", note=note, device_at=device_at)
    for signup in pickup.signups:
        signup.no_show = signup.rides and signup.boarded_at is None
    pickup.arrived_at, pickup.arrived_by_id = at, current_user.id
    db.session.commit()
    return len(counted)


def _check_open(pickup: PickupRound) -> None:
    if not pickup.is_open:
        raise Refused(_("Deze ronde is al aangekomen; de lijst ligt vast."))


def _stored(spell):
    """Text kept in the database is Dutch, whatever the language of who tapped: `spell()` run in nl."""
    with force_locale("nl"):
        return spell()
