"""One rule tells namesakes apart on every list (board, round, payouts): their number after the name."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.workers import queries, rules
from webapp.workers.models import Worker

from . import factories


@pytest.mark.parametrize("names, twins", [
    (["Door Peters", "Bas Vermeulen"], set()),
    (["Door Peters", "Door Peters"], {"door peters"}),
    (["Door  Peters", "door peters", "Bas Vermeulen"], {"door peters"}),
    ([], set()),
])
def test_namesakes_are_names_carried_twice(names, twins):
    assert rules.namesakes(names) == twins


@pytest.mark.parametrize("name, number, expected", [
    ("Door Peters", "A001", "Door Peters · A001"),
    ("Bas Vermeulen", "D007", "Bas Vermeulen"),
])
def test_list_name_adds_the_number_only_to_namesakes(name, number, expected):
    assert rules.list_name(name, number, {"door peters"}) == expected


def test_roepnaam_counts_and_inactive_workers_do_not(app):
    factories.WorkerFactory(external_id="A1", first_name="Dorothea", roepnaam="Door", last_name="Peters")
    factories.WorkerFactory(external_id="A2", first_name="Theodorus", roepnaam="Door", last_name="Peters")
    factories.WorkerFactory(external_id="A3", first_name="Door", last_name="Peters", active=False)
    bas = factories.WorkerFactory(external_id="B1", first_name="Bas", last_name="Vermeulen")
    db.session.commit()
    with app.test_request_context():  # a request of its own: the namesakes are asked once per request
        door = db.session.scalar(select(Worker).where(Worker.external_id == "A2"))
        assert queries.namesakes() == {"door peters"}
        assert queries.list_name(door) == "Door Peters · A2"
        assert queries.list_name(bas) == "Bas Vermeulen"


def test_the_worker_list_tells_namesakes_apart_and_sorts_by_the_name_it_shows(client, auth):
    """Two "Door Peters" on the Medewerkers list carry their numbers; the list runs by the name it shows."""
    factories.WorkerFactory(first_name="Dorothea", roepnaam="Door", last_name="Peters", external_id="D024")
    factories.WorkerFactory(first_name="Door", last_name="Peters", external_id="D031")
    factories.WorkerFactory(first_name="Anna", roepnaam="Bep", last_name="Dassen", external_id="D002")
    factories.WorkerFactory(first_name="Door", last_name="Bemelmans", external_id="D040")
    db.session.commit()
    auth.login("counsellor")
    page = client.get("/medewerkers/").get_data(as_text=True)
    order = [page.index(name) for name in ("Bep Dassen", "Door Bemelmans", "Door Peters · D024", "Door Peters · D031")]
    assert order == sorted(order)


def test_the_week_grid_kort_op_de_man_and_the_card_tell_namesakes_apart(client, auth, app):
    """Walk finding: two "Door Peters" on the same workshop were two identical rows in the week grid and two
    identical headings on "Kort op de man", and the card did not say which one it was."""
    from datetime import date, time

    from webapp.attendance.operations import set_status
    from webapp.workers.models import ScheduleSlot

    monday = date(2026, 11, 23)
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"  # an hour into the morning: both are kort op de man
    workshop = factories.WorkshopFactory(blocks=[("ochtend", time(8), time(12))])
    doors = [factories.WorkerFactory(first_name="Door", last_name="Peters", external_id=number) for number in ("D024", "D031")]
    for door in doors:
        db.session.add(ScheduleSlot(worker_id=door.id, block_id=workshop.blocks[0].id, weekday=0))
    db.session.commit()
    auth.login("supervisor", site_id=workshop.site_id)
    no_shows = client.get(f"/werkvloer/{workshop.id}/kort-op-de-man?datum={monday}").get_data(as_text=True)
    assert "<strong>Door Peters · D024</strong>" in no_shows and "<strong>Door Peters · D031</strong>" in no_shows
    for door in doors:
        set_status(door.id, monday, workshop.blocks[0].id, "aanwezig")
    db.session.commit()
    week = client.get(f"/werkvloer/{workshop.id}/week?datum={monday}").get_data(as_text=True)
    assert "Door Peters · D024</a>" in week and "Door Peters · D031</a>" in week
    card = client.get(f"/medewerkers/{doors[1].id}").get_data(as_text=True)
    assert '<h2>Door Peters <small class="muted">· D031</small></h2>' in card
