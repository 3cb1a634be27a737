"""A worker's trajectbegeleider: chosen on the worker form, or named by e-mail in the worker CSV."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.workers import csv_io
from webapp.workers.models import Worker

from . import factories

HEADER = ("external_id;first_name;last_name;roepnaam;phone;shelter;module;phase;uitkering;postadres;ingeschreven;"
          "travel_cents;module_since;trajectbegeleider")


@pytest.fixture
def staff(app, catalogue):
    people = {
        "fatima": factories.StaffFactory(role="counsellor", email="fatima@dagdeel.test", name="Fatima"),
        "gone": factories.StaffFactory(role="counsellor", email="weg@dagdeel.test", name="Weg", active=False),
        "ruud": factories.StaffFactory(role="supervisor", email="ruud@dagdeel.test", name="Ruud"),
    }
    db.session.commit()
    return people


def test_the_worker_form_offers_the_active_counsellors_and_saves_one(client, auth, staff):
    auth.login("supervisor")
    form = client.get("/medewerkers/nieuw").get_data(as_text=True)
    assert "Trajectbegeleider" in form and ">Fatima<" in form and ">Weg<" not in form and ">Ruud<" not in form
    response = client.post("/medewerkers/nieuw", data={"first_name": "Jan", "shelter_id": "0", "travel_euros": "0,00",
                                                        "counsellor_id": str(staff["fatima"].id)})
    assert response.status_code == 302
    jan = db.session.scalar(select(Worker).where(Worker.first_name == "Jan"))
    assert jan.counsellor_id == staff["fatima"].id
    client.post(f"/medewerkers/{jan.id}/bewerken", data={"first_name": "Jan", "shelter_id": "0", "travel_euros": "0,00",
                                                         "counsellor_id": "0"})
    db.session.expire_all()
    assert db.session.get(Worker, jan.id).counsellor_id is None


def test_the_form_refuses_someone_who_is_no_active_counsellor(client, auth, staff):
    auth.login("supervisor")
    for other in (staff["ruud"], staff["gone"]):
        response = client.post("/medewerkers/nieuw", data={"first_name": "Jan", "shelter_id": "0", "travel_euros": "0,00",
                                                            "counsellor_id": str(other.id)})
        assert response.status_code == 422
    assert db.session.scalar(select(Worker.id)) is None


def test_a_former_counsellor_stays_until_someone_changes_it(client, auth, staff):
    auth.login("supervisor")
    worker = factories.WorkerFactory(counsellor=staff["gone"])
    db.session.commit()
    assert ">Weg<" in client.get(f"/medewerkers/{worker.id}/bewerken").get_data(as_text=True)


def test_the_csv_names_the_counsellor_by_email_and_the_export_writes_it(app, runner, staff):
    parsed = csv_io.parse(f"{HEADER}\nA1;Jan;Janssen;;;;;;ja;ja;ja;0;;FATIMA@dagdeel.test\nA2;Ria;Smeets;;;;;;ja;ja;ja;0;;\n")
    assert parsed.ok, parsed.messages()
    csv_io.apply(parsed)
    jan, ria = (db.session.scalar(select(Worker).where(Worker.external_id == e)) for e in ("A1", "A2"))
    assert (jan.counsellor_id, ria.counsellor_id) == (staff["fatima"].id, None)
    lines = runner.invoke(args=["workers", "export"]).output.splitlines()
    assert lines[0] == HEADER and lines[1].endswith(";fatima@dagdeel.test") and lines[2].endswith(";")


def test_a_file_without_the_column_keeps_each_workers_counsellor(app, staff):
    factories.WorkerFactory(external_id="A1", counsellor=staff["fatima"])
    db.session.commit()
    parsed = csv_io.parse(HEADER.rsplit(";", 1)[0] + "\nA1;Jan;Janssen;;;;;;ja;ja;ja;0;\n")
    assert parsed.ok
    csv_io.apply(parsed)
    assert db.session.scalar(select(Worker.counsellor_id)) == staff["fatima"].id


@pytest.mark.parametrize("email, message", [
    ("niemand@dagdeel.test", "Regel 3: kolom trajectbegeleider: onbekend e-mailadres 'niemand@dagdeel.test'."),
    ("ruud@dagdeel.test", "Regel 3: kolom trajectbegeleider: 'ruud@dagdeel.test' is geen actieve trajectbegeleider."),
    ("weg@dagdeel.test", "Regel 3: kolom trajectbegeleider: 'weg@dagdeel.test' is geen actieve trajectbegeleider."),
])
def test_an_unknown_or_wrong_email_stops_the_whole_file(app, staff, email, message):
    parsed = csv_io.parse(f"{HEADER}\nA1;Jan;Janssen;;;;;;ja;ja;ja;0;;fatima@dagdeel.test\nA2;Ria;Smeets;;;;;;ja;ja;ja;0;;{email}\n")
    assert not parsed.ok and message in parsed.messages()


def test_a_form_sent_without_the_field_keeps_the_counsellor(client, auth, staff):
    auth.login("supervisor")
    worker = factories.WorkerFactory(counsellor=staff["fatima"])
    db.session.commit()
    response = client.post(f"/medewerkers/{worker.id}/bewerken", data={"first_name": "Jan", "shelter_id": "0",
                                                                       "travel_euros": "0,00"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Worker, worker.id).counsellor_id == staff["fatima"].id
    assert client.post("/medewerkers/nieuw", data={"first_name": "Piet", "shelter_id": "0",
                                                   "travel_euros": "0,00"}).status_code == 302
    assert client.post("/medewerkers/nieuw", data={"first_name": "Piet", "shelter_id": "0", "travel_euros": "0,00",
                                                   "counsellor_id": "abc"}).status_code == 422
