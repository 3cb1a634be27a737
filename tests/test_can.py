"""Templates show a link or button exactly to the roles its endpoint allows: `can()` answers from `@allow`."""
import itertools
import re
from datetime import date, datetime, time, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from flask_login import login_user, logout_user

from webapp.attendance.operations import set_status
from webapp.auth import roles
from webapp.auth.access import can
from webapp.extensions import db
from webapp.payouts.operations import ensure_default_rules
from webapp.trajectory import catalogue as methods
from webapp.trajectory.domain_models import LifeDomain
from webapp.trajectory.operations import end_trajectory, enrol
from webapp.workers.models import Agreement, ScheduleSlot, WorkerPhoto

from . import factories
from .conftest import Auth

TEMPLATES = Path(__file__).parent.parent / "webapp" / "templates"
MONDAY = date(2026, 11, 23)
# Endpoints a template names that no page of the scene below shows, and why.
NOT_ON_A_PAGE = {
    "attendance.import_confirm": "shown after a checked upload (a POST), on the page only its roles can open",
    "workers.import_confirm": "shown after a checked upload (a POST), on the page only its roles can open",
    "offline.service_worker": "registered by every page (base.html's data-sw-url), not a link; public",
    "offline.viewed": "a kept page names it in #offline-view's data-url for static/js/viewlog.js, not a link or form",
    "offline.sync": "every page names it in base.html's data-sync-url for static/js/outbox.js, not a link or form",
    "rounds.stop": "the conditions warning's 'Niet aanmelden', shown after a sign-up (a POST) on a runner's phone",
    "trajectory.checklist_worker": "the worker's turn: shown only after the phone was handed over (a state of that "
                                   "browser session), tested in test_checklists and e2e/test_checklists",
    "trajectory.checklist_worker_submit": "the worker's turn, as above",
    "trajectory.checklist_unlock": "the worker's turn, as above",
}


class Links(HTMLParser):
    """(method, path) of every link, form, htmx request and resource on a page."""

    def __init__(self):
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("action"):
            self._add("POST" if (a.get("method") or "get").lower() == "post" else "GET", a["action"])
        for name, method in (("href", "GET"), ("src", "GET"), ("hx-get", "GET"), ("hx-post", "POST")):
            if a.get(name) and not (tag == "form" and name == "href"):
                self._add(method, a[name])

    def _add(self, method, url):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:  # tel:, another site, a #fragment
            return
        self.found.add((method, parts.path))


