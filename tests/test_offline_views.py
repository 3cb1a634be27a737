"""Views the phone showed from its cache offline are logged on sync, marked "offline bekeken" (issue 18 item 3)."""
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.offline.replay import HEADER
from webapp.offline.viewlog import ACTION
from webapp.workers.models import ScheduleSlot

from . import factories

UUID = "0b9e2c4a-6f1d-4e8b-a2c3-5d7f9e1b3a60"
NOW = "2026-11-23T10:40"  # local: 09:40 UTC


@pytest.fixture
def floor(app, auth):
    """Today's board of Assemblage with two expected workers, seen by an assistant."""
    app.config["DAGDEEL_NOW"] = NOW
    workshop = factories.WorkshopFactory(name="Assemblage")
    bas, kim = factories.WorkerFactory(first_name="Bas"), factories.WorkerFactory(first_name="Kim")
    for worker in (bas, kim):
        db.session.add(ScheduleSlot(worker_id=worker.id, block_id=workshop.blocks[0].id, weekday=0))
    db.session.commit()
    staff = auth.login("assistant", name="Sanne de Vries")
    return {"board": f"/werkvloer/{workshop.id}", "workers": [bas, kim], "staff": staff}


def view(client, floor, **changes):
    form = {"client_id": UUID, "page": floor["board"], "worker": [w.id for w in floor["workers"]],
            "device_at": "2026-11-23T09:12:00Z", "offline": "1", **changes}
    return client.post("/offline/bekeken", data=form, headers={"Dagdeel-Replay": "1"})


def lines():
    return db.session.scalars(select(AccessLog).where(AccessLog.action == ACTION).order_by(AccessLog.worker_id)).all()


def test_the_kept_board_names_the_workers_it_shows(client, floor):
    page = client.get(floor["board"]).get_data(as_text=True)
    shown = re.search(r'id="offline-view" hidden data-url="/offline/bekeken" data-workers="([^"]*)"', page)
    assert shown and {int(i) for i in shown.group(1).split()} == {w.id for w in floor["workers"]}
    assert "offline-view" not in client.get("/medewerkers/").get_data(as_text=True)  # no kept page, no ids


def test_a_view_sent_twice_is_logged_once_per_worker_with_device_and_sync_time(client, floor):
    for status in (204, 200):  # the resend (its answer was lost) runs nothing again
        response = view(client, floor)
        assert response.status_code == status and response.headers[HEADER] == UUID
    logged = lines()
    assert [line.worker_id for line in logged] == sorted(w.id for w in floor["workers"])
    assert all(line.staff_id == floor["staff"].id for line in logged)
    assert logged[0].at == datetime(2026, 11, 23, 9, 12, tzinfo=timezone.utc)  # when the phone showed it
    assert logged[0].synced_at == datetime(2026, 11, 23, 9, 40, tzinfo=timezone.utc)  # when the server heard
    assert logged[0].detail == "de werkvloer Assemblage"


def test_the_workers_report_says_it_in_plain_dutch(client, auth, floor):
    view(client, floor)
    client.post("/uitloggen")
    auth.login("counsellor")
    page = client.get(f"/medewerkers/{floor['workers'][0].id}/inzage").get_data(as_text=True)
    assert ("ma 23 nov 2026 10:12</time> — Sanne de Vries (assistent werkbegeleider) bekeek de werkvloer Assemblage "
            "offline (gesynchroniseerd 10:40)") in " ".join(page.split())


@pytest.mark.parametrize("changes, words", [
    ({"worker": ["abc"]}, "Ongeldig nummer"),
    ({"worker": []}, "Geen medewerker"),
    ({"worker": ["1"] * 1001}, "hoogstens 1000"),
    ({"worker": ["99999"]}, "niet op jouw dagschermen"),
    ({"worker": ["99999999999"]}, "bestaat niet"),
    ({"device_at": "gisteren"}, "Ongeldige tijd van de telefoon"),
    ({"device_at": ""}, "Ongeldige tijd van de telefoon"),
    ({"device_at": "0001-01-01T00:00+01:00"}, "Ongeldige tijd van de telefoon"),
    ({"page": "/medewerkers/1"}, "niet op de telefoon bewaard"),
    ({"page": "https://example.org/werkvloer/1"}, "niet op de telefoon bewaard"),
    ({"page": "/bestaat-niet"}, "niet op de telefoon bewaard"),
    ({"page": "/werkvloer/" + "1" * 400}, "niet op de telefoon bewaard"),
])
def test_bad_workers_times_and_pages_are_a_dutch_4xx_and_log_nothing(client, floor, changes, words):
    response = view(client, floor, **changes)
    assert 400 <= response.status_code < 500, response.status_code
    assert words in response.get_data(as_text=True)
    assert lines() == []
    assert view(client, floor).status_code == 204  # refused, not applied: the same UUID may come again


def test_a_clock_far_off_is_the_sync_time_and_says_so(client, floor):
    response = view(client, floor, device_at="2030-01-01T00:00:00Z")
    assert response.status_code == 204
    line = lines()[0]
    assert line.at == line.synced_at == datetime(2026, 11, 23, 9, 40, tzinfo=timezone.utc)
    assert line.detail == "de werkvloer Assemblage · apparaattijd 2030-01-01 00:00 UTC niet geloofd; servertijd gebruikt"


def test_an_assistant_cannot_log_a_view_of_a_worker_the_daily_screens_do_not_show(client, floor):
    former = factories.WorkerFactory(active=False)
    db.session.commit()
    response = view(client, floor, worker=[floor["workers"][0].id, former.id])
    assert response.status_code == 422 and "niet op jouw dagschermen" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.action == ACTION)) == 0


def test_a_view_of_another_sites_worker_is_refused(client, app, auth):
    """An assistant of Heerlen cannot put a Maastricht worker in the log as seen (the site rule, issue 18 item 4)."""
    app.config["DAGDEEL_NOW"] = NOW
    here, there = factories.WorkshopFactory(name="Assemblage"), factories.WorkshopFactory(name="Groen")
    bas, eva = factories.WorkerFactory(first_name="Bas"), factories.WorkerFactory(first_name="Eva")
    db.session.add_all([ScheduleSlot(worker_id=bas.id, block_id=here.blocks[0].id, weekday=0),
                        ScheduleSlot(worker_id=eva.id, block_id=there.blocks[0].id, weekday=0)])
    db.session.commit()
    auth.login("assistant", site_id=here.site_id)
    floor = {"board": f"/werkvloer/{here.id}", "workers": [bas]}
    assert view(client, floor).status_code == 204
    assert view(client, floor, client_id="1c9e2c4a-6f1d-4e8b-a2c3-5d7f9e1b3a61", worker=[eva.id]).status_code == 422
    assert [line.worker_id for line in lines()] == [bas.id]
