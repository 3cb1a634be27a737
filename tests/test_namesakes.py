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
