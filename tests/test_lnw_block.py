"""The Loon naar Werken block, chosen once (org.queries.lnw_block) for the bus round's arrival and for payouts."""
from datetime import time

from sqlalchemy import select

from webapp.attendance.models import Attendance
from webapp.extensions import db
from webapp.org import queries as org_queries
from webapp.payouts.operations import ensure_default_rules
from webapp.rounds.models import PickupRound, SignUp

from . import factories

OK = {"uitkering": True, "postadres": True, "ingeschreven": True}


def test_arrival_and_a_granted_early_leave_land_on_the_earliest_block_of_an_active_lnw_workshop(app, client, auth):
    """A closed LnW workshop with an earlier block (the payouts took the earliest block of any LnW workshop) and
    an active one created first with a later block (the round took the first active workshop's block) lose to
    the earliest block among the active LnW workshops."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:35"
    ensure_default_rules()
    factories.WorkshopFactory(name="LnW oud", programme="lnw", active=False, blocks=[("werkdag", time(7), time(11))])
    factories.WorkshopFactory(name="LnW A", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    chosen = factories.WorkshopFactory(name="LnW B", programme="lnw", blocks=[("werkdag", time(9), time(13))]).blocks[0]
    factories.ShelterFactory(name="De Boei")
    factories.BusFactory(name="Bus 1")
    rider, early = factories.WorkerFactory(roepnaam="Rit", **OK), factories.WorkerFactory(roepnaam="Vroeg")
    db.session.commit()
    assert org_queries.lnw_block() == chosen

    auth.login("supervisor")
    client.post("/ronde/start")
    pickup = db.session.scalar(select(PickupRound))
    client.post(f"/ronde/{pickup.id}/aanmelden", data={"worker_id": rider.id, "shelter_id": pickup.stops[0].shelter_id})
    signup = db.session.scalar(select(SignUp))
    client.post(f"/ronde/{pickup.id}/aanmeldingen/{signup.id}/instappen", data={"boarded": "1"})
    assert client.post(f"/ronde/{pickup.id}/aankomst", data={"present": [signup.id]}).status_code == 302

    db.session.add(Attendance(worker_id=early.id, date=pickup.date, block_id=chosen.id, status="vroeg_weg"))
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-23T15:00"
    response = client.post("/uitbetaling/lnw/toestaan", data={"worker_id": early.id, "datum": "2026-11-23",
                                                              "reason": "tandarts"})
    assert response.status_code == 302
    db.session.expire_all()
    records = db.session.scalars(select(Attendance).order_by(Attendance.worker_id)).all()
    assert [(r.worker_id, r.block_id, r.status, r.early_leave_counts) for r in records] == [
        (rider.id, chosen.id, "aanwezig", False), (early.id, chosen.id, "vroeg_weg", True)]


def test_without_an_active_lnw_workshop_there_is_no_block(app):
    factories.WorkshopFactory(programme="lnw", active=False)
    factories.WorkshopFactory(programme="viavia")
    db.session.commit()
    assert org_queries.lnw_block() is None
