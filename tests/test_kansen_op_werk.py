"""Kansen op werk as a method file: the training series with its session boards, learning goals and missed sessions
on the work list; the werkmaatje and the werkervaringsplaats on the card and the trajectory page; meetings with
outside parties and their count."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.errors import Refused
from webapp.extensions import db
from webapp.trajectory import catalogue as methods, labels, support, training, worklist
from webapp.trajectory.models import Method, OutflowReason
from webapp.trajectory.operations import enrol
from webapp.trajectory.support_models import Buddy, Meeting, MeetingType, Placement, RelationRole
from webapp.trajectory.training_models import (LearningGoal, SessionAttendance, SessionAttendanceChange,
                                              TrainingParticipant)
from webapp.workers.models import Agreement

from . import factories

TODAY = date(2026, 11, 23)  # a Monday
FIRST = date(2026, 10, 5)  # ten weekly sessions: 5 oct … 7 dec, seven held by TODAY


@pytest.fixture
def counsellor(app, catalogue):
    app.config["DAGDEEL_NOW"] = f"{TODAY.isoformat()}T10:00"
    staff = factories.StaffFactory(role="counsellor", name="Fatima")
    db.session.commit()
    return staff


def kow_worker(counsellor=None, **fields):
    person = factories.WorkerFactory(counsellor_id=counsellor.id if counsellor else None, **fields)
    db.session.flush()
    module, phase = methods.find("kow", 2)
    enrol(person, module, phase, date(2026, 9, 1))
    return person


def app_request():
    from flask import current_app

    return current_app.test_request_context()


def template():
    return next(t for t in training.templates() if t.code == "weer-aan-het-werk")


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


# --- the method file ---

def test_the_kansen_op_werk_file_loads_its_training_meetings_roles_and_placements(counsellor):
    method = db.session.scalar(select(Method).where(Method.code == "kansen-op-werk"))
    assert method.placements is True and method.name == "Kansen op werk"
    assert [(m.code, m.duration_months, [p.number for p in m.phases]) for m in method.modules] == [("kow", 12, [1, 2, 3])]
    series = template()
    assert (series.name, series.sessions, series.module_code) == ("Weer aan het werk…!", 10, "kow")
    assert {t.code for t in db.session.scalars(select(MeetingType).where(MeetingType.method_id == method.id))} == {
        "afstemming", "driegesprek"}
    assert [r.code for r in db.session.scalars(select(RelationRole).where(RelationRole.method_id == method.id))] == [
        "werkmaatje"]
    classes = {r.code: r.klass for r in db.session.scalars(select(OutflowReason).where(
        OutflowReason.method_id == method.id))}
    assert classes["regulier_werk"] == "positief" and classes["voortijdig_gestopt"] == "negatief"
    relim = db.session.scalar(select(Method).where(Method.code == "relim"))
    assert relim.placements is False


def test_loading_twice_changes_nothing(counsellor):
    methods.load_all()
    db.session.commit()
    kow = db.session.scalar(select(Method.id).where(Method.code == "kansen-op-werk"))
    assert count(MeetingType, method_id=kow) == 2 and count(RelationRole) == 1 and len(training.templates()) == 1


# --- training series ---

def test_a_series_is_planned_for_the_module_enrolled_with_one_date_per_session(counsellor):
    a, b = kow_worker(counsellor), kow_worker()
    factories.WorkerFactory()  # not in Kansen op werk
    series = training.plan(template(), training.weekly(FIRST, 10), [], counsellor, trainer_name="Els (trainer)")
    assert [s.number for s in series.sessions] == list(range(1, 11))
    assert series.sessions[-1].date == FIRST + timedelta(weeks=9)
    assert {p.worker_id for p in series.participants} == {a.id, b.id}
    assert series.trainer == "Els (trainer)"
    with pytest.raises(Refused, match="10 bijeenkomsten"):
        training.plan(template(), training.weekly(FIRST, 9), [], counsellor, trainer_name="Els")
    with pytest.raises(Refused, match="trainer"):
        training.plan(template(), training.weekly(FIRST, 10), [], counsellor)


def test_the_plan_page_plans_a_series_once_per_form(client, auth, catalogue):
    person = kow_worker()
    db.session.commit()
    staff = auth.login("counsellor")
    page = client.get("/trajecten/trainingen/nieuw")
    assert page.status_code == 200 and f'value="{person.id}" checked' in page.get_data(as_text=True)
    form = {"template_id": template().id, "first": "2026-10-05", "every_days": "7", "trainer_staff_id": staff.id,
            "workers": [person.id], "client_id": str(uuid.uuid4())}
    assert client.post("/trajecten/trainingen/nieuw", data=form).status_code == 302
    assert client.post("/trajecten/trainingen/nieuw", data=form).status_code == 302
    assert len(training.all_series()) == 1
    bad = client.post("/trajecten/trainingen/nieuw", data={**form, "client_id": str(uuid.uuid4()),
                                                           "dates": "2026-10-05\n2026-10-12"})
    assert bad.status_code == 422 and "10 bijeenkomsten" in bad.get_data(as_text=True)
    assert client.post("/trajecten/trainingen/nieuw", data={**form, "first": "gisteren"}).status_code == 422
    stale = client.post("/trajecten/trainingen/nieuw", data={**form, "client_id": str(uuid.uuid4()),
                                                             "workers": [999999], "trainer_staff_id": "abc"})
    assert stale.status_code == 422 and "Kies deelnemers uit de lijst." in stale.get_data(as_text=True)
    assert "Kies een trainer uit de lijst." in stale.get_data(as_text=True)


def _series(counsellor, *people):
    return training.plan(template(), training.weekly(FIRST, 10), [p.id for p in people], counsellor,
                         trainer_name="Els")


def test_one_tap_per_person_on_the_session_board_and_every_tap_is_kept(client, auth, catalogue, app):
    app.config["DAGDEEL_NOW"] = f"{FIRST.isoformat()}T10:00"
    person, other = kow_worker(), kow_worker()
    staff = auth.login("assistant")
    series = _series(staff, person, other)
    db.session.commit()
    first = series.sessions[0]
    board = client.get(f"/trajecten/trainingen/sessie/{first.id}")
    assert board.status_code == 200 and board.headers.get("Dagdeel-Offline") == FIRST.isoformat()
    assert f"/trajecten/trainingen/sessie/{first.id}" in board.get_data(as_text=True).split('name="dagdeel-prefetch"')[1][:2000]
    assert client.get(f"/trajecten/trainingen/sessie/{series.sessions[1].id}").headers.get("Dagdeel-Offline") is None
    url = f"/trajecten/trainingen/sessie/{first.id}/markeren"
    tapped = client.post(url, data={"worker_id": person.id, "status": "aanwezig", "client_id": str(uuid.uuid4())},
                         headers={"HX-Request": "true"})
    assert tapped.status_code == 200 and 'id="tally"' in tapped.get_data(as_text=True)
    client.post(url, data={"worker_id": person.id, "status": "afgemeld"}, headers={"HX-Request": "true"})
    assert db.session.scalar(select(SessionAttendance.status).where(SessionAttendance.worker_id == person.id)) == "afgemeld"
    assert count(SessionAttendanceChange) == 2
    # An assistant taps only on the session's day; a stranger is not on the board; an unknown status is refused.
    later = series.sessions[1]
    refused = client.post(f"/trajecten/trainingen/sessie/{later.id}/markeren",
                          data={"worker_id": person.id, "status": "aanwezig"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "Alleen op de dag zelf" in refused.get_data(as_text=True)
    stranger = factories.WorkerFactory()
    db.session.commit()
    assert client.post(url, data={"worker_id": stranger.id, "status": "aanwezig"},
                       headers={"HX-Request": "true"}).status_code == 422
    assert client.post(url, data={"worker_id": person.id, "status": "weg"},
                       headers={"HX-Request": "true"}).status_code == 422
    assert client.post(url, data={"worker_id": "999999999", "status": "aanwezig"}).status_code == 404


def test_learning_goals_keep_their_history(client, auth, catalogue):
    person = kow_worker()
    staff = auth.login("counsellor")
    series = _series(staff, person)
    db.session.commit()
    url = f"/trajecten/trainingen/{series.id}/leerdoelen/{person.id}"
    assert client.post(url, data={"text": "Grenzen aangeven"}).status_code == 302
    assert client.post(url, data={"text": "Grenzen aangeven op het werk", "client_id": str(uuid.uuid4())}).status_code == 302
    page = client.get(f"/trajecten/trainingen/{series.id}").get_data(as_text=True)
    assert "Grenzen aangeven op het werk" in page and "Eerdere versies" in page
    assert count(LearningGoal, worker_id=person.id) == 2
    stranger = factories.WorkerFactory()
    db.session.commit()
    assert client.post(f"/trajecten/trainingen/{series.id}/leerdoelen/{stranger.id}", data={"text": "x"}).status_code == 422


def test_a_session_moves_until_it_is_held_and_stays_between_its_neighbours(client, auth, catalogue, app):
    app.config["DAGDEEL_NOW"] = f"{FIRST.isoformat()}T09:00"
    person = kow_worker()
    staff = auth.login("counsellor")
    series = _series(staff, person)
    db.session.commit()
    second, third = series.sessions[1], series.sessions[2]
    url = f"/trajecten/trainingen/sessie/{second.id}/verzetten"
    moved = client.post(url, data={"datum": (second.date + timedelta(days=2)).isoformat()})
    db.session.expire_all()
    assert moved.status_code == 303 and second.date == FIRST + timedelta(days=9)
    assert client.post(url, data={"datum": (second.date + timedelta(days=2)).isoformat()}).status_code == 303  # again
    late = client.post(url, data={"datum": third.date.isoformat()})
    assert late.status_code == 422 and "moet tussen de vorige en de volgende blijven" in late.get_data(as_text=True)
    assert f'value="{third.date.isoformat()}"' in late.get_data(as_text=True)  # what was typed stays
    assert client.post(url, data={"datum": "morgen"}).status_code == 422
    first = series.sessions[0]
    training.set_status(first, person.id, "aanwezig", staff, first.date)
    db.session.commit()
    page = client.get(f"/trajecten/trainingen/{series.id}").get_data(as_text=True)
    assert f"/trajecten/trainingen/sessie/{first.id}/verzetten" not in page  # held: not offered
    assert f"/trajecten/trainingen/sessie/{third.id}/verzetten" in page
    held = client.post(f"/trajecten/trainingen/sessie/{first.id}/verzetten", data={"datum": (FIRST + timedelta(days=1)).isoformat()})
    db.session.expire_all()
    assert held.status_code == 422 and "is al afgetekend" in held.get_data(as_text=True) and first.date == FIRST


def test_someone_joins_a_series_under_way_and_the_sessions_before_are_not_theirs(client, auth, catalogue, app):
    person, late = kow_worker(), kow_worker(first_name="Lotte")
    other = kow_worker(first_name="Otto")
    staff = auth.login("counsellor")
    series = _series(staff, person)
    db.session.commit()
    joined_on = FIRST + timedelta(weeks=3)
    app.config["DAGDEEL_NOW"] = f"{joined_on.isoformat()}T09:00"
    url = f"/trajecten/trainingen/{series.id}/deelnemers"
    assert client.post(url, data={"worker_id": late.id}).status_code == 303
    assert client.post(url, data={"worker_id": late.id}).status_code == 303  # a resend: still one participant
    assert count(TrainingParticipant, series_id=series.id, worker_id=late.id) == 1
    assert client.post(url, data={"worker_id": "abc"}).status_code == 422
    offered = client.get(f"/trajecten/trainingen/{series.id}").get_data(as_text=True).split('id="join-worker"')[1]
    assert late.external_id not in offered and f"· {person.external_id}" not in offered  # only who is not in it yet
    assert f"· {other.external_id}" in offered
    early_board = client.get(f"/trajecten/trainingen/sessie/{series.sessions[0].id}").get_data(as_text=True)
    today_board = client.get(f"/trajecten/trainingen/sessie/{series.sessions[3].id}").get_data(as_text=True)
    assert "Lotte" not in early_board and "Lotte" in today_board
    assert training.for_worker(late, joined_on + timedelta(weeks=1))[0].held == 2  # weeks 4 and 5, not 1–3
    assert training.for_worker(person, joined_on + timedelta(weeks=1))[0].held == 5


def _attend(series, person, statuses: dict[int, str], by):
    for number, status in statuses.items():
        session = series.sessions[number - 1]
        training.set_status(session, person.id, status, by, session.date)


def test_missed_sessions_are_on_the_counsellors_work_list(counsellor):
    person, mine_not = kow_worker(counsellor, first_name="Kim"), kow_worker(first_name="Noor")
    series = _series(counsellor, person, mine_not)
    _attend(series, person, {1: "aanwezig", 2: "afwezig", 3: "aanwezig", 4: "afgemeld", 5: "afwezig", 6: "aanwezig"},
            counsellor)
    _attend(series, mine_not, {1: "afwezig"}, counsellor)
    db.session.commit()
    rows = [r for r in worklist.rows(TODAY, 7, worklist.scope_clause(counsellor, "mijn")) if r.kind == "training"]
    assert [(r.worker.id, r.due) for r in rows] == [(person.id, FIRST + timedelta(weeks=4))]
    assert rows[0].why == "2 trainingen gemist: 12 okt en 2 nov — Weer aan het werk…!"
    with app_request():
        assert labels.missed_days((date(2026, 11, 3), date(2026, 11, 5)), TODAY) == "3 en 5 nov"
        assert labels.missed_days((date(2026, 10, 28), date(2026, 11, 3), date(2026, 11, 5)), TODAY) == "28 okt, 3 en 5 nov"
    assert rows[0].what == "Training"
    # Everyone's list has both; two weeks after the last session the item is gone.
    assert len([r for r in worklist.rows(TODAY, 7) if r.kind == "training"]) == 2
    after = series.sessions[-1].date + timedelta(days=15)
    assert not [r for r in worklist.rows(after, 7) if r.kind == "training"]
    taking = training.for_worker(person, TODAY)[0]
    assert (taking.attended, taking.held, taking.missed) == (3, 8, [FIRST + timedelta(weeks=1), FIRST + timedelta(weeks=4)])


# --- werkmaatje and werkervaringsplaats ---

def test_a_placement_and_a_buddy_show_on_the_card_and_the_trajectory_page(client, auth, catalogue):
    person, mate = kow_worker(first_name="Kim"), factories.WorkerFactory(first_name="Ricardo", roepnaam="Ricardo")
    staff = auth.login("counsellor")
    db.session.commit()
    form = {"organisation": "Bakkerij Jansen", "address": "Markt 3, Heerlen", "contact": "Mieke 045-1234567",
            "supervisor": "Henk Jansen", "hours_per_week": "16", "start": "2026-10-01",
            "client_id": str(uuid.uuid4())}
    assert client.post(f"/trajecten/medewerker/{person.id}/werkervaringsplaats", data=form).status_code == 302
    assert client.post(f"/trajecten/medewerker/{person.id}/werkervaringsplaats", data=form).status_code == 302
    assert count(Placement, worker_id=person.id) == 1
    role = db.session.scalar(select(RelationRole))
    assert client.post(f"/trajecten/medewerker/{person.id}/werkmaatje", data={
        "role_id": role.id, "buddy_worker_id": mate.id, "start": "2026-10-01"}).status_code == 302
    assert client.post(f"/trajecten/medewerker/{person.id}/werkmaatje", data={
        "role_id": role.id, "buddy_worker_id": 0, "name": "Anja (vrijwilliger)", "start": "2026-10-01"}).status_code == 302
    card = client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert "Werkervaringsplaats: Bakkerij Jansen" in card and "16 uur per week" in card and "Henk Jansen" in card
    assert "Werkmaatje: Ricardo" in card and "Werkmaatje: Anja (vrijwilliger)" in card
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Bakkerij Jansen" in page and "Mieke 045-1234567" in page and "Ricardo" in page
    actions = set(db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == person.id)))
    assert {"placement_start", "buddy_start"} <= actions


def test_assistants_see_where_and_with_whom_but_not_the_contact_details(client, auth, catalogue):
    person = kow_worker()
    staff = auth.login("assistant")
    support.start_placement(person, staff, date(2026, 10, 1), "Bakkerij Jansen", contact="Mieke 045-1234567",
                            supervisor="Henk Jansen")
    support.start_buddy(person, staff, date(2026, 10, 1), name="Anja")
    db.session.commit()
    card = client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert "Bakkerij Jansen" in card and "Henk Jansen" in card and "Anja" in card and "Mieke" not in card
    assert client.get(f"/trajecten/medewerker/{person.id}/werkervaringsplaats").status_code == 403


def test_a_new_placement_ends_the_current_one_and_the_history_stays(counsellor):
    person = kow_worker(counsellor)
    first = support.start_placement(person, counsellor, date(2026, 6, 1), "Kringloop Noord", hours_per_week=12)
    second = support.start_placement(person, counsellor, date(2026, 10, 1), "Bakkerij Jansen")
    assert first.end_date == date(2026, 9, 30) and second.end_date is None
    assert [p.organisation for p in support.placements(person)] == ["Bakkerij Jansen", "Kringloop Noord"]
    with pytest.raises(Refused):
        support.start_placement(person, counsellor, date(2026, 9, 1), "Te vroeg")
    with pytest.raises(Refused):
        support.start_placement(person, counsellor, date(2026, 11, 1), "Bakkerij", hours_per_week=80)
    support.end_placement(second, date(2026, 11, 20))
    assert support.glance(person, TODAY).placement is None


def test_a_buddy_is_ended_with_a_date_and_bad_dates_are_a_dutch_4xx(client, auth, catalogue):
    person = kow_worker()
    staff = auth.login("counsellor")
    buddy = support.start_buddy(person, staff, date(2026, 10, 1), name="Anja")
    db.session.commit()
    assert client.post(f"/trajecten/werkmaatje/{buddy.id}/einde", data={"end": "morgen"}).status_code == 422
    assert client.post(f"/trajecten/werkmaatje/{buddy.id}/einde", data={"end": "2026-09-01"}).status_code == 422
    assert client.post(f"/trajecten/werkmaatje/{buddy.id}/einde", data={"end": "2026-11-20"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Buddy, buddy.id).end_date == date(2026, 11, 20)
    with pytest.raises(Refused):
        support.start_buddy(person, staff, date(2026, 10, 1))
    with pytest.raises(Refused):
        support.start_buddy(person, staff, date(2026, 10, 1), buddy_worker=person)


# --- meetings ---

def test_a_meeting_lands_its_agreements_on_the_card_and_is_counted(client, auth, catalogue):
    person = kow_worker()
    auth.login("counsellor")
    db.session.commit()
    kind = db.session.scalar(select(MeetingType).where(MeetingType.code == "afstemming"))
    form = {"type_id": kind.id, "held_on": "2026-11-10", "parties": "Henk Jansen (werkplek)\nEls (trainer)",
            "agreements": "Kim werkt dinsdag en donderdag\nEls belt Henk na bijeenkomst 8", "client_id": str(uuid.uuid4())}
    assert client.post(f"/trajecten/medewerker/{person.id}/overleg-extern", data=form).status_code == 302
    assert client.post(f"/trajecten/medewerker/{person.id}/overleg-extern", data=form).status_code == 302
    assert count(Meeting) == 1 and count(Agreement, worker_id=person.id) == 2
    assert "Kim werkt dinsdag en donderdag" in client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert "Afstemmingsoverleg werkplek–trainer" in client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    empty = client.post(f"/trajecten/medewerker/{person.id}/overleg-extern", data={**form, "parties": "",
                                                                                   "client_id": str(uuid.uuid4())})
    assert empty.status_code == 422 and "wie erbij waren" in empty.get_data(as_text=True)
    report = client.get("/trajecten/overleggen?van=2026-11-01&tot=2026-11-30").get_data(as_text=True)
    assert "<th scope=\"row\">Afstemmingsoverleg werkplek–trainer</th><td>1</td><td>1</td>" in report
    assert client.get("/trajecten/overleggen?van=nooit").status_code == 422
    counted = {c.type.code: c.meetings for c in support.counts(date(2026, 1, 1), date(2026, 10, 31))}
    assert {code: n for code, n in counted.items() if code in ("afstemming", "driegesprek")} == {"afstemming": 0, "driegesprek": 0}
    assert set(counted) >= {"zorgconferentie"}  # WEZM!'s meeting types are counted too


# --- the demo ---

def test_the_demo_has_kim_at_a_placement_with_a_buddy_who_attended_3_of_5_sessions(runner, app):
    from webapp.workers.models import Worker

    app.config["DAGDEEL_NOW"] = f"{TODAY.isoformat()}T10:00"
    assert runner.invoke(args=["demo"]).exit_code == 0
    kim = db.session.scalar(select(Worker).where(Worker.external_id == "K001"))
    seen = support.glance(kim, TODAY)
    assert seen.placement.organisation == "Bakkerij Jansen" and len(seen.buddies) == 1
    taking = training.for_worker(kim, TODAY)[0]
    assert (taking.attended, len(taking.missed), taking.series.sessions[5].date) == (3, 1, TODAY)
    assert any(r.kind == "training" and r.worker.id == kim.id for r in worklist.rows(TODAY, 7))
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    assert len(training.all_series()) == 1
