"""Every route is role-checked, CSRF-protected and sent with strict security headers."""
import re

import pytest
from sqlalchemy import func, select

from webapp.auth import roles
from webapp.extensions import db

from . import factories

A, S, C, ADM = roles.ASSISTANT, roles.SUPERVISOR, roles.COUNSELLOR, roles.ADMIN
EVERYONE = {A, S, C, ADM}
KEEPERS = {S, C, ADM}

# The allowed set per endpoint. A new route must be added here on purpose.
EXPECTED = {
    "home.index": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.set_language": EVERYONE,
    "offline.viewed": EVERYONE,  # a kept page of any role, shown offline: the server checks page and workers
    "offline.sync": EVERYONE,  # the queue's batch: each entry's own route checks the role, as a single write would
    "auth.staff_index": {ADM},
    "auth.staff_create": {ADM},
    "auth.staff_edit": {ADM},
    "org.index": {ADM},
    "org.list_kind": {ADM},
    "org.edit": {ADM},
    "audit.index": {ADM},
    "privacy.report": {C, ADM},
    "privacy.report_print": {C, ADM},
    "privacy.own_data": {C, ADM},
    "trajectory.catalogue": {S, C, ADM},
    "trajectory.worker": {S, C},
    "trajectory.intake": {C},
    "trajectory.review": {S, C},
    "trajectory.follow_up_done": {C},
    "trajectory.transition_check": {C},
    "trajectory.trial_start": {C},
    "trajectory.trial_tick": {S, C},
    "trajectory.trial_end": {C},
    "trajectory.outflow": {S, C, ADM},
    "trajectory.outflow_csv": {S, C, ADM},
    "trajectory.worklist": {S, C},
    "trajectory.domain": {S, C},
    "trajectory.action_add": {S, C},
    "trajectory.action_done": {S, C},
    "trajectory.action_edit": {S, C},
    "trajectory.action_reopen": {S, C},
    "trajectory.overleg": {S, C},
    "trajectory.discussed": {S, C},
    "trajectory.checklist_start": {S, C},
    "trajectory.checklist_staff": {S, C},
    "trajectory.checklist_handover": {S, C},
    "trajectory.checklist_worker": {S, C},
    "trajectory.checklist_worker_submit": {S, C},
    "trajectory.checklist_unlock": {S, C},
    "trajectory.checklist_paper": {S, C},
    "trajectory.checklist_gap": {S, C},
    "trajectory.checklist_print": {S, C},
    "trajectory.checklist_goal": {S, C},
    "trajectory.buddy": {C},
    "trajectory.buddy_end": {C},
    "trajectory.placement": {C},
    "trajectory.placement_end": {C},
    "trajectory.meeting": {C},
    "trajectory.meetings_report": {S, C, ADM},
    "trajectory.zrm": {C},
    "trajectory.ladder": {C},
    "trajectory.trainings": {A, S, C},
    "trajectory.training_plan": {S, C},
    "trajectory.training_series": {S, C},
    "trajectory.training_move": {S, C},
    "trajectory.training_join": {S, C},
    "trajectory.learning_goal": {S, C},
    "trajectory.training_board": {A, S, C},
    "trajectory.training_mark": {A, S, C},
    "trajectory.checklist_goal_done": {S, C},
    "rounds.index": {A, S, C, ADM},
    "rounds.start": {A, S},
    "rounds.plan": {S, ADM},
    "rounds.show": {A, S, C},
    "rounds.print_view": {A, S, C},
    "rounds.stop": {A, S, C},
    "rounds.search": {A, S},
    "rounds.sign_up": {A, S},
    "rounds.first_timer": {A, S},
    "rounds.withdraw": {A, S},
    "rounds.decide": {A, S},
    "rounds.board": {A, S},
    "rounds.board_stop": {A, S},
    "rounds.arrive": {A, S},
    "rounds.resolve": {S},
    "attendance.index": {A, S},
    "attendance.board": {A, S},
    "attendance.mark": {A, S},
    "attendance.search": {A, S},
    "attendance.no_shows": {A, S},
    "attendance.week": {A, S, C},
    "attendance.worker_week": {A, S, C},
    "attendance.import_preview": {S, ADM},
    "attendance.import_confirm": {S, ADM},
    "attendance.export": {S, ADM},
    "payouts.index": {A, S},
    "payouts.viavia": {A, S},
    "payouts.pay": {A, S},
    "payouts.reverse": {A, S},
    "payouts.grant": {S},
    "payouts.rule_list": {ADM},
    "payouts.cash": {A, S},
    "payouts.count": {A, S},
    "payouts.sign_off": {S},
    "payouts.overview": {S, ADM},
    "payouts.export_csv": {S, ADM},
    "workers.index": EVERYONE,
    "workers.card": EVERYONE,
    "workers.photo": EVERYONE,
    "workers.add_agreement": EVERYONE,
    "workers.add_incident": EVERYONE,
    "workers.end_agreement": {S, C},
    "workers.create": KEEPERS,
    "workers.edit": KEEPERS,
    "workers.set_active": KEEPERS,
    "workers.enrol": {S, C},
    "workers.schedule": {S, C},
    "workers.import_preview": KEEPERS,
    "workers.import_confirm": KEEPERS,
    "workers.export": KEEPERS,
}
PUBLIC = {"auth.login", "auth.login_elsewhere", "static", "offline.service_worker", "offline.manifest", "offline.favicon", "offline.offline_page",
          "offline.turn_page"}


