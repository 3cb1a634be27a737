"""The access log is complete for what shows personal data (issue 18 item 1, NEN 7513): every page about one worker
logs that worker; every list, search, print and export logs what was asked (the search term, the period) and how
many it showed. A new page about a worker must be added here on purpose."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from webapp import clock
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.org.models import Workshop
from webapp.payouts import operations as payout_operations
from webapp.workers import operations as worker_operations

from . import factories
from .test_worker_photos import _jpeg

DAY = date(2026, 11, 23)  # a Monday; the scene's clock is 14:05 on it

# Pages about one worker: (path with {w}, a role that may open it).
ONE_WORKER = [
    ("/medewerkers/{w}", "assistant"), ("/medewerkers/{w}/foto", "assistant"),
    ("/medewerkers/{w}/bewerken", "supervisor"), ("/medewerkers/{w}/rooster", "supervisor"),
    ("/medewerkers/{w}/traject", "supervisor"), ("/medewerkers/{w}/inzage", "counsellor"),
    ("/medewerkers/{w}/inzage/afdruk", "counsellor"), ("/medewerkers/{w}/gegevens.zip", "counsellor"),
    ("/trajecten/medewerker/{w}", "counsellor"), ("/trajecten/medewerker/{w}/intake", "counsellor"),
    ("/trajecten/medewerker/{w}/evaluatie", "counsellor"), ("/trajecten/medewerker/{w}/leefgebied/wonen", "counsellor"),
    ("/trajecten/medewerker/{w}/zrm", "counsellor"), ("/trajecten/medewerker/{w}/participatieladder", "counsellor"),
    ("/werkvloer/medewerker/{w}/week", "supervisor"),
]
# Pages that list or find workers: (path, role, words the log line must hold).
LISTS = [
    ("/medewerkers/?q=Verm", "assistant", ["Verm"]),
    ("/werkvloer/{workshop}/zoeken?q=Verm", "assistant", ["Verm"]),
    ("/werkvloer/{workshop}/week", "supervisor", ["week"]),
    ("/uitbetaling/overzicht?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "2026-11-30"]),
    ("/uitbetaling/export.csv?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "regels"]),
    ("/werkvloer/export.csv?van=2026-11-01&tot=2026-11-30", "supervisor", ["2026-11-01", "regels"]),
    ("/medewerkers/export.csv", "supervisor", ["regels"]),
    ("/ronde/{round}/print", "assistant", ["ronde", "aanmeldingen"]),
]


@pytest.fixture
def scene(app, catalogue):
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    payout_operations.ensure_default_rules()
    workshop = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    worker = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen")
    db.session.flush()
    worker_operations.set_photo(worker, _jpeg())
    pickup = factories.RoundFactory()
    db.session.commit()
    return {"w": worker.id, "workshop": workshop.id, "round": pickup.id,
            "shelter": pickup.stops[0].shelter_id if pickup.stops else 0, "bus": pickup.bus.name}


def _lines(**where):
    return db.session.scalar(select(func.count(AccessLog.id)).filter_by(**where))


@pytest.mark.parametrize(("path", "role"), ONE_WORKER)
def test_every_page_about_one_worker_logs_that_worker(client, auth, scene, path, role):
    auth.login(role)
    before = _lines(worker_id=scene["w"])
    response = client.get(path.format(**scene))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert _lines(worker_id=scene["w"]) == before + 1


@pytest.mark.parametrize(("path", "role", "words"), LISTS)
def test_every_list_search_and_export_logs_what_was_asked(client, auth, scene, path, role, words):
    auth.login(role)
    newest = db.session.scalar(select(func.max(AccessLog.id))) or 0
    response = client.get(path.format(**scene))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    response.get_data()  # an export is streamed: its line is written when the download is complete
    details = db.session.scalars(select(AccessLog.detail).where(AccessLog.id > newest)).all()
    assert any(all(word in detail for word in words) for detail in details), details


def test_a_refused_note_that_answers_the_whole_card_logs_the_view(client, auth, scene):
    auth.login("assistant")
    before = _lines(worker_id=scene["w"], action="view")
    response = client.post(f"/medewerkers/{scene['w']}/afspraken", data={"text": ""})
    assert response.status_code == 422 and "Vermeulen" in response.get_data(as_text=True)
    assert _lines(worker_id=scene["w"], action="view") == before + 1


def test_a_change_logs_the_old_and_the_new_value(client, auth, scene):
    from webapp.workers.models import Worker

    auth.login("supervisor")
    worker = db.session.get(Worker, scene["w"])
    old_phone = worker.phone
    form = {"external_id": worker.external_id, "first_name": "Bas", "last_name": "Vermeulen", "phone": "0611111111",
            "travel_euros": "0", "shelter_id": "0", "counsellor_id": "0"}
    assert client.post(f"/medewerkers/{scene['w']}/bewerken", data=form).status_code == 302
    detail = db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "update"))
    assert f"phone: {old_phone!r} → '0611111111'" in detail


# Whole pages that list workers: (path, role, who the page shows, the page in words). Each logs one `view_list` line
# per worker shown (webapp/audit/shown.py).
LIST_PAGES = [
    ("/werkvloer/{workshop}", "assistant", {"w"}, "de werkvloer Loon naar Werken"),
    ("/ronde/{round}", "assistant", {"w"}, "de ronde van Bus "),
    ("/ronde/{round}/aankomst", "assistant", {"w"}, "de aankomst van de ronde van Bus "),
    ("/uitbetaling/", "assistant", {"w"}, "de uitbetalingslijst"),
    ("/uitbetaling/viavia?week=2026-W48&werkplaats=alle", "assistant", {"kim"}, "de Via Via-weeklijst"),
    ("/uitbetaling/kas", "assistant", {"w"}, "de kas"),
    ("/medewerkers/", "assistant", {"w", "kim"}, "de medewerkerslijst"),
]


@pytest.fixture
def listed(scene):
    """Bas worked the Loon naar Werken day, rode the round (boarded) and is in the day list; Kim worked four Via Via
    dagdelen this week."""
    from webapp.attendance.operations import set_status
    from webapp.rounds.models import PickupRound, SignUp

    workshop = db.session.get(Workshop, scene["workshop"])
    set_status(scene["w"], DAY, workshop.blocks[0].id, "aanwezig")
    pickup = db.session.get(PickupRound, scene["round"])
    db.session.add(SignUp(round_id=pickup.id, worker_id=scene["w"], shelter_id=pickup.stops[0].shelter_id,
                          date=DAY, boarded_at=clock.now()))
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    kim = factories.WorkerFactory(roepnaam="Kim")
    db.session.flush()
    for block in viavia.blocks:
        set_status(kim.id, DAY, block.id, "aanwezig")
        set_status(kim.id, DAY - timedelta(days=7), block.id, "aanwezig")
    db.session.commit()
    return {**scene, "kim": kim.id}


def _listed_lines(newest: int, words: str = "") -> list:
    """The list views logged since `newest` (of the page in these words)."""
    return db.session.scalars(select(AccessLog).where(AccessLog.id > newest, AccessLog.action == "view_list",
                                                      AccessLog.detail.startswith(words))
                              .order_by(AccessLog.id)).all()


def _newest() -> int:
    return db.session.scalar(select(func.max(AccessLog.id))) or 0


@pytest.mark.parametrize(("path", "role", "shown", "words"), LIST_PAGES)
def test_every_page_that_lists_workers_logs_each_worker_shown(client, auth, listed, path, role, shown, words):
    newest = _newest()  # before logging in: the test's login reads the worker list for its CSRF token
    staff = auth.login(role)
    if path.startswith("/uitbetaling/kas"):  # the cash check names who was paid from the box
        assert client.post("/uitbetaling/betalen", data={"worker_id": listed["w"], "programme": "lnw",
                                                          "unit": DAY.isoformat(), "voucher_type": "maaltijd"}).status_code == 302
    response = client.get(path.format(**listed))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    lines = _listed_lines(newest, words)  # the test's login also read the worker list
    assert sorted(line.worker_id for line in lines) == sorted(listed[key] for key in shown)
    assert {line.staff_id for line in lines} == {staff.id}


def test_the_training_session_board_logs_its_participants(client, auth, catalogue, app):
    from .test_kansen_op_werk import FIRST, _series, kow_worker

    app.config["DAGDEEL_NOW"] = f"{FIRST.isoformat()}T10:00"
    person, other = kow_worker(), kow_worker()
    staff = auth.login("assistant")
    series = _series(staff, person, other)
    db.session.commit()
    newest = _newest()
    assert client.get(f"/trajecten/trainingen/sessie/{series.sessions[0].id}").status_code == 200
    lines = _listed_lines(newest)
    assert sorted(line.worker_id for line in lines) == sorted([person.id, other.id])
    assert {line.detail for line in lines} == {f"de trainingssessie {series.name}"}


def test_a_list_logs_each_worker_once_per_staff_member_page_and_day(client, auth, listed, app):
    board = f"/werkvloer/{listed['workshop']}?datum={DAY}"  # Monday's board, also when looked at on Tuesday
    staff = auth.login("assistant")
    newest = _newest()
    for _ in range(3):
        assert client.get(board).status_code == 200
    assert client.get(f"/ronde/{listed['round']}").status_code == 200  # another page: its own line
    assert [line.worker_id for line in _listed_lines(newest, "de werkvloer")] == [listed["w"]]
    assert [line.worker_id for line in _listed_lines(newest, "de ronde")] == [listed["w"]]
    app.config["DAGDEEL_NOW"] = "2026-11-24T09:00"  # the next day: logged again
    assert client.get(board).status_code == 200
    assert len(_listed_lines(newest, "de werkvloer")) == 2
    client.post("/uitloggen")
    auth.login("supervisor")  # another staff member: their own line
    assert client.get(board).status_code == 200
    assert [line.staff_id for line in _listed_lines(newest, "de werkvloer")] == [staff.id, staff.id, auth.staff.id]


def test_fragments_and_the_prefetch_of_the_daily_screens_log_no_view(client, auth, listed):
    auth.login("assistant")
    newest = _newest()
    board = f"/werkvloer/{listed['workshop']}"
    assert client.get(board, headers={"Dagdeel-Prefetch": "1"}).status_code == 200
    assert client.get(board, headers={"HX-Request": "true"}).status_code == 200
    assert _listed_lines(newest, "de werkvloer") == []
    assert client.get(board, headers={"HX-Request": "true", "HX-Boosted": "true"}).status_code == 200  # a navigation
    assert [line.worker_id for line in _listed_lines(newest, "de werkvloer")] == [listed["w"]]


def test_the_workers_report_reads_the_list_view_in_plain_dutch(client, auth, listed):
    auth.login("assistant", name="Sanne de Vries")
    client.get(f"/werkvloer/{listed['workshop']}")
    client.post("/uitloggen")
    auth.login("counsellor")
    report = client.get(f"/medewerkers/{listed['w']}/inzage").get_data(as_text=True)
    assert ("ma 23 nov 2026 14:05</time> — Sanne de Vries (assistent werkbegeleider) bekeek de werkvloer Loon naar Werken"
            in report), report


@pytest.mark.parametrize(("path", "page"), [
    ("/medewerkers/?q=Verm", "de zoekresultaten (medewerkers)"),
    ("/werkvloer/{workshop}/zoeken?q=Verm", "de zoekresultaten (werkvloer Loon naar Werken)"),
    ("/ronde/{round}/zoeken?shelter_id={shelter}&q=Verm", "de zoekresultaten (de ronde van {bus})"),
])
def test_a_live_search_logs_whom_it_showed_once_a_day(client, auth, scene, path, page):
    """Results typed live are htmx fragments (no whole page, so the page log leaves them out): the search itself says
    whom it showed, and typing on ("Verm", "Verme") adds no second line for the same person that day."""
    auth.login("assistant")
    newest = db.session.scalar(select(func.max(AccessLog.id))) or 0
    for term in ("Verm", "Verme"):
        response = client.get(path.format(**scene).replace("Verm", term), headers={"HX-Request": "true"})
        assert response.status_code == 200 and "Vermeulen" in response.get_data(as_text=True), response.get_data(as_text=True)
    shown = db.session.scalars(select(AccessLog.detail).where(AccessLog.id > newest, AccessLog.worker_id == scene["w"],
                                                              AccessLog.action == "view_list")).all()
    assert shown == [page.format(**scene)]
