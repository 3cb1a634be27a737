"""Reading rounds: the loader, regulars per stop, and the history the rotation weighs."""
from datetime import date, timedelta

from flask import abort
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import selectinload

from .. import clock, parse
from ..attendance.models import Attendance
from ..attendance.queries import attended_filter
from ..extensions import db
from ..org import queries as org_queries
from ..org.models import Bus
from ..trajectory import access
from ..trajectory.models import Enrolment
from ..workers import queries as worker_queries
from ..workers.models import Agreement, Worker
from . import rotation
from .models import PickupRound, RoundStop, SignUp

WINDOW = 14


def get_or_404(round_id: int) -> PickupRound:
    """The round with its stops, staff and sign-ups as they are now (read again after a change), or a 404."""
    round_id = parse.ident(round_id, field="ronde")
    options = [selectinload(PickupRound.stops).joinedload(RoundStop.shelter),
               selectinload(PickupRound.signups).joinedload(SignUp.worker).selectinload(Worker.enrolments)]  # data-lnw
    pickup = db.session.get(PickupRound, round_id, options=options, populate_existing=True) or abort(404)
    access.in_my_sites_or_404(pickup.bus.site_id)  # another site's round: as if there were none
    return pickup


def _my_rounds():
    """The rounds of the buses of the logged-in staff member's sites (trajectory/access.py)."""
    return PickupRound.bus_id.in_(select(Bus.id).where(access.of_my_sites(Bus.site_id)))


def signup_or_404(pickup: PickupRound, signup_id: int) -> SignUp:
    """A sign-up on this round, or a 404."""
    signup = db.session.get(SignUp, signup_id)
    return signup if signup is not None and signup.round_id == pickup.id else abort(404)


def signup_of_day_or_404(pickup: PickupRound, signup_id: int) -> SignUp:
    """A sign-up of this round's date (on this round or another bus), or a 404."""
    signup = db.session.get(SignUp, signup_id)
    return signup if signup is not None and signup.date == pickup.date else abort(404)


def signups_of_day(day: date) -> list[SignUp]:
    """Every sign-up of this date, on any bus."""
    return db.session.scalars(select(SignUp).where(SignUp.date == day)).all()


def planned_after(day: date, limit: int = 14) -> list[PickupRound]:
    """The rounds planned after this date, soonest first."""
    return db.session.scalars(select(PickupRound).where(PickupRound.date > day, _my_rounds())
                              .order_by(PickupRound.date).limit(limit)).all()


def rounds_on(day: date) -> list[PickupRound]:
    """The rounds of this date (of the logged-in staff member's sites)."""
    return db.session.scalars(select(PickupRound).where(PickupRound.date == day, _my_rounds())
                              .order_by(PickupRound.id)).all()


def free_bus(day: date):
    """The first active bus of my sites that rides no round on `day`, or None when every bus is out."""
    used = {r.bus_id for r in rounds_on(day)}
    return next((bus for bus in access.mine(org_queries.active_buses()) if bus.id not in used), None)


def signup_on(worker_id: int, day: date) -> SignUp | None:
    return db.session.scalar(select(SignUp).where(SignUp.worker_id == worker_id, SignUp.date == day))


def signup_named(day: date, reference: str) -> SignUp | None:
    """The day's sign-up (on any round) of the worker a phone names: by worker id, or by the client UUID of
    a sign-up made on the phone (its worker may have been created offline, as a first-timer)."""
    worker_id = worker_queries.worker_id_of(reference)
    return signup_on(worker_id, day) if worker_id else None


def claimed(pickup: PickupRound) -> list[SignUp]:
    """Sign-ups of other rounds whose person was also checked off on this one (a conflict to resolve)."""
    return db.session.scalars(select(SignUp).where(SignUp.conflict_round_id == pickup.id).order_by(SignUp.id)).all()


def on_board(pickup: PickupRound) -> list[SignUp]:
    """Who was checked off on this bus: its boarded sign-ups and those claimed from another bus."""
    return [s for s in pickup.signups if s.boarded_at is not None] + claimed(pickup)


def conflicts(pickup: PickupRound) -> list[SignUp]:
    """'Ingestapt in twee bussen' involving this round, from either side."""
    return [s for s in pickup.signups if s.conflict_round_id is not None] + claimed(pickup)


def elsewhere(pickup: PickupRound) -> dict[int, SignUp]:
    """Today's sign-ups on the other rounds of this round's date, by worker."""
    signups = db.session.scalars(select(SignUp).where(SignUp.date == pickup.date, SignUp.round_id != pickup.id)
                                 .options(selectinload(SignUp.round).joinedload(PickupRound.bus))).all()
    return {s.worker_id: s for s in signups}


def at_work(day: date) -> set[int]:
    """Who has an attended dagdeel (attendance.rules) on this date."""
    return set(db.session.scalars(select(Attendance.worker_id).where(Attendance.date == day, attended_filter())))


def regulars(shelter_id: int, day: date, limit: int = 30) -> list[Worker]:
    """One stop's regulars (see regulars_by_stop)."""
    return regulars_by_stop([shelter_id], day, limit)[shelter_id]