def _routes(app, owner=None):
    """(endpoint, method, url) for every rule, with ids of real rows filled in."""
    worker = factories.WorkerFactory()
    db.session.flush()
    from webapp.workers.models import Agreement, WorkerPhoto

    agreement = Agreement(worker_id=worker.id, text="Op tijd komen")
    worker.photo = WorkerPhoto(data=b"\xff\xd8\xff")
    db.session.add(agreement)
    staff = factories.StaffFactory()
    db.session.commit()
    workshop = factories.WorkshopFactory()
    line = factories.LedgerLineFactory(worker=worker, cash_box=factories.CashBoxFactory(staff=owner or factories.StaffFactory()))
    pickup = factories.RoundFactory()
    signup = factories.SignUpFactory(round=pickup, shelter_id=pickup.stops[0].shelter_id)
    db.session.commit()
    values = {"worker_id": worker.id, "agreement_id": agreement.id, "staff_id": staff.id, "item_id": pickup.bus_id,
              "kind": "bussen", "filename": "css/app.css", "round_id": pickup.id, "signup_id": signup.id,
              "shelter_id": pickup.stops[0].shelter_id, "workshop_id": workshop.id,
              "line_id": line.id, "box_id": line.cash_box_id, "step": "begin", "follow_up_id": 999999,
              "domain": "dagbesteding", "action_id": 999999, "session_id": 999999, "number": 1,
              "buddy_id": 999999, "placement_id": 999999, "series_id": 999999, "goal_id": 999999}
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_route_is_in_the_expected_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - PUBLIC == set(EXPECTED)


@pytest.mark.parametrize("role", roles.ALL)
def test_each_role_reaches_exactly_its_routes(app, client, auth, role):
    auth.login(role)
    for endpoint, method, url in _routes(app, owner=auth.staff):
        if endpoint in PUBLIC or endpoint == "auth.logout":
            continue
        response = client.open(url, method=method, data={})
        allowed = role in EXPECTED[endpoint]
        assert (response.status_code != 403) is allowed, f"{role} {method} {url}: {response.status_code}"
        assert response.status_code < 500, f"{role} {method} {url}: {response.status_code}"


def test_anonymous_is_sent_to_login_everywhere(app, client):
    for endpoint, method, url in _routes(app):
        if endpoint in PUBLIC:
            continue
        response = client.open(url, method=method)
        assert response.status_code in (302, 400), f"{method} {url}"
        if method == "GET":
            assert response.headers["Location"].startswith("/inloggen")


def test_every_post_without_csrf_token_is_refused(app, client, auth):
    auth.login(ADM)
    client.environ_base.pop("HTTP_X_CSRFTOKEN")
    for endpoint, method, url in _routes(app):
        if method == "POST":
            response = client.post(url, data={"text": "x", "email": "a@b.nl", "password": "x"})
            assert response.status_code == 400, f"POST {url}"
            assert "verlopen" in response.get_data(as_text=True)


def test_security_headers_allow_htmx_without_unsafe_inline(client):
    response = client.get("/inloggen")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    assert "<script>" not in page and " style=" not in page


# --- least privilege per site (issue 18 item 4; trajectory/access.py) ---------------------------------------------

