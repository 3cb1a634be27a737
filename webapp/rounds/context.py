"""What the round screen shows, computed in one place for the page and its fragments."""

from flask import render_template, request
from flask_babel import gettext as _
from jinja2_fragments.flask import render_blocks

from . import operations, queries, rotation
from .models import PickupRound, SignUp

TEMPLATE = "rounds/show.html"
NEW_RANK = rotation.rank(False, 0, 0, None)  # a first-timer: no agreement, no worked days, never left behind


class Mark(str):
    """What a stop's one-tap list says about someone today; `free` when a tap still signs them up here
    (left behind by another bus: the sign-up moves to this one)."""

    free = False

    @classmethod
    def movable(cls, text: str) -> "Mark":
        mark = cls(text)
        mark.free = True
        return mark


def taken(worker_id: int, others: dict[int, SignUp], working: set[int]) -> Mark:
    """Why someone on a stop's one-tap list is not free today: on another bus, or already at work ('' if free)."""
    other = others.get(worker_id)
    if other is not None:
        if operations.may_move(other):
            return Mark.movable(_("in %(bus)s · achtergebleven", bus=other.round.bus.name))
        return Mark(_("in %(bus)s · ingestapt", bus=other.round.bus.name) if other.boarded_at
                    else _("in %(bus)s · aangemeld", bus=other.round.bus.name))
    return Mark(_("al aan het werk") if worker_id in working else "")


def free_first(workers: list, taken: dict[int, Mark]) -> None:
    """Sort a one-tap list in place: who a tap signs up here first (in their order), the others after, marked."""
    workers.sort(key=lambda w: bool(taken[w.id]) and not taken[w.id].free)


def marks(pickup: PickupRound, worker_ids: list[int]) -> dict[int, Mark]:
    """The `taken` mark of each worker on the one-tap lists of this round."""
    others, working = queries.elsewhere(pickup), queries.at_work(pickup.date)
    return {w: taken(w, others, working) for w in worker_ids}


def by_stop(pickup: PickupRound, riders: list[SignUp]) -> list[tuple]:
    """The boarding list per stop in route order (someone moved from another bus's stop comes after):
    (shelter, riders, those of them still to board)."""
    order = {stop.shelter_id: i for i, stop in enumerate(pickup.stops)}
    groups: dict[int, list[SignUp]] = {}
    for signup in sorted(riders, key=lambda s: (order.get(s.shelter_id, len(order)), s.shelter_id)):
        groups.setdefault(signup.shelter_id, []).append(signup)
    return [(here[0].shelter, here, [s for s in here if s.boarded_at is None]) for here in groups.values()]


def current_stop(pickup: PickupRound, stops: list[dict]) -> int | None:
    """The stop open on the page: none once the choice is made or the bus arrived; else the last stop where
    someone signed up (the bus is there or just left it), or the first."""
    if pickup.decided_at or pickup.arrived_at or not stops:
        return None
    with_signups = [stop["shelter"].id for stop in stops if stop["signups"]]
    return with_signups[-1] if with_signups else stops[0]["shelter"].id


def seat_count(seats: int, riding: int, boarded: int, arrived: bool) -> dict:
    """The seat counter's honest numbers (round.js `counter` counts the same offline): before anyone boards,
    the planned riders take the seats; once boarding started, who is in the bus does, and of the planned riders
    not yet in it only as many as seats are left are still to be picked up (someone left behind who took a
    free seat does not make it 9/8)."""
    to_fetch = 0 if arrived or not boarded else max(min(riding, seats) - boarded, 0)
    taken = boarded + to_fetch if boarded else riding
    return {"to_fetch": to_fetch, "free": max(seats - taken, 0)}


def build(pickup: PickupRound, only: int | None = None, just_signed: int | None = None) -> dict:
    """Stops with their sign-ups and regulars (free ones first, the others marked), seats, the rotation
    proposal, the boarding list and any 'ingestapt in twee bussen' conflict. `only`: the one stop a fragment
    shows (the other stops' regulars are not read). `just_signed`: the regular a tap just signed up, who stays in
    their place in the list ("✓ aangemeld"), so the next person does not slide under the thumb."""
    signed = {s.worker_id for s in pickup.signups}
    shown = [stop.shelter_id for stop in pickup.stops if only is None or stop.shelter_id == only]
    regulars = queries.regulars_by_stop(shown, pickup.date) if shown else {}
    stops = []
    for stop in pickup.stops:
        here = [s for s in pickup.signups if s.shelter_id == stop.shelter_id]
        listed = [w for w in regulars.get(stop.shelter_id, []) if w.id not in signed or w.id == just_signed]
        stops.append({"shelter": stop.shelter, "signups": here, "regulars": listed, "next": None})
    for stop, after in zip(stops, stops[1:]):
        stop["next"] = after["shelter"]
    taken_by = marks(pickup, [w.id for stop in stops for w in stop["regulars"]])
    for stop in stops:
        free_first(stop["regulars"], taken_by)
    seats = pickup.bus.seats
    over = len(pickup.signups) > seats
    on_page = [s.worker_id for s in pickup.signups] + [w.id for stop in stops for w in stop["regulars"]]
    known = queries.facts(on_page, pickup.date) if on_page else {}  # once, for the ranks and the proposal
    proposal = []
    if over and pickup.decided_at is None:
        by_id = {s.id: s for s in pickup.signups}
        proposal = [(by_id[c.signup_id], c) for c in queries.proposal(pickup, known)]
    riders = [s for s in pickup.signups if s.rides] if (not over or pickup.decided_at) else []
    riding = min(len(pickup.signups), seats) if pickup.decided_at is None else len(riders)
    boarded = sum(s.boarded_at is not None for s in pickup.signups)
    return {
        "pickup": pickup, "stops": stops, "seats": seats, "signed_up": len(pickup.signups),
        "riding": riding, "boarded": boarded, **seat_count(seats, riding, boarded, pickup.arrived_at is not None),
        "over": over, "proposal": proposal, "riders": riders, "left_behind": [s for s in pickup.signups if not s.rides],
        "ranks": queries.ranks(on_page, pickup.date, known), "new_rank": NEW_RANK,
        "taken": taken_by, "conflicts": queries.conflicts(pickup),
        "boarding_stops": by_stop(pickup, riders), "current": current_stop(pickup, stops), "just_signed": just_signed,
    }


def page(pickup: PickupRound, **extra):
    """The whole round screen."""
    return render_template(TEMPLATE, **build(pickup), **extra)


def stop_fragment(pickup: PickupRound, shelter_id: int, status: int = 200, just_signed: int | None = None, **extra):
    """One stop re-rendered, with the seat counter and the riders list swapped out of band."""
    if not request.htmx:
        return page(pickup, **extra), status
    context = build(pickup, only=shelter_id, just_signed=just_signed)
    stop = next((s for s in context["stops"] if s["shelter"].id == shelter_id), None)
    html = render_blocks(TEMPLATE, ["stop", "seat_counter", "riders"], stop=stop, oob=True, riders_oob=True,
                         **context, **extra)
    return html, status