def endpoints_on(app, html: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    adapter = app.url_map.bind("localhost")
    return {adapter.match(path, method=method)[0] for method, path in parser.found}


def allowed(app, endpoint: str) -> frozenset | None:
    return getattr(app.view_functions[endpoint], "allowed_roles", None)


@pytest.fixture
def scene(app, catalogue):
    """Monday 14:05: two rounds today (one with more sign-ups than seats, one boarding with a person also
    checked off on the first), a worked and a left-early Loon naar Werken day, an open agreement,
    and a staff member of each role logged in on their own phone with a cash box holding a payout."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    factories.WorkshopFactory(name="Via Via", programme="viavia")
    shelters = [factories.ShelterFactory(), factories.ShelterFactory()]
    full = factories.RoundFactory(date=MONDAY, bus=factories.BusFactory(seats=2), stops=shelters)
    boarding = factories.RoundFactory(date=MONDAY, stops=shelters)
    factories.BusFactory()  # a bus still free: "Nog een ronde starten" is offered
    for _ in range(3):
        factories.SignUpFactory(round=full, shelter_id=shelters[0].id)
    factories.WorkerFactory(shelter_id=shelters[0].id)  # a regular at the first stop, not signed up yet
    moment = datetime(2026, 11, 23, 9, 40, tzinfo=timezone.utc)
    factories.SignUpFactory(round=boarding, shelter_id=shelters[0].id, boarded_at=moment,
                            conflict_round_id=full.id, conflict_boarded_at=moment)
    for _ in range(2):  # two to board at the second stop: "Alle 2 instappen"
        factories.SignUpFactory(round=boarding, shelter_id=shelters[1].id)
    worker, left_early = factories.WorkerFactory(), factories.WorkerFactory()
    db.session.flush()
    set_status(worker.id, MONDAY, lnw.blocks[0].id, "aanwezig")
    set_status(left_early.id, MONDAY, lnw.blocks[0].id, "vroeg_weg")
    db.session.add(Agreement(worker_id=worker.id, text="Op tijd komen"))
    worker.photo, worker.photo_at = WorkerPhoto(data=b"\xff\xd8\xff"), moment
    ready, trying = _transition_workers()
    db.session.commit()
    clients = {}
    for role in roles.ALL:
        clients[role] = app.test_client()
        staff = Auth(clients[role]).login(role)
        factories.LedgerLineFactory(unit=MONDAY.isoformat(), unit_date=MONDAY,
                                    cash_box=factories.CashBoxFactory(staff=staff, date=MONDAY))
        if role == roles.COUNSELLOR:  # her work list ("mijn medewerkers") holds the proefweek that ends today
            trying.counsellor_id = staff.id
            counsellor = staff
    db.session.commit()
    gone = factories.WorkerFactory()  # left for regular work: the trajectory page shows the nazorg to tick off
    db.session.flush()
    enrol(gone, methods.find("algemeen", None)[0], None, date(2026, 3, 2))
    end_trajectory(gone, date(2026, 8, 31), "regulier_werk", "")
    action_ids = _life_domains(trying, staff)
    sittings, goal_id, scored = _checklist_sessions(staff)
    kow, series = _kansen_op_werk(counsellor)
    values = {"session_id": sittings + [series.sessions[0].id, series.sessions[1].id], "series_id": [series.id],
              "number": [1], "worker_id": [worker.id, gone.id, ready.id, trying.id, scored, kow.id],
              "staff_id": [staff.id], "item_id": [full.bus_id], "kind": ["bussen"],
              "domain": ["dagbesteding", "schulden"], "action_id": action_ids, "goal_id": [goal_id],
              "round_id": [full.id, boarding.id], "shelter_id": [shelters[0].id], "workshop_id": [lnw.id],
              "line_id": [factories.LedgerLineFactory(unit=MONDAY.isoformat(), unit_date=MONDAY).id]}
    db.session.commit()
    return clients, values


def _kansen_op_werk(counsellor):
    """A Kansen op werk worker of the counsellor's with a werkervaringsplaats, a werkmaatje, a meeting and a training
    series whose first session (last week) she missed and whose second is today."""
    from datetime import timedelta

    from webapp.trajectory import support, training

    person = factories.WorkerFactory(counsellor_id=counsellor.id)
    db.session.flush()
    enrol(person, methods.find("kow", 2)[0], methods.find("kow", 2)[1], date(2026, 9, 1))
    support.start_placement(person, counsellor, date(2026, 10, 1), "Bakkerij Jansen", contact="Mieke")
    support.start_buddy(person, counsellor, date(2026, 10, 1), name="Anja")
    template = next(t for t in training.templates() if t.code == "weer-aan-het-werk")
    series = training.plan(template, training.weekly(MONDAY - timedelta(weeks=1), template.sessions), [person.id],
                           counsellor, trainer_name="Els")
    training.set_status(series.sessions[0], person.id, "afwezig", counsellor, series.sessions[0].date)
    kind = support.meeting_types()[0]
    support.record_meeting(person, counsellor, kind, date(2026, 11, 10), "Henk (werkplek)", "Dinsdag en donderdag")
    db.session.commit()
    return person, series


def _life_domains(person, counsellor):
    """The counsellor's worker has a domain filled in, an open action point (its "Gedaan" button) and a done one
    ("Heropenen"), so the domain page, an action point's page, the trajectory page's Leefgebieden and the overleg
    show every button they have."""
    from webapp.trajectory import domain_ops

    area = db.session.scalar(select(LifeDomain).where(LifeDomain.code == "dagbesteding"))
    domain_ops.save_domain(person, area, counsellor, "aandacht", "Komt wisselend", "")
    wake = domain_ops.add_action(person, area, counsellor, "Wekker zetten", ("medewerker", None, ""), date(2026, 11, 30))
    done = domain_ops.add_action(person, area, counsellor, "Rooster ophalen", ("medewerker", None, ""), date(2026, 11, 20))
    db.session.flush()
    domain_ops.tick_action(done, counsellor, date(2026, 11, 21))  # done: its edit page and the list offer "Heropenen"
    first = domain_ops.workshops(counsellor)[0]  # a supervisor's overleg opens on the first workshop: the worker is in it
    db.session.add(ScheduleSlot(worker_id=person.id, block_id=first.blocks[0].id, weekday=0))
    db.session.commit()
    return [wake.id, done.id]


def _checklist_sessions(staff) -> list[int]:
    """Three checklists of one worker: just started, the supervisor done (hand over or paper), both done (the gap),
    and a goal agreed on the last one."""
    from webapp.trajectory import checklists, instruments

    person = factories.WorkerFactory()
    db.session.flush()
    enrol(person, methods.find("gewenning", None)[0], None, date(2026, 9, 1))
    instrument = instruments.for_enrolment(person.current_enrolment)
    started, handed, done = (checklists.start(person, staff, instrument, MONDAY, None) for _ in range(3))
    for sitting in (handed, done):
        checklists.submit_supervisor(sitting, staff, {i.name: 2 for i in sitting.version.items})
    checklists.submit_paper(done, staff, {i.name: 3 for i in done.version.items})
    # an agreed goal: the trajectory page offers "Afgerond"
    goal = checklists.add_goal(done, staff, done.version.items[0].name, "Elke pauze bij de groep",
                               ("staff", staff.id, ""), MONDAY, None)
    return [started.id, handed.id, done.id], goal.id, person.id


def _transition_workers():
    """A Loon naar Werken worker (the criteria and "Proefweek starten") and one on the last day of a proefweek
    (its ticks, "Bevestigen" and "Terug")."""
    from webapp.trajectory import catalogue as methods
    from webapp.trajectory.operations import enrol
    from webapp.trajectory.transition import start_trial

    lnw_module, _ = methods.find("lnw", None)
    ready, trying = factories.WorkerFactory(), factories.WorkerFactory()
    for person in (ready, trying):
        enrol(person, lnw_module, None, date(2026, 9, 1), commit=False)
    db.session.flush()
    start_trial(trying, date(2026, 11, 17), "in de scène")
    return ready, trying


def pages(app, values) -> list[str]:
    """Every screen and fragment a GET shows, with the scene's rows filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.startswith("offline."):
            continue
        names = sorted(rule.arguments)
        for combination in itertools.product(*(values[n] for n in names)):
            urls.append(rule.build(dict(zip(names, combination)))[1])
    return urls


def seen_per_role(app, clients, values) -> dict[str, dict[str, set[str]]]:
    """For each page and each role that may open it: the endpoints it links or posts to."""
    seen: dict[str, dict[str, set[str]]] = {}
    for url in pages(app, values):
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                seen.setdefault(url, {})[role] = endpoints_on(app, response.get_data(as_text=True))
    return seen


def test_each_link_and_button_is_shown_exactly_to_the_roles_its_endpoint_allows(app, scene):
    """Every page as every role that may open it: an endpoint linked, posted to or loaded on the page is there
    for each role its `@allow` names and for no other; and the pages together show every endpoint a template
    names (so none is left untested)."""
    clients, values = scene
    seen = seen_per_role(app, clients, values)
    assert len(seen) > 30
    for url, by_role in seen.items():
        on_page = set().union(*by_role.values())
        for role, endpoints in by_role.items():
            for endpoint in on_page:
                may = allowed(app, endpoint) is None or role in allowed(app, endpoint)
                assert (endpoint in endpoints) is may, (
                    f"{url} as {role}: {endpoint} is {'missing' if may else 'shown but not allowed'}")
    named = set()
    for path in TEMPLATES.rglob("*.*"):
        named |= set(re.findall(r"""(?:url_for|queued_post|can)\(\s*['"]([\w.]+)['"]""", path.read_text()))
        named |= set(re.findall(r"""\(\s*'(\w+\.\w+)',\s*'[^']*'\s*\)""", path.read_text()))  # base.html's tabs
    shown = set().union(*(endpoints for by_role in seen.values() for endpoints in by_role.values()))
    assert named - shown == set(NOT_ON_A_PAGE)


def test_no_template_checks_a_role_itself():
    found = [f"{path.relative_to(TEMPLATES)}:{n}" for path in TEMPLATES.rglob("*.*")
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"current_user\.(role\b|has_role)", line)]
    assert found == []