MONDAY = "2026-11-23"
# Per staff member (role, sites: "eigen" = Maastricht, "alle" = the "alle vestigingen" grant, "geen" = no site yet)
# and resource: (allowed at their own site, allowed at the other site, Heerlen). Not allowed is a 404 for an object
# and absent from a list. None: the role has no use of the endpoint at all (@allow, the table above).
SITE_TABLE = {
    (A, "eigen"): dict(card=(1, 0), photo=(1, 0), search=(1, 0), round=(1, 0), board=(1, 0), payouts=(1, 0),
                       deactivated=(0, 0), deactivated_search=(0, 0)),
    (S, "eigen"): dict(card=(1, 0), photo=(1, 0), search=(1, 0), round=(1, 0), board=(1, 0), payouts=(1, 0),
                       deactivated=(0, 0), deactivated_search=(0, 0)),
    (C, "eigen"): dict(card=(1, 0), photo=(1, 0), search=(1, 0), round=(1, 0), board=None, payouts=None,
                       deactivated=(1, 0), deactivated_search=(1, 0)),
    (C, "alle"): dict(card=(1, 1), photo=(1, 1), search=(1, 1), round=(1, 1), board=None, payouts=None,
                      deactivated=(1, 1), deactivated_search=(1, 1)),
    (ADM, "eigen"): dict(card=(1, 1), photo=(1, 1), search=(1, 1), round=None, board=None, payouts=None,
                         deactivated=(1, 1), deactivated_search=(1, 1)),
    (A, "geen"): dict(card=(0, 0), photo=(0, 0), search=(0, 0), round=(0, 0), board=(0, 0), payouts=(0, 0),
                      deactivated=(0, 0), deactivated_search=(0, 0)),
}


@pytest.fixture
def two_sites(app):
    """Maastricht and Heerlen, each with a Loon naar Werken workshop, a shelter, a bus riding today's round, an active
    worker on the workshop's schedule (with a photo, present today, so on the payout list) and a deactivated one."""
    from datetime import date

    from webapp.attendance.models import Attendance
    from webapp.workers.models import ScheduleSlot, WorkerPhoto

    app.config["DAGDEEL_NOW"] = f"{MONDAY}T17:00"
    scene = {}
    for key, town in (("own", "Maastricht"), ("other", "Heerlen")):
        workshop = factories.WorkshopFactory(site=factories.SiteFactory(name=town), programme="lnw")
        shelter = factories.ShelterFactory(site_id=workshop.site_id)
        pickup = factories.RoundFactory(bus=factories.BusFactory(site_id=workshop.site_id), stops=[shelter])
        worker = factories.WorkerFactory(first_name=f"Werker{key}", last_name=f"Van{town}")
        former = factories.WorkerFactory(first_name=f"Oud{key}", last_name=f"Van{town}", active=False)
        db.session.flush()
        worker.photo = WorkerPhoto(data=b"\xff\xd8\xff")
        for person in (worker, former):
            db.session.add(ScheduleSlot(worker_id=person.id, block_id=workshop.blocks[0].id, weekday=0))
        db.session.add(Attendance(worker_id=worker.id, date=date.fromisoformat(MONDAY), block_id=workshop.blocks[0].id,
                                  status="aanwezig"))
        scene[key] = dict(site=workshop.site, workshop=workshop, round=pickup, worker=worker, former=former)
    db.session.commit()
    return scene


def _site_staff(auth, role: str, sites: str, scene):
    if sites == "alle":
        return auth.login(role, all_sites=True)
    if sites == "geen":
        return auth.login(role, all_sites=False)
    return auth.login(role, site_id=scene["own"]["site"].id)


def _sees(client, resource: str, at: dict) -> bool:
    """Does the logged-in staff member get this resource of this site: 200 (or named in the list) or 404 (absent)?"""
    worker, former = at["worker"], at["former"]
    lists = {"search": ("/medewerkers/", {"q": worker.last_name}, worker.first_name),
             "deactivated_search": ("/medewerkers/", {"q": former.last_name, "inactief": "1"}, former.first_name),
             "payouts": ("/uitbetaling/", {"datum": MONDAY}, worker.first_name)}
    if resource in lists:
        url, query, name = lists[resource]
        response = client.get(url, query_string=query)
        assert response.status_code == 200, (resource, response.status_code)
        return name in response.get_data(as_text=True)
    url = {"card": f"/medewerkers/{worker.id}", "photo": f"/medewerkers/{worker.id}/foto",
           "round": f"/ronde/{at['round'].id}", "board": f"/werkvloer/{at['workshop'].id}?datum={MONDAY}",
           "deactivated": f"/medewerkers/{former.id}"}[resource]
    response = client.get(url)
    assert response.status_code in (200, 404), (resource, url, response.status_code)  # never a 403: no confirmation
    if response.status_code == 404:
        assert worker.last_name not in response.get_data(as_text=True)
    return response.status_code == 200


