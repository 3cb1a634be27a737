"""Whatever a phone sends to pay, mark or board — any spelling of a unit, any date, any id, any offline flag or
device clock — the answer is never a 500 and no worker is ever paid twice (counted) for one canonical unit."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from sqlalchemy import select

from conftest import wipe
from webapp import parse
from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.payouts import operations
from webapp.payouts.models import LedgerLine
from webapp.rounds.models import SignUp

from . import factories

FRIDAY = date(2026, 11, 27)  # week 2026-W48; the clock stands after Friday's last dagdeel, so all is payable
WEEK_DAYS = [FRIDAY - timedelta(days=i) for i in range(4, -1, -1)]


@pytest.fixture
def place(app, client, auth):
    """Loon naar Werken and Via Via with a week of work for four workers, a round today, an assistant logged in."""
    app.config["DAGDEEL_NOW"] = f"{FRIDAY.isoformat()}T16:45"
    operations.ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    workers = [factories.WorkerFactory() for _ in range(4)]
    shelter = factories.ShelterFactory()
    pickup = factories.RoundFactory(date=FRIDAY, stops=[shelter])
    for w in workers:
        db.session.add(SignUp(round_id=pickup.id, worker_id=w.id, shelter_id=shelter.id, date=FRIDAY))
        for day in WEEK_DAYS:
            set_status(w.id, day, lnw.blocks[0].id, "aanwezig")
            for block in viavia.blocks:
                set_status(w.id, day, block.id, "aanwezig")
    db.session.commit()
    auth.login("assistant")
    return {"lnw": lnw, "viavia": viavia, "workers": [w.id for w in workers], "round": pickup.id}


def _week_spelling(year, sep, w, pad, number, before, after):
    return f"{before}{year}{sep}{w}{pad}{number}{after}"


SPACES = st.sampled_from(["", " ", "  ", "\t"])
WEEKS = st.builds(_week_spelling, st.sampled_from([2026, 2026, 2025, 1, 9999, 20260]), st.sampled_from(["-", "x", "", "--", "/"]),
                  st.sampled_from(["W", "w", "", "WW"]), st.sampled_from(["", "0", "00"]),
                  st.one_of(st.sampled_from([48, 47, 1, 53, 0, 54]), st.integers(-5, 120)), SPACES, SPACES)
DAYS = st.one_of(st.sampled_from(WEEK_DAYS).map(date.isoformat),
                 st.sampled_from(["9999-12-31", "2026-02-30", "0001-01-01", "20261127", "2026-11-27 ", "2026-11-27T10:00",
                                  "2026-13-01", "27-11-2026", "2026-W48-5", ""]),
                 st.dates().map(date.isoformat))
# Spellings of the units worked (so that a paid unit comes again under another spelling).
THIS_WEEK = st.sampled_from(["2026-W48", "2026-w48", "2026-W048", " 2026-W48 ", "2026-w048", "2026-W48\t", "2026-W0048"])
THESE_DAYS = st.sampled_from(WEEK_DAYS[-2:]).flatmap(lambda d: st.sampled_from([d.isoformat(), f" {d.isoformat()} "]))
UNITS = st.one_of(THIS_WEEK, THESE_DAYS, WEEKS, DAYS, st.text(max_size=20))
IDS = st.one_of(st.integers(-2**70, 2**70).map(str), st.sampled_from(["", "abc", "0", "-1", "1e3", "٣", "00000000-0000-4000-8000-000000000000"]),
                st.text(max_size=12))
OFFLINE = st.sampled_from(["0", "1", "", "ja", "x", "on"])
DEVICE_AT = st.one_of(st.none(), st.sampled_from(["2099-01-01T00:00:00Z", "kapot", "", "0001-01-01T00:00:00"]),
                      st.datetimes(min_value=datetime(2026, 11, 26), max_value=datetime(2026, 11, 28),
                                   timezones=st.just(timezone.utc)).map(datetime.isoformat))
STATUSES = st.sampled_from(["aanwezig", "te_laat", "vroeg_weg", "afwezig_bericht", "afwezig_zonder_bericht", "naar_huis", "", "weg"])


def person(known):
    """Mostly a worker who exists (so payments happen and may collide), sometimes any id at all."""
    return st.one_of(st.sampled_from(known).map(str), st.sampled_from(known).map(str), IDS)


def requests(place):
    workers = person(place["workers"])
    likely = st.tuples(st.sampled_from(place["workers"][:2]).map(str), st.one_of(
        st.tuples(st.just("viavia"), THIS_WEEK), st.tuples(st.just("lnw"), THESE_DAYS)), OFFLINE, DEVICE_AT).map(
        lambda t: ("/uitbetaling/betalen", {"worker_id": t[0], "programme": t[1][0], "unit": t[1][1],
                                            "voucher_type": "maaltijd", "offline": t[2], "device_at": t[3]}))
    pay = st.fixed_dictionaries({"worker_id": workers, "programme": st.sampled_from(["lnw", "viavia", "viavia", "", "x"]),
                                 "unit": UNITS, "voucher_type": st.sampled_from(["maaltijd", "slaaphuis", "", "bier"]),
                                 "offline": OFFLINE, "device_at": DEVICE_AT}).map(lambda d: ("/uitbetaling/betalen", d))
    workshop = st.sampled_from([place["lnw"].id, place["viavia"].id])
    mark = st.tuples(workshop, st.fixed_dictionaries({
        "worker_id": workers, "status": STATUSES, "datum": DAYS, "blok": st.one_of(IDS, st.sampled_from(
            [b.id for w in (place["lnw"], place["viavia"]) for b in w.blocks]).map(str)),
        "reason": st.sampled_from(["", "ziek"]), "at_time": st.sampled_from(["", "10:20", "25:99"]),
        "offline": OFFLINE, "device_at": DEVICE_AT})).map(lambda t: (f"/werkvloer/{t[0]}/markeren", t[1]))
    board = st.tuples(st.one_of(st.just(str(place["round"])), st.integers(0, 2**70).map(str)),
                      st.fixed_dictionaries({"worker_id": workers, "boarded": OFFLINE, "device_at": DEVICE_AT})
                      ).map(lambda t: (f"/ronde/{t[0]}/instappen", t[1]))
    return st.lists(st.one_of(likely, likely, pay, mark, board), min_size=1, max_size=6)


def _counted_per_unit() -> dict:
    seen: dict = {}
    for line in db.session.scalars(select(LedgerLine).where(LedgerLine.kind == "payout", LedgerLine.duplicate.is_(False))):
        assert parse.is_canonical_unit(line.programme, line.unit), line.unit
        key = (line.worker_id, line.programme, line.unit)
        seen[key] = seen.get(key, 0) + 1
    return seen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_request_is_a_500_and_no_unit_is_paid_twice(place, client, data):
    db.session.commit()
    wipe("ledger_line")  # each example starts unpaid (past the ORM's guard and the database's trigger)
    for path, form in data.draw(requests(place)):
        form = {k: v for k, v in form.items() if v is not None}
        response = client.post(path, data=form, headers={"HX-Request": "true"})
        assert response.status_code < 500, (path, form, response.get_data(as_text=True)[:500])
        event(f"{path.split('/')[1]} {response.status_code}")
    db.session.expire_all()
    assert all(n == 1 for n in _counted_per_unit().values())
