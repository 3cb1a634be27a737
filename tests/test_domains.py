"""The eight life domains and the overleg: the pure rules table-tested, then the operations, the pages, the work list's
actiepunt, privacy (assistants never; supervisors per domain; never offline) and the `domains export` command."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.auth import roles
from webapp.extensions import db
from webapp.offline.scope import HEADER
from webapp.trajectory import catalogue as methods, domain_ops, domains, queries, schedule, worklist
from webapp.trajectory.domain_models import ActionPoint, ActionVersion, DomainVersion, LifeDomain, OverlegMark

from . import factories

MONDAY = date(2026, 11, 23)
T = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def at(days: int) -> datetime:
    return T + timedelta(days=days)


# --- the pure rules ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, supervisors, seen", [
    ("counsellor", False, True), ("counsellor", True, True), ("supervisor", True, True),
    ("supervisor", False, False), ("assistant", True, False), ("assistant", False, False), ("admin", True, False),
])
def test_who_sees_a_domain(role, supervisors, seen):
    assert domains.may_see(role, supervisors) is seen


def D(days, status, situation="", goals="", domain="Wonen", by="Fatima"):
    return domains.DomainState(domain, at(days), by, status, situation, goals)


def A(days, action_id=1, text="Bellen", owner="Fatima", due=date(2026, 11, 30), done=None, domain="Wonen"):
    return domains.ActionState(action_id, domain, at(days), "Fatima", text, owner, due, done)


@pytest.mark.parametrize("versions, expected", [
    ([], []),
    ([D(0, "knelpunt", "Nachtopvang")], [("status", "", "knelpunt"), ("situation", "", "Nachtopvang")]),
    ([D(0, "knelpunt"), D(1, "aandacht")], [("status", "", "knelpunt"), ("status", "knelpunt", "aandacht")]),
    ([D(0, "stabiel", goals="Kamer"), D(1, "stabiel", goals="")], [("status", "", "stabiel"), ("goals", "", "Kamer"),
                                                                   ("goals", "Kamer", "")]),
])
def test_domain_changes_are_old_to_new_per_field(versions, expected):
    assert [(c.field, c.old, c.new) for c in domains.domain_changes(versions)] == expected


@pytest.mark.parametrize("versions, expected", [
    ([A(0)], [("nieuw", "", "Bellen")]),
    ([A(0), A(1, done=date(2026, 11, 2))], [("nieuw", "", "Bellen"), ("gedaan", "", "2026-11-02")]),
    ([A(0), A(1, done=date(2026, 11, 2)), A(2)], [("nieuw", "", "Bellen"), ("gedaan", "", "2026-11-02"),
                                                  ("heropend", "2026-11-02", "")]),
    ([A(0), A(1, owner="schuldhulpverlening", due=date(2026, 12, 7))],
     [("nieuw", "", "Bellen"), ("owner", "Fatima", "schuldhulpverlening"), ("due", "2026-11-30", "2026-12-07")]),
])
def test_action_changes(versions, expected):
    assert [(c.field, c.old, c.new) for c in domains.action_changes(versions)] == expected


@pytest.mark.parametrize("since, expected", [
    (None, [("Wonen", "status"), ("Wonen", "nieuw"), ("Schulden", "status"), ("Wonen", "status"), ("Wonen", "gedaan")]),
    (at(2), [("Schulden", "status"), ("Wonen", "status"), ("Wonen", "gedaan")]),
    (at(5), [("Wonen", "status"), ("Wonen", "gedaan")]),
    (at(9), []),
])
def test_what_changed_since_the_last_overleg(since, expected):
    """A version after the mark is compared with the one before it, even when that one is older than the mark."""
    versions = [D(0, "knelpunt"), D(6, "aandacht"), D(3, "aandacht", domain="Schulden")]
    actions = [A(1), A(7, done=date(2026, 11, 8))]
    changes = domains.changed_since(versions, actions, since)
    assert [(c.domain, c.field) for c in changes] == expected
    if since == at(5):
        assert (changes[0].old, changes[0].new) == ("knelpunt", "aandacht")


@pytest.mark.parametrize("due, done, on, late", [
    (date(2026, 11, 22), None, MONDAY, True), (date(2026, 11, 23), None, MONDAY, False),
    (date(2026, 11, 22), date(2026, 11, 23), MONDAY, False), (date(2026, 11, 24), None, MONDAY, False),
])
def test_overdue(due, done, on, late):
    assert domains.overdue(due, done, on) is late


def test_counts_open_and_overdue():
    actions = [A(0, 1, due=date(2026, 11, 20)), A(0, 2, due=date(2026, 11, 30)), A(0, 3, done=date(2026, 11, 1))]
    assert domains.counts(actions, MONDAY) == (2, 1)


@pytest.mark.parametrize("actions, days, expected", [
    ([schedule.ActionFacts(7, 1, MONDAY + timedelta(days=1))], 7, [("actiepunt", 1, 7, 0)]),
    ([schedule.ActionFacts(7, 1, MONDAY - timedelta(days=3))], 0, [("actiepunt", 1, 7, 3)]),
    ([schedule.ActionFacts(7, 1, MONDAY + timedelta(days=8))], 7, []),
])
def test_the_schedule_lists_staff_action_points_by_their_due_date(actions, days, expected):
    items = schedule.due_items(MONDAY, actions=actions, days=days)
    assert [(i.kind, i.worker_id, i.ref, i.days_overdue) for i in items] == expected


def test_an_actiepunt_sorts_before_other_kinds_on_the_same_day():
    follow_up = schedule.FollowUpFacts(3, 2, MONDAY)
    items = schedule.due_items(MONDAY, follow_ups=[follow_up], actions=[schedule.ActionFacts(7, 2, MONDAY)])
    assert [i.kind for i in items] == ["actiepunt", "nazorg"]
    assert "actiepunt" in schedule.KINDS


# --- operations and pages -----------------------------------------------------------------------------------

@pytest.fixture
def scene(app, catalogue, client, auth):
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    return app


def domain(code) -> LifeDomain:
    return db.session.scalar(select(LifeDomain).where(LifeDomain.code == code))


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_the_method_file_gives_eight_domains_in_order(scene):
    relim = next(m for m in methods.methods() if m.code == "relim")
    codes = [d.code for d in domain_ops.all_domains() if d.method_id == relim.id]
    assert [d.code for d in domain_ops.visible(factories.StaffFactory.build(role=roles.COUNSELLOR))] == codes
    assert codes == ["dagbesteding", "verslaving_gezondheid", "wonen", "justitie", "sociaal", "inkomen", "schulden",
                     "zingeving"]
    assert domain("schulden").supervisors is False and domain("dagbesteding").supervisors is True


def test_a_counsellor_sets_a_domain_and_each_change_is_a_version(scene, client, auth):
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory()
    db.session.commit()
    url = f"/trajecten/medewerker/{person.id}/leefgebied/wonen"
    page = client.get(url).get_data(as_text=True)
    assert "Woonsituatie" in page and "Hoe gaat het?" in page and "Nog niets vastgelegd." in page
    first = str(uuid.uuid4())
    form = {"status": "knelpunt", "situation": "Nachtopvang", "goals": "Eigen kamer", "client_id": first}
    assert client.post(url, data=form).status_code == 303
    assert client.post(url, data=form).status_code == 303  # the same form again: one version
    assert count(DomainVersion, worker_id=person.id) == 1
    client.post(url, data={**form, "status": "aandacht", "client_id": str(uuid.uuid4())})
    client.post(url, data={**form, "status": "aandacht", "client_id": str(uuid.uuid4())})  # nothing changed
    versions = db.session.scalars(select(DomainVersion).where(DomainVersion.worker_id == person.id)
                                  .order_by(DomainVersion.id)).all()
    assert [v.status for v in versions] == ["knelpunt", "aandacht"] and versions[-1].by_id == me.id
    page = client.get(url).get_data(as_text=True)
    assert "Status: knelpunt → aandacht" in page
    logged = db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == person.id)).all()
    assert "domain" in logged and "view" in logged


@pytest.mark.parametrize("form, field, message", [
    ({"status": "rood"}, "status", "stabiel, aandacht of knelpunt"),
    ({"status": "stabiel", "situation": "x" * 2001}, "situation", "te lang"),
])
def test_a_bad_domain_form_is_a_dutch_422_that_keeps_what_was_typed(scene, client, auth, form, field, message):
    auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory()
    db.session.commit()
    typed = {"goals": "Mijn doelen die ik net typte", **form}
    response = client.post(f"/trajecten/medewerker/{person.id}/leefgebied/wonen", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and 'role="alert"' in page
    assert "Mijn doelen die ik net typte" in page
    assert count(DomainVersion) == 0


def test_an_action_point_of_mine_is_on_my_list_until_ticked_done(scene, client, auth):
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(counsellor_id=None)
    db.session.commit()
    client_id = str(uuid.uuid4())
    form = {"text": "Bellen met de woningcorporatie", "owner": f"staff:{me.id}", "due_on": "2026-11-24",
            "client_id": client_id}
    url = f"/trajecten/medewerker/{person.id}/leefgebied/wonen/actiepunt"
    assert client.post(url, data=form).status_code == 303
    assert client.post(url, data=form).status_code == 303
    assert count(ActionPoint, worker_id=person.id) == 1
    page = client.get("/trajecten/werklijst").get_data(as_text=True)
    assert "Actiepunt" in page and "Bellen met de woningcorporatie" in page
    assert f"/leefgebied/wonen#actiepunten" in page
    csv = worklist.csv(MONDAY, 7)
    assert ";actiepunt;2026-11-24;0;Woonsituatie — Bellen met de woningcorporatie" in csv
    point = db.session.scalar(select(ActionPoint).where(ActionPoint.worker_id == person.id))
    done_id = str(uuid.uuid4())
    assert client.post(f"/trajecten/actiepunt/{point.id}/gedaan", data={"client_id": done_id}).status_code == 303
    assert client.post(f"/trajecten/actiepunt/{point.id}/gedaan", data={"client_id": done_id}).status_code == 303
    assert client.post(f"/trajecten/actiepunt/{point.id}/gedaan", data={}).status_code == 303  # done stays done
    assert count(ActionVersion, action_id=point.id) == 2
    page = client.get("/trajecten/werklijst").get_data(as_text=True)
    assert "Bellen met de woningcorporatie" not in page
    assert "actiepunt" not in worklist.csv(MONDAY, 7)


def test_an_action_point_is_edited_and_reopened_each_a_version_with_its_history(scene, client, auth):
    me = auth.login(roles.COUNSELLOR)
    colleague = factories.StaffFactory(role=roles.COUNSELLOR, name="Collega Kim")
    person = factories.WorkerFactory(counsellor_id=None)
    db.session.commit()
    point = domain_ops.add_action(person, domain("wonen"), me, "Bellen met de woningcorporatie",
                                  ("staff", me.id, ""), date(2026, 11, 24))
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{person.id}/leefgebied/wonen").get_data(as_text=True)
    assert f"/trajecten/actiepunt/{point.id}" in page
    form = client.get(f"/trajecten/actiepunt/{point.id}").get_data(as_text=True)
    assert 'value="Bellen met de woningcorporatie"' in form and f'value="staff:{me.id}" selected' in form
    change = {"text": "Mailen met de woningcorporatie", "owner": f"staff:{colleague.id}", "owner_name": "",
              "due_on": "2026-12-01", "client_id": str(uuid.uuid4())}
    assert client.post(f"/trajecten/actiepunt/{point.id}", data=change).status_code == 303
    assert client.post(f"/trajecten/actiepunt/{point.id}", data=change).status_code == 303  # a resend: one version
    same = {**change, "client_id": str(uuid.uuid4())}
    assert client.post(f"/trajecten/actiepunt/{point.id}", data=same).status_code == 303  # nothing changed
    assert count(ActionVersion, action_id=point.id) == 2
    # it moved to my colleague's work list, with the new text and date
    assert "Mailen met" not in client.get("/trajecten/werklijst?filter=mijn").get_data(as_text=True)
    assert ";actiepunt;2026-12-01;0;Woonsituatie — Mailen met de woningcorporatie" in worklist.csv(MONDAY, 14)
    bad = client.post(f"/trajecten/actiepunt/{point.id}", data={**change, "text": "", "client_id": str(uuid.uuid4())})
    assert bad.status_code == 422 and "Schrijf wat er moet gebeuren" in bad.get_data(as_text=True)
    assert count(ActionVersion, action_id=point.id) == 2
    db.session.expire_all()
    domain_ops.tick_action(db.session.get(ActionPoint, point.id), me, date(2026, 11, 23))
    db.session.commit()
    assert "Mailen met" not in worklist.csv(MONDAY, 14)
    page = client.get(f"/trajecten/medewerker/{person.id}/leefgebied/wonen").get_data(as_text=True)
    assert f"/trajecten/actiepunt/{point.id}/heropen" in page
    reopen = {"client_id": str(uuid.uuid4())}
    assert client.post(f"/trajecten/actiepunt/{point.id}/heropen", data=reopen).status_code == 303
    assert client.post(f"/trajecten/actiepunt/{point.id}/heropen", data=reopen).status_code == 303
    assert client.post(f"/trajecten/actiepunt/{point.id}/heropen", data={}).status_code == 303  # open stays open
    assert count(ActionVersion, action_id=point.id) == 4
    db.session.expire_all()
    assert db.session.get(ActionPoint, point.id).versions[-1].done_on is None
    assert "Mailen met de woningcorporatie" in worklist.csv(MONDAY, 14)
    history = client.get(f"/trajecten/actiepunt/{point.id}").get_data(as_text=True)
    for line in ("Tekst: Bellen met de woningcorporatie → Mailen met de woningcorporatie",
                 f"Wie: {me.name} → Collega Kim", "Klaar op: di 24 nov → di 1 dec", "Gedaan op ma 23 nov",
                 "Heropend (was gedaan op ma 23 nov)", "Nieuw: Bellen met de woningcorporatie"):
        assert line in history, line
    assert history.index("Heropend") < history.index("Nieuw: Bellen")  # newest first
    actions = db.session.scalars(select(AccessLog.action).where(AccessLog.worker_id == person.id)).all()
    assert {"action_edit", "action_reopen"} <= set(actions)


def test_mine_shows_the_ones_i_own_and_my_workers_outside_ones_team_and_all_every_open_one(scene, client, auth):
    """An action point owned by an outside party (or the worker) is followed up by the worker's trajectbegeleider:
    it is on their "Mijn medewerkers" under the party's name, and on the team lists."""
    me = auth.login(roles.COUNSELLOR)
    colleague = factories.StaffFactory(role=roles.COUNSELLOR, name="Collega")
    mine_worker, other_worker = factories.WorkerFactory(counsellor_id=None), factories.WorkerFactory()
    db.session.commit()
    other_worker.counsellor_id = me.id  # my worker, but the action is my colleague's
    db.session.commit()
    due = date(2026, 11, 25)
    domain_ops.add_action(mine_worker, domain("wonen"), me, "Van mij", ("staff", me.id, ""), due)
    domain_ops.add_action(other_worker, domain("wonen"), me, "Van collega", ("staff", colleague.id, ""), due)
    domain_ops.add_action(other_worker, domain("wonen"), me, "Van de partij", ("extern", None, "schuldhulpverlening"), due)
    domain_ops.add_action(other_worker, domain("wonen"), me, "Van hemzelf", ("medewerker", None, ""), due)
    db.session.commit()
    texts = lambda page: {w for w in ("Van mij", "Van collega", "Van de partij", "Van hemzelf") if w in page}
    mine = client.get("/trajecten/werklijst?filter=mijn").get_data(as_text=True)
    assert texts(mine) == {"Van mij", "Van de partij", "Van hemzelf"}
    assert "Van de partij (schuldhulpverlening)" in mine and "Van hemzelf (de medewerker)" in mine
    everyone = {"Van mij", "Van collega", "Van de partij", "Van hemzelf"}
    assert texts(client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)) == everyone
    assert texts(client.get("/trajecten/werklijst?filter=team").get_data(as_text=True)) == everyone
    theirs = queries.due_list(MONDAY, 7, queries.mine(colleague.id), queries.Actions(owner_id=colleague.id))
    assert {line.context.action for line in theirs} == {"Van collega"}  # not the outside party's: not their worker