@pytest.mark.parametrize("who", list(SITE_TABLE), ids=lambda who: "-".join(who))
def test_each_role_sees_its_sites_objects_and_the_others_are_404(two_sites, client, auth, who):
    _site_staff(auth, *who, two_sites)
    got = {resource: None if expected is None else tuple(int(_sees(client, resource, two_sites[site]))
                                                           for site in ("own", "other"))
           for resource, expected in SITE_TABLE[who].items()}
    assert got == SITE_TABLE[who]


def test_a_counsellor_sees_her_own_workers_at_any_site(two_sites, client, auth):
    me = _site_staff(auth, C, "eigen", two_sites)
    there = two_sites["other"]["worker"]
    there.counsellor_id = me.id
    db.session.commit()
    assert client.get(f"/medewerkers/{there.id}").status_code == 200


def test_a_queued_write_for_another_sites_worker_is_a_dutch_conflict_and_for_my_own_it_is_applied(two_sites, client,
                                                                                                   auth):
    _site_staff(auth, A, "eigen", two_sites)

    def tap(site: str, client_id: str):
        at = two_sites[site]
        return client.post(f"/werkvloer/{at['workshop'].id}/markeren", headers={"HX-Request": "true",
                                                                                "Dagdeel-Replay": "1"},
                           data={"worker_id": at["worker"].id, "status": "te_laat", "blok": at["workshop"].blocks[0].id,
                                 "datum": MONDAY, "client_id": client_id})

    refused = tap("other", "00000000-0000-4000-8000-00000000a001")
    assert refused.status_code == 404 and 'role="alert"' in refused.get_data(as_text=True)
    assert "bestaat niet (meer)" in refused.get_data(as_text=True)
    applied = tap("own", "00000000-0000-4000-8000-00000000a002")
    assert applied.status_code == 200
    assert "00000000-0000-4000-8000-00000000a002" in applied.headers["Dagdeel-Applied"]


def test_a_refusal_is_in_the_access_log_and_keeps_nothing_of_the_request(two_sites, client, auth):
    """Attempts count too (NEN 7513, ASVS 16.3.2): another site's card, workshop and queued write are refused and
    logged as such, with the worker and the address asked; the refused write leaves no trace but the refusal."""
    from webapp.attendance.models import AttendanceChange
    from webapp.audit.models import AccessLog

    me = _site_staff(auth, A, "eigen", two_sites)
    there = two_sites["other"]
    assert client.get(f"/medewerkers/{there['worker'].id}").status_code == 404
    assert client.get(f"/werkvloer/{there['workshop'].id}").status_code == 404
    changes = db.session.scalar(select(func.count(AttendanceChange.id)))
    client.post(f"/werkvloer/{there['workshop'].id}/markeren", headers={"HX-Request": "true", "Dagdeel-Replay": "1"},
                data={"worker_id": there["worker"].id, "status": "te_laat", "blok": there["workshop"].blocks[0].id,
                      "datum": MONDAY, "client_id": "00000000-0000-4000-8000-00000000a003"})
    assert db.session.scalar(select(func.count(AttendanceChange.id))) == changes
    lines = db.session.execute(select(AccessLog.worker_id, AccessLog.detail).where(
        AccessLog.action == "access_refused", AccessLog.staff_id == me.id).order_by(AccessLog.id)).all()
    assert [worker for worker, _ in lines] == [there["worker"].id, None, None]
    assert lines[0].detail.startswith(f"/medewerkers/{there['worker'].id} · ")


def test_a_tap_on_my_board_naming_another_sites_worker_is_refused_and_logged(two_sites, client, auth):
    """The work floor's writes find the worker and the site rule in one query (issue 19); naming someone of another
    site on one's own board is still a 404 in the access log with that worker, and writes nothing."""
    from webapp.attendance.models import AttendanceChange
    from webapp.audit.models import AccessLog

    me = _site_staff(auth, A, "eigen", two_sites)
    own, there = two_sites["own"], two_sites["other"]
    refused = client.post(f"/werkvloer/{own['workshop'].id}/markeren", headers={"HX-Request": "true"},
                          data={"worker_id": there["worker"].id, "status": "aanwezig", "blok": own["workshop"].blocks[0].id,
                                "datum": MONDAY, "client_id": "00000000-0000-4000-8000-00000000a004"})
    assert refused.status_code == 404 and db.session.scalar(select(func.count(AttendanceChange.id))) == 0
    line = db.session.execute(select(AccessLog.worker_id, AccessLog.detail).where(
        AccessLog.action == "access_refused", AccessLog.staff_id == me.id)).one()
    assert line.worker_id == there["worker"].id and line.detail.endswith("andere vestiging")