@pytest.mark.parametrize("role", roles.ALL)
def test_can_answers_from_the_views_allow(app, role):
    staff = factories.StaffFactory(role=role)
    db.session.commit()
    with app.test_request_context():
        login_user(staff)
        assert can("rounds.sign_up") is (role in (roles.ASSISTANT, roles.SUPERVISOR))
        assert can("payouts.sign_off") is (role == roles.SUPERVISOR)
        assert can("org.index") is (role == roles.ADMIN)
        assert can("workers.card") is True
        assert can("auth.login") is True and can("static") is True


def test_can_says_no_to_a_visitor_except_for_public_views(app):
    with app.test_request_context():
        logout_user()
        assert can("workers.index") is False
        assert can("auth.login") is True and can("offline.manifest") is True


def test_a_misspelt_endpoint_fails_the_render(app):
    with app.test_request_context():
        with pytest.raises(LookupError, match="rounds.sing_up"):
            app.jinja_env.from_string("{% if can('rounds.sing_up') %}x{% endif %}").render()


def test_a_cash_box_is_counted_by_its_own_staff_member_or_a_supervisor(app, client, auth):
    """One rule (CashBox.may_handle) for the cash page's forms and the views behind them."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:05"
    colleague = factories.CashBoxFactory(staff=factories.StaffFactory(role=roles.ASSISTANT), date=MONDAY)
    me = auth.login(roles.ASSISTANT)
    supervisor = factories.StaffFactory(role=roles.SUPERVISOR)
    db.session.commit()
    assert colleague.may_handle(colleague.staff) and colleague.may_handle(supervisor) and not colleague.may_handle(me)
    page = client.get("/uitbetaling/kas").get_data(as_text=True)
    assert f"/kas/{colleague.id}/" not in page and "/tellen" in page
    assert client.post(f"/uitbetaling/kas/{colleague.id}/tellen", data={"amount": "0"}).status_code == 403


@pytest.mark.parametrize("role, shown", [(roles.SUPERVISOR, True), (roles.ASSISTANT, False)])
def test_only_who_may_count_an_early_leave_gets_its_checkbox(app, client, auth, role, shown):
    """One rule (attendance.rules.may_count_early_leave) for the board's checkbox and the mark view's refusal."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T11:00"
    workshop = factories.WorkshopFactory()
    set_status(factories.WorkerFactory().id, MONDAY, workshop.blocks[0].id, "vroeg_weg")
    db.session.commit()
    auth.login(role)
    page = client.get(f"/werkvloer/{workshop.id}").get_data(as_text=True)
    assert ('name="early_leave_counts"' in page) is shown


def test_an_arrived_round_offers_no_changes(app, client, auth):
    """One rule (PickupRound.is_open) for the round screen's buttons and the operations' refusal."""
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:30"
    pickup = factories.RoundFactory(date=MONDAY)
    factories.SignUpFactory(round=pickup, shelter_id=pickup.stops[0].shelter_id)
    db.session.commit()
    auth.login(roles.ASSISTANT)
    before = endpoints_on(app, client.get(f"/ronde/{pickup.id}").get_data(as_text=True))
    assert {"rounds.withdraw", "rounds.first_timer", "rounds.board", "rounds.arrive"} <= before
    pickup.arrived_at = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
    db.session.commit()
    after = endpoints_on(app, client.get(f"/ronde/{pickup.id}").get_data(as_text=True))
    assert not pickup.is_open and after.isdisjoint({"rounds.withdraw", "rounds.first_timer", "rounds.board", "rounds.arrive",
                                                    "rounds.sign_up", "rounds.search"})