def regulars_by_stop(shelter_ids: list[int], day: date, limit: int = 30) -> dict[int, list[Worker]]:
    """Per shelter, who signed up there in the last 14 days (most often first), then who lives there; of those the
    logged-in staff member may see (a shared shelter's regulars from another site stay out, as in a search). All
    stops in one query (a rank per shelter), not one per stop: a round page shows four."""
    since = day - timedelta(days=WINDOW)
    pairs = union_all(
        select(SignUp.worker_id, SignUp.shelter_id, func.count().label("n"))
        .where(SignUp.shelter_id.in_(shelter_ids), SignUp.date >= since, SignUp.date < day)
        .group_by(SignUp.worker_id, SignUp.shelter_id),
        select(Worker.id, Worker.shelter_id, literal(0)).where(Worker.shelter_id.in_(shelter_ids), Worker.active.is_(True))).subquery()
    here = (select(pairs.c.worker_id, pairs.c.shelter_id, func.max(pairs.c.n).label("n"))
            .group_by(pairs.c.worker_id, pairs.c.shelter_id).subquery())
    ranked = (select(here.c.worker_id, here.c.shelter_id, func.row_number().over(
        partition_by=here.c.shelter_id,
        order_by=(here.c.n.desc(), Worker.roepnaam, Worker.first_name, Worker.last_name, Worker.id)).label("place"))
        .join(Worker, Worker.id == here.c.worker_id).where(Worker.active.is_(True), access.seen_by_me()).subquery())
    rows = db.session.execute(
        select(Worker, ranked.c.shelter_id).join(ranked, ranked.c.worker_id == Worker.id).where(ranked.c.place <= limit)
        .order_by(ranked.c.shelter_id, ranked.c.place)
        .options(selectinload(Worker.enrolments))).all()  # each row's data-lnw (rules.arrives_at_lnw), in one query
    found: dict[int, list[Worker]] = {shelter_id: [] for shelter_id in shelter_ids}
    for worker, shelter_id in rows:
        found[shelter_id].append(worker)
    return found


def facts(worker_ids: list[int], day: date) -> dict[int, tuple]:
    """What the rotation weighs per worker, in four queries however many there are: (rides by agreement, worked
    days, times left behind, last time left behind) in the 14 days before `day`, and whether `day` lies in a
    running Via Via proefweek (started, not past its last day, not yet decided).
    A worked day is a date with an attended dagdeel by the one rule (attendance.rules): a granted *vroeg weg*
    counts, as it does for pay and the week criterion; an ungranted one does not."""
    since = day - timedelta(days=WINDOW)
    worked = dict(db.session.execute(
        select(Attendance.worker_id, func.count(func.distinct(Attendance.date)))
        .where(Attendance.worker_id.in_(worker_ids), Attendance.date >= since, Attendance.date < day, attended_filter())
        .group_by(Attendance.worker_id)).all())
    left = {w: (n, last) for w, n, last in db.session.execute(
        select(SignUp.worker_id, func.count(), func.max(SignUp.date))
        .where(SignUp.worker_id.in_(worker_ids), SignUp.date >= since, SignUp.date < day, SignUp.selected.is_(False))
        .group_by(SignUp.worker_id)).all()}
    agreed = set(db.session.scalars(
        select(Agreement.worker_id).where(Agreement.worker_id.in_(worker_ids), Agreement.rides_bus.is_(True),
                                          Agreement.ended_at.is_(None))))
    trying = set(db.session.scalars(
        select(Enrolment.worker_id).where(Enrolment.worker_id.in_(worker_ids), Enrolment.end_date.is_(None),
                                          Enrolment.trial_result.is_(None), Enrolment.start_date <= day,
                                          Enrolment.trial_until >= day)))
    return {w: (w in agreed, worked.get(w, 0), *left.get(w, (0, None)), w in trying) for w in worker_ids}


def ranks(worker_ids: list[int], day: date, known: dict[int, tuple] | None = None) -> dict[int, str]:
    """Each worker's rotation rank (see rotation.rank), for the phone's offline proposal; `known`: their facts,
    if read already."""
    known = known if known is not None else facts(worker_ids, day) if worker_ids else {}
    return {w: rotation.rank(*known[w]) for w in worker_ids}


def candidates(signups: list[SignUp], day: date, known: dict[int, tuple] | None = None) -> list[rotation.Candidate]:
    """The rotation's facts for each sign-up (`known`: read already, for these workers and more)."""
    known = known if known is not None else facts([s.worker_id for s in signups], day)
    return [rotation.Candidate(s.id, *known[s.worker_id][:4], signed_up_at=clock.local(s.signed_up_at),
                               in_trial=known[s.worker_id][4]) for s in signups]


def proposal(pickup: PickupRound, known: dict[int, tuple] | None = None) -> list[rotation.Choice]:
    """The rotation's proposal for this round's sign-ups and seats (`known`: their facts, if read already)."""
    return rotation.propose(candidates(pickup.signups, pickup.date, known), pickup.bus.seats, pickup.date)