def test_staff_without_a_site_get_a_hint_to_ask_an_admin(two_sites, client, auth):
    _site_staff(auth, S, "geen", two_sites)
    assert "Vraag een beheerder om je vestiging in te stellen" in client.get("/medewerkers/").get_data(as_text=True)
    client.post("/uitloggen")
    _site_staff(auth, S, "eigen", two_sites)
    assert "Vraag een beheerder" not in client.get("/medewerkers/").get_data(as_text=True)


# A stop's regulars (who signed up there lately, then who lives there) at a shelter of no site, which every site's bus
# may stop at: of the staff member's sites only, as a search would find them; a worker of no site is everyone's.
REGULARS = {(A, "eigen"): {"own", "nowhere"}, (S, "eigen"): {"own", "nowhere"}, (C, "eigen"): {"own", "nowhere"},
            (C, "alle"): {"own", "other", "nowhere"}}


@pytest.fixture
def shared_stop(two_sites):
    """A shelter of no site; last week the Maastricht worker, the Heerlen worker and a worker of no site rode from it;
    today a Maastricht bus stops there."""
    from datetime import date, timedelta

    from webapp.rounds.models import SignUp

    shelter = factories.ShelterFactory(site_id=None)
    today = date.fromisoformat(MONDAY)
    before = factories.RoundFactory(date=today - timedelta(days=7), stops=[shelter])
    nowhere = factories.WorkerFactory(first_name="Werkernowhere", last_name="Nergens")
    people = {"own": two_sites["own"]["worker"], "other": two_sites["other"]["worker"], "nowhere": nowhere}
    db.session.flush()
    for person in people.values():
        db.session.add(SignUp(round_id=before.id, worker_id=person.id, shelter_id=shelter.id, date=before.date))
    bus = factories.BusFactory(site_id=two_sites["own"]["site"].id)
    pickup = factories.RoundFactory(bus=bus, stops=[shelter])
    db.session.commit()
    return {"round": pickup, "shelter": shelter, "people": people}


@pytest.mark.parametrize("who", list(REGULARS), ids=lambda who: "-".join(who))
def test_a_shared_stops_regulars_are_of_my_sites_only(two_sites, shared_stop, client, auth, who, app):
    from flask_login import login_user

    from webapp.rounds import queries

    staff = _site_staff(auth, *who, two_sites)
    page = client.get(f"/ronde/{shared_stop['round'].id}")
    assert page.status_code == 200
    if who[0] != C:  # a counsellor reads the round but signs no one up: no regulars offered
        html = page.get_data(as_text=True)
        assert {key for key, person in shared_stop["people"].items() if person.first_name in html} == REGULARS[who]
    with app.test_request_context():
        login_user(staff)
        found = queries.regulars(shared_stop["shelter"].id, shared_stop["round"].date)
    assert {key for key, person in shared_stop["people"].items() if person in found} == REGULARS[who]


def test_a_supervisor_checks_the_cash_boxes_of_her_sites_only(two_sites, client, auth):
    """A cash box is its staff member's and belongs to their sites: a supervisor sees, counts and signs off the boxes
    of colleagues at her sites; another site's box is absent from the page and a 404."""
    from datetime import date

    own = factories.StaffFactory(role=A, name="Kassa Maastricht", site_id=two_sites["own"]["site"].id)
    other = factories.StaffFactory(role=A, name="Kassa Heerlen", site_id=two_sites["other"]["site"].id)
    everywhere = factories.StaffFactory(role=A, name="Kassa Overal")  # the "alle vestigingen" grant
    boxes = {staff.name: factories.CashBoxFactory(staff=staff, date=date.fromisoformat(MONDAY))
             for staff in (own, other, everywhere)}
    db.session.commit()
    me = _site_staff(auth, S, "eigen", two_sites)
    page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert "Kas Kassa Maastricht" in page and "Kas Kassa Overal" in page and "Kas Kassa Heerlen" not in page
    assert boxes["Kassa Maastricht"].may_handle(me) and not boxes["Kassa Heerlen"].may_handle(me)
    count = {"amount": "0", "vouchers": "0"}
    assert client.post(f"/uitbetaling/kas/{boxes['Kassa Heerlen'].id}/begin", data=count).status_code == 404
    assert client.post(f"/uitbetaling/kas/{boxes['Kassa Heerlen'].id}/aftekenen").status_code == 404
    assert client.post(f"/uitbetaling/kas/{boxes['Kassa Maastricht'].id}/begin", data=count).status_code == 302