@pytest.mark.parametrize("form, field, message", [
    ({"text": "", "owner": "medewerker", "due_on": "2026-11-30"}, "text", "Schrijf wat er moet gebeuren"),
    ({"text": "Bellen", "owner": "extern", "owner_name": "", "due_on": "2026-11-30"}, "owner_name", "schuldhulpverlening"),
    ({"text": "Bellen", "owner": "staff:999999", "due_on": "2026-11-30"}, "owner", "Kies wie"),
    ({"text": "Bellen", "owner": "medewerker", "due_on": "30-11"}, "due", "Ongeldige datum"),
    ({"text": "Bellen", "owner": "medewerker", "due_on": ""}, "due", "Geef een datum"),
])
def test_a_bad_action_form_is_a_dutch_422_that_keeps_what_was_typed(scene, client, auth, form, field, message):
    auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory()
    db.session.commit()
    response = client.post(f"/trajecten/medewerker/{person.id}/leefgebied/schulden/actiepunt",
                           data={"owner_name": "", **form, "text": form["text"] or ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page, page
    if form["text"]:
        assert 'value="Bellen"' in page
    assert count(ActionPoint) == 0


def test_supervisors_see_only_the_domains_the_method_opens_to_them(scene, client, auth):
    auth.login(roles.SUPERVISOR)
    person = factories.WorkerFactory()
    counsellor = factories.StaffFactory(role=roles.COUNSELLOR)
    db.session.commit()
    domain_ops.add_action(person, domain("schulden"), counsellor, "Geheim schuldpunt", ("staff", counsellor.id, ""),
                          date(2026, 11, 24))
    db.session.commit()
    assert client.get(f"/trajecten/medewerker/{person.id}/leefgebied/dagbesteding").status_code == 200
    assert client.get(f"/trajecten/medewerker/{person.id}/leefgebied/schulden").status_code == 403
    assert client.post(f"/trajecten/medewerker/{person.id}/leefgebied/schulden",
                       data={"status": "knelpunt"}).status_code == 403
    point = db.session.scalar(select(ActionPoint))
    assert client.post(f"/trajecten/actiepunt/{point.id}/gedaan").status_code == 403
    assert client.get(f"/trajecten/actiepunt/{point.id}").status_code == 403
    assert client.post(f"/trajecten/actiepunt/{point.id}", data={"text": "x"}).status_code == 403
    assert client.post(f"/trajecten/actiepunt/{point.id}/heropen").status_code == 403
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Dagbesteding" in page and "Schulden" not in page and "Geheim schuldpunt" not in page
    assert "Geheim schuldpunt" not in client.get("/trajecten/werklijst").get_data(as_text=True)
    assert client.get("/trajecten/medewerker/1/leefgebied/onbekend").status_code in (403, 404)


def test_assistants_get_403_on_every_domain_and_overleg_page(scene, client, auth):
    auth.login(roles.ASSISTANT)
    person = factories.WorkerFactory()
    db.session.commit()
    for method, url in [("GET", f"/trajecten/medewerker/{person.id}/leefgebied/dagbesteding"),
                        ("POST", f"/trajecten/medewerker/{person.id}/leefgebied/dagbesteding"),
                        ("POST", f"/trajecten/medewerker/{person.id}/leefgebied/dagbesteding/actiepunt"),
                        ("POST", "/trajecten/actiepunt/1/gedaan"), ("GET", "/trajecten/actiepunt/1"),
                        ("POST", "/trajecten/actiepunt/1"), ("POST", "/trajecten/actiepunt/1/heropen"),
                        ("GET", "/trajecten/overleg"),
                        ("POST", f"/trajecten/overleg/{person.id}/besproken")]:
        assert client.open(url, method=method).status_code == 403, url


def test_domain_pages_are_never_kept_offline(scene, client, auth):
    """Only today's daily screens carry the offline header; the service worker keeps nothing else."""
    auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory()
    db.session.commit()
    for url in (f"/trajecten/medewerker/{person.id}/leefgebied/wonen", "/trajecten/overleg",
                f"/trajecten/medewerker/{person.id}"):
        response = client.get(url)
        assert response.status_code == 200 and HEADER not in response.headers, url


def test_the_overleg_shows_domains_changes_and_open_actions_and_marks_besproken(scene, client, auth):
    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(first_name="Bas", last_name="Vermeulen", roepnaam=None)
    db.session.commit()
    person.counsellor_id = me.id
    db.session.commit()
    domain_ops.save_domain(person, domain("wonen"), me, "knelpunt", "Nachtopvang", "")
    domain_ops.add_action(person, domain("schulden"), me, "Schuldhulp bellen", ("extern", None, "schuldhulpverlening"),
                          date(2026, 11, 20))
    db.session.commit()
    page = client.get("/trajecten/overleg").get_data(as_text=True)
    assert "Vermeulen" in page and "Woonsituatie: knelpunt" in page and ">K<" in page
    assert "Schuldhulp bellen" in page and "te laat" in page and "Nog niet besproken" in page
    client_id = str(uuid.uuid4())
    response = client.post(f"/trajecten/overleg/{person.id}/besproken", data={"note": "Kamer regelen", "client_id": client_id,
                                                                               "begeleider": me.id})
    assert response.status_code == 303 and "/trajecten/overleg?begeleider=" in response.headers["Location"]
    client.post(f"/trajecten/overleg/{person.id}/besproken", data={"note": "Kamer regelen", "client_id": client_id})
    assert count(OverlegMark, worker_id=person.id) == 1
    app = scene
    app.config["DAGDEEL_NOW"] = "2026-11-23T11:00"
    domain_ops.save_domain(person, domain("wonen"), me, "aandacht", "Wachtlijst", "")
    db.session.commit()
    page = client.get("/trajecten/overleg").get_data(as_text=True)
    assert "Sinds het vorige overleg" in page and "Kamer regelen" in page
    assert "knelpunt → <strong>aandacht</strong>" in page and "nieuw actiepunt" not in page
    assert db.session.scalar(select(func.count()).select_from(AccessLog).where(AccessLog.action == "overleg")) == 1
    shown = db.session.execute(select(AccessLog.action, AccessLog.detail).where(AccessLog.worker_id == person.id,
                                                                                 AccessLog.action.like("view%"))).all()
    assert set(shown) == {("view_list", "het overleg")}  # a list, once a day: not "kaart bekeken" per page load


def test_the_overleg_shows_only_workers_with_something_to_discuss_unless_all_are_asked_for(scene, client, auth):
    """By default the overleg hides workers without a change since they were last discussed and without an open
    action point, and says how many, with a link (no script) to show all; `alle=1` shows them and is kept by the
    choice of team and by "Besproken"."""
    me = auth.login(roles.COUNSELLOR)
    changed = factories.WorkerFactory(first_name="Bas", last_name="Veranderd", counsellor_id=me.id)
    acting = factories.WorkerFactory(first_name="Cor", last_name="Actiepunt", counsellor_id=me.id)
    quiet = [factories.WorkerFactory(first_name="Stil", last_name=f"Rustig{n}", counsellor_id=me.id) for n in range(2)]
    db.session.commit()
    domain_ops.save_domain(changed, domain("wonen"), me, "knelpunt", "Nachtopvang", "")
    domain_ops.add_action(acting, domain("schulden"), me, "Schuldhulp bellen", ("medewerker", None, ""), date(2026, 12, 20))
    db.session.commit()
    page = client.get("/trajecten/overleg").get_data(as_text=True)
    assert "Veranderd" in page and "Actiepunt" in page and "Rustig" not in page
    assert "2 medewerkers zonder veranderingen verborgen — toon alle" in page
    assert f'href="/trajecten/overleg?alle=1&amp;begeleider={me.id}"' in page
    everyone = client.get(f"/trajecten/overleg?alle=1&begeleider={me.id}").get_data(as_text=True)
    assert all(f"Rustig{n}" in everyone for n in range(2)) and "verborgen" not in everyone
    assert f'href="/trajecten/overleg?begeleider={me.id}"' in everyone  # the one tap back to the short list
    assert '<input type="hidden" name="alle" value="1">' in everyone
    response = client.post(f"/trajecten/overleg/{quiet[0].id}/besproken",
                           data={"client_id": str(uuid.uuid4()), "begeleider": me.id, "alle": "1"})
    assert "alle=1" in response.headers["Location"]


def test_the_overleg_shows_each_worker_the_domains_of_their_own_method(scene, client, auth):
    """A counsellor with a Relim worker and a WEZM! worker: each row has its own method's life domains."""
    import re

    from webapp.trajectory.operations import enrol

    me = auth.login(roles.COUNSELLOR)
    relim = factories.WorkerFactory(first_name="Bas", last_name="Relimmer", counsellor_id=me.id)
    wezm = factories.WorkerFactory(first_name="Wim", last_name="Wezmer", counsellor_id=me.id)
    db.session.flush()
    enrol(relim, *methods.find("gewenning", None), date(2026, 9, 1))
    enrol(wezm, *methods.find("wezm", 1), date(2026, 9, 1))
    db.session.commit()
    page = client.get("/trajecten/overleg?alle=1").get_data(as_text=True)  # neither has anything to discuss yet
    rows = {name: row for name, row in [(n, r) for r in page.split('class="card overleg-row"')[1:]
                                        for n in ("Relimmer", "Wezmer") if n in r]}
    titles = {name: re.findall(r'<abbr title="([^"]+)"', row) for name, row in rows.items()}
    relim_domains = [d.name for d in domain_ops.visible(me, relim)]
    wezm_domains = [d.name for d in domain_ops.visible(me, wezm)]
    assert "Lichamelijke gezondheid" in wezm_domains and relim_domains != wezm_domains
    assert titles == {"Relimmer": relim_domains, "Wezmer": wezm_domains}


def test_the_overleg_per_workshop_lists_its_scheduled_workers(scene, client, auth):
    auth.login(roles.SUPERVISOR)
    workshop = factories.WorkshopFactory(name="Fietsen")
    person = factories.WorkerFactory(last_name="Fietsmaker")
    db.session.flush()
    from webapp.workers.models import ScheduleSlot
    db.session.add(ScheduleSlot(worker_id=person.id, block_id=workshop.blocks[0].id, weekday=0))
    db.session.commit()
    page = client.get(f"/trajecten/overleg?werkplaats={workshop.id}&alle=1").get_data(as_text=True)  # nothing to discuss
    assert "Fietsmaker" in page and "Dagbesteding: niet ingevuld" in page and "Schulden" not in page
    assert client.get("/trajecten/overleg?werkplaats=abc").status_code == 422


def test_the_work_list_links_to_the_overleg(scene, client, auth):
    auth.login(roles.COUNSELLOR)
    assert "/trajecten/overleg" in client.get("/trajecten/werklijst").get_data(as_text=True)


def test_domains_export_gives_the_state_on_a_day(scene, runner):
    counsellor = factories.StaffFactory(role=roles.COUNSELLOR)
    person = factories.WorkerFactory(external_id="M042")
    db.session.commit()
    db.session.add(DomainVersion(worker_id=person.id, domain_id=domain("wonen").id, status="knelpunt",
                                 at=datetime(2026, 11, 2, 9, tzinfo=timezone.utc)))
    db.session.add(DomainVersion(worker_id=person.id, domain_id=domain("wonen").id, status="aandacht",
                                 at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc)))
    point = ActionPoint(worker_id=person.id, domain_id=domain("schulden").id)
    point.versions.append(ActionVersion(text="Bellen", owner_kind="staff", owner_staff_id=counsellor.id,
                                        due_on=date(2026, 11, 10), at=datetime(2026, 11, 3, 9, tzinfo=timezone.utc)))
    point.versions.append(ActionVersion(text="Bellen", owner_kind="staff", owner_staff_id=counsellor.id,
                                        due_on=date(2026, 11, 10), done_on=date(2026, 11, 18),
                                        at=datetime(2026, 11, 18, 9, tzinfo=timezone.utc)))
    db.session.add(point)
    db.session.commit()
    out = runner.invoke(args=["domains", "export", "--on", "2026-11-15"]).output
    assert out.splitlines() == ["external_id;domain;status;open_actions;overdue_actions",
                                "M042;wonen;knelpunt;0;0", "M042;schulden;;1;1"]
    out = runner.invoke(args=["domains", "export", "--on", "2026-11-23"]).output
    assert out.splitlines()[1:] == ["M042;wonen;aandacht;0;0", "M042;schulden;;0;0"]
    bad = runner.invoke(args=["domains", "export", "--on", "31-11-2026"])
    assert bad.exit_code == 1 and "Ongeldige datum" in bad.output


@pytest.mark.parametrize("first, last, key", [
    ("Frans", "de Jong", ("jong", "frans")), ("Jan", "van der Berg", ("berg", "jan")), ("Piet", "Bakker", ("bakker", "piet")),
    ("Els", "Van  Dijk", ("dijk", "els")), ("Ad", "ten Hag", ("hag", "ad")), ("Bo", "Van", ("van", "bo")),
    ("Said", "El Idrissi", ("el idrissi", "said")),
])
def test_a_last_name_sorts_without_its_tussenvoegsels(first, last, key):
    from webapp.workers import rules

    assert rules.sort_key(first, last) == key


def test_the_overleg_lists_workers_by_last_name_without_tussenvoegsels(scene, client, auth):
    me = auth.login(roles.COUNSELLOR)
    for first, last in (("Anna", "Zwart"), ("Frans", "de Jong"), ("Jan", "van der Berg"), ("Piet", "Bakker")):
        factories.WorkerFactory(first_name=first, last_name=last, counsellor_id=me.id)
    db.session.commit()
    page = client.get("/trajecten/overleg?alle=1").get_data(as_text=True)
    names = ["Piet Bakker", "Jan van der Berg", "Frans de Jong", "Anna Zwart"]
    assert [page.index(n) for n in names] == sorted(page.index(n) for n in names)


def test_a_supervisors_overleg_opens_on_their_own_workshop(scene, client, auth):
    """The workshop their phone last opened on the work floor; without one, the biggest of their site's."""
    from webapp.workers.models import ScheduleSlot

    site = factories.SiteFactory()
    small = factories.WorkshopFactory(name="Administratie", site=site)
    big = factories.WorkshopFactory(name="Metaal", site=site)
    for workshop, names in ((small, ["Ad Klein"]), (big, ["Bas Groot", "Cor Groot"])):
        for name in names:
            person = factories.WorkerFactory(first_name=name.split()[0], last_name=name.split()[1])
            db.session.flush()
            db.session.add(ScheduleSlot(worker_id=person.id, block_id=workshop.blocks[0].id, weekday=0))
    db.session.commit()
    auth.login(roles.SUPERVISOR, site_id=site.id)
    page = client.get("/trajecten/overleg?alle=1").get_data(as_text=True)
    assert f'<option value="{big.id}" selected' in page and "Bas Groot" in page and "Ad Klein" not in page
    client.set_cookie("werkplaats", str(small.id))
    page = client.get("/trajecten/overleg?alle=1").get_data(as_text=True)
    assert f'<option value="{small.id}" selected' in page and "Ad Klein" in page and "Bas Groot" not in page


def test_the_owner_lists_offer_supervisors_where_they_see_what_they_would_own(scene, client, auth):
    """One owner rule for action points and checklist goals: supervisors where they may see it (a checklist; a
    domain open to them); in a closed domain the form says why they are not offered."""
    from webapp.trajectory import checklists

    ruud = factories.StaffFactory(role=roles.SUPERVISOR, name="Ruud Werkbegeleider")
    auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory()
    db.session.commit()
    assert ruud in checklists.goal_owners() and ruud in domain_ops.owners(domain("dagbesteding"))
    assert ruud not in domain_ops.owners(domain("schulden"))
    open_page = client.get(f"/trajecten/medewerker/{person.id}/leefgebied/dagbesteding").get_data(as_text=True)
    closed_page = client.get(f"/trajecten/medewerker/{person.id}/leefgebied/schulden").get_data(as_text=True)
    assert f'value="staff:{ruud.id}"' in open_page and "Werkbegeleiders zien dit leefgebied niet" not in open_page
    assert f'value="staff:{ruud.id}"' not in closed_page and "Werkbegeleiders zien dit leefgebied niet" in closed_page


def test_an_action_point_is_ticked_done_on_the_work_list_once_and_said_where_one_looks(scene, client, auth):
    """On the work list an actiepunt has its own "Gedaan" (a one-time client_id): back to the same list, the row
    gone, what was ticked said on top; ticked on the domain page, the confirmation is among the action points."""
    import re

    me = auth.login(roles.COUNSELLOR)
    person = factories.WorkerFactory(counsellor_id=me.id)
    db.session.commit()
    point = domain_ops.add_action(person, domain("wonen"), me, "Bellen met de woningcorporatie",
                                  ("staff", me.id, ""), date(2026, 11, 24))
    other = domain_ops.add_action(person, domain("wonen"), me, "Huurtoeslag aanvragen", ("staff", me.id, ""),
                                  date(2026, 11, 25))
    db.session.commit()
    page = client.get("/trajecten/werklijst?filter=mijn&dagen=30").get_data(as_text=True)
    form = page[page.index(f'action="/trajecten/actiepunt/{point.id}/gedaan"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields["werklijst"] == "mijn" and fields["dagen"] == "30" and fields["client_id"]
    sent = {k: v for k, v in fields.items() if k != "csrf_token"}
    response = client.post(f"/trajecten/actiepunt/{point.id}/gedaan", data=sent)
    assert response.status_code == 303 and response.headers["Location"] == "/trajecten/werklijst?filter=mijn&dagen=30"
    assert client.post(f"/trajecten/actiepunt/{point.id}/gedaan", data=sent).status_code == 303  # a double tap
    assert count(ActionVersion, action_id=point.id) == 2
    page = client.get("/trajecten/werklijst?filter=mijn&dagen=30").get_data(as_text=True)
    assert "Actiepunt afgevinkt: Bellen met de woningcorporatie." in page
    assert f"/trajecten/actiepunt/{point.id}/gedaan" not in page and "Huurtoeslag aanvragen" in page
    response = client.post(f"/trajecten/actiepunt/{other.id}/gedaan", data={"client_id": str(uuid.uuid4())})
    assert response.headers["Location"].endswith("/leefgebied/wonen#actiepunten")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    actions = page[page.index('id="actiepunten"'):]
    assert page.count("Actiepunt afgevinkt.") == 1 and "Actiepunt afgevinkt." in actions
