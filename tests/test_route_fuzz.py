"""Every GET and POST route, fed malformed path ids, query strings, forms and cookies: each answers below 500,
and a refusal is never Werkzeug's English default page.

The parameter names are the union of every name the views read (found in the source, plus the WTForms
fields), so a new `request.args.get("…")` is fuzzed without touching this file. Every failure of the walk is
collected and reported at once.
"""
import re
import uuid
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import pytest
from wtforms import Form
from wtforms.fields import FieldList, FormField
from wtforms.fields.core import UnboundField

from webapp import clock
from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.workers.models import Agreement, WorkerPhoto

from . import factories
from .conftest import Auth, csrf_token

WEBAPP = Path(__file__).parent.parent / "webapp"
READ = re.compile(r"""(?:(?:args|form|values)(?:\.get|\.getlist)?[(\[]|_arg\()\s*["']([\w-]+)["']""")
# Names read through a helper (`edge.ids("rides")`, `_count("vouchers")`, `form.get(name)` in a loop), and the
# defaults of `params.day_arg()`, `week_arg()`, `search_arg()`.
THROUGH_HELPERS = {"datum", "week", "q", "rides", "present", "rides_worker", "present_worker", "vouchers", "min_units", "max_units",
                   "amount", "staff", "order-1", "stop-1", "page", "line_id", "signup_id"}

DATES = {"datum", "date", "van", "tot", "from", "to", "week", "unit", "effective_from", "start_date", "device_at", "due_on",
         "start", "end", "held_on", "first"}
IDS = {"worker_id", "blok", "shelter_id", "rides", "present", "line_id", "bus_id", "rode", "staff", "werkplaats",
       "site_id", "phase", "signup_id", "page", "route_order", "seats", "vouchers", "min_units", "max_units", "begeleider",
       "role_id", "buddy_worker_id", "type_id", "template_id", "trainer_staff_id", "workers", "hours_per_week",
       "every_days"}
CHOICES = {"status", "programme", "voucher_type", "action", "role", "module_phase", "slot", "owner"}

BAD_DATES = ["9999-12-31", "2026-02-30", "0001-01-01", "0001-W01", "9999-W52", "2026xW47", ""]
BAD_IDS = ["9223372036854775808", "2147483648", "-1", "abc", "0"]
BAD_PATH_IDS = ["9223372036854775808", "2147483648", "0"]
LIMIT = re.compile(r"""(?:Bounded\(|max=|maxlength="?|String\()([\d_]+)""")  # a text's longest, in the views
LONG = "x" * 5_100  # longer than the longest text a form takes (5,000); a longer one only makes the walk slower
WORDS = " ".join(["woord"] * 1000)
FRESH = "a new UUID for each write"  # a resend of one UUID with other data is a 422 and would hide the view
PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _form_fields(form_class, prefix="") -> set[str]:
    """The input names of a WTForms form, with FieldList(FormField(...)) rows as `blocks-0-name`."""
    names = set()
    for attr, value in vars(form_class).items():
        if not isinstance(value, UnboundField):
            continue
        if value.field_class is FieldList and value.args and value.args[0].field_class is FormField:
            names |= _form_fields(value.args[0].args[0], f"{prefix}{attr}-0-")
        else:
            names.add(prefix + attr)
    return names


def parameter_names() -> set[str]:
    """Every request parameter any view reads, from the source and the forms."""
    names = set(THROUGH_HELPERS)
    for path in WEBAPP.rglob("*.py"):
        names |= set(READ.findall(path.read_text()))
    import webapp.attendance.forms, webapp.auth.forms, webapp.org.forms, webapp.payouts.forms, webapp.rounds.forms, webapp.workers.forms  # noqa: E401,F401 the form classes
    import webapp.trajectory.support_forms  # noqa: F401

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("webapp."):
                names.update(_form_fields(sub))
            walk(sub)

    walk(Form)
    return names - {"csrf_token", "filename", "v", "next"}  # the token is sent right; `v`, `next`: static, login


@dataclass
class Org:
    """A small organisation with one of everything a path can name."""

    ids: dict
    params: dict


def _checklist(worker, supervisor):
    """A checklist the supervisor has not yet saved: its forms get fuzzed, and the phone is never handed over (that
    would send every later request of the walk to the worker's turn)."""
    from webapp.trajectory import catalogue, checklists, instruments
    from webapp.trajectory.operations import enrol

    catalogue.load_all()
    enrol(worker, catalogue.find("gewenning", None)[0], None, clock.today())
    return checklists.start(worker, supervisor, instruments.for_enrolment(worker.current_enrolment), clock.today(), None)


def _kansen_op_werk(worker, counsellor):
    """A werkmaatje, a werkervaringsplaats and a training series (its sessions' boards share `session_id` with the
    checklist sitting: the one that exists is fuzzed, the other answers 404)."""
    from webapp.trajectory import support, training

    today = clock.today()
    buddy = support.start_buddy(worker, counsellor, today, name="Anja")
    placement = support.start_placement(worker, counsellor, today, "Bakkerij Jansen")
    template = next(t for t in training.templates() if t.sessions)
    series = training.plan(template, training.weekly(today, template.sessions), [worker.id], counsellor,
                           trainer_name="Els")
    db.session.commit()
    return buddy, placement, series


def build_org(staff_by_role: dict) -> Org:
    today = clock.today()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia", site=lnw.site)
    pickup = factories.RoundFactory()
    worker = factories.WorkerFactory(uitkering=True, postadres=True, ingeschreven=True)
    worker.photo = WorkerPhoto(data=b"\xff\xd8\xff")
    signup = factories.SignUpFactory(round=pickup, worker=worker, shelter_id=pickup.stops[0].shelter_id)
    agreement = Agreement(worker_id=worker.id, text="Komt om 08:00")
    db.session.add(agreement)
    set_status(worker.id, today, lnw.blocks[0].id, "aanwezig")
    box = factories.CashBoxFactory(staff=staff_by_role["supervisor"])
    line = factories.LedgerLineFactory(worker=worker, cash_box=box)
    other = factories.StaffFactory(role="assistant")
    db.session.commit()
    sitting = _checklist(worker, staff_by_role["supervisor"])
    buddy, placement, series = _kansen_op_werk(worker, staff_by_role["counsellor"])
    ids = {"worker_id": worker.id, "agreement_id": agreement.id, "round_id": pickup.id, "signup_id": signup.id,
           "shelter_id": pickup.stops[0].shelter_id, "workshop_id": viavia.id, "box_id": box.id, "line_id": line.id,
           "staff_id": other.id, "item_id": viavia.id, "kind": "werkplaatsen", "step": "begin", "follow_up_id": 999999,
           "domain": "wonen", "action_id": 999999, "session_id": sitting.id, "number": 1,
           "buddy_id": buddy.id, "placement_id": placement.id, "series_id": series.id, "goal_id": 999999}
    week = "{0}-W{1:02d}".format(*today.isocalendar())
    params = {"datum": today.isoformat(), "date": today.isoformat(), "van": today.isoformat(), "tot": today.isoformat(),
              "from": today.isoformat(), "to": today.isoformat(), "week": week, "unit": today.isoformat(),
              "effective_from": today.isoformat(), "start_date": today.isoformat(),
              "worker_id": worker.id, "blok": lnw.blocks[0].id, "shelter_id": ids["shelter_id"], "rides": signup.id,
              "present": signup.id, "line_id": line.id, "bus_id": pickup.bus_id, "rode": pickup.id,
              "staff": other.id, "werkplaats": viavia.id, "site_id": lnw.site_id, "phase": "", "page": 1,
              "route_order": 3, "seats": 8, "vouchers": 1, "min_units": 1, "max_units": 8, "amount": "6,00",
              "status": "aanwezig", "programme": "lnw", "voucher_type": "slaaphuis", "action": "view",
              "role": "assistant", "q": "Voornaam", "email": "nieuw@dagdeel.test", "travel_euros": "1,50",
              "at_time": "10:20", "client_id": FRESH, "device_at": f"{today}T09:50:00+01:00",
              "blocks-0-starts_at": "08:00", "blocks-0-ends_at": "12:00", "due_on": today.isoformat(),
              "owner": "medewerker", "begeleider": staff_by_role["supervisor"].id}
    return Org(ids, params)


def variants(names: set[str], valid: dict):
    """(label, params, drop): the malformed requests sent to every route, each starting from valid values."""
    base = {name: valid.get(name, "tekst") for name in names}
    yield "valid", base
    for bad in BAD_DATES:
        yield f"dates={bad!r}", {**base, **{n: bad for n in names & DATES}}
    for bad in BAD_IDS:
        yield f"ids={bad!r}", {**base, **{n: bad for n in names & IDS}}
    yield "unknown choices", {**base, **{n: "onbekend" for n in names & CHOICES}}
    yield "no programme", {k: v for k, v in base.items() if k != "programme"}
    yield "q=1000 words", {**base, "q": WORDS}
    yield "client_id with CR/LF", {**base, "client_id": f"{uuid.uuid4()}\r\nSet-Cookie: session=x"}
    yield "long texts", {**base, **{n: LONG for n in names - DATES - IDS - CHOICES}}
    yield "everything long", {n: LONG for n in names}
    yield "everything 2^63", {n: BAD_IDS[0] for n in names}
    yield "no form", {}


def path_for(rule, values: dict) -> str:
    return PLACEHOLDER.sub(lambda m: str(values[m.group(2)]), rule.rule)


def routes(app, role: str | None):
    """(rule, method) of every route this role may use (anonymous: the public ones)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        allowed = getattr(app.view_functions[rule.endpoint], "allowed_roles", "static")
        if rule.endpoint in ("static", "auth.logout") or (allowed is None) != (role is None):
            continue
        if role is not None and role not in allowed:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


def walk(client, app, role, org, names) -> list[str]:
    """Send every variant to every route; the list of what answered 500 (or raised)."""
    failures = []

    def send(method, url, params, label, htmx):
        if params.get("client_id") == FRESH:
            params = {**params, "client_id": str(uuid.uuid4())}
        headers = {"HX-Request": "true"} if htmx else {}
        try:
            if method == "GET":
                response = client.get(url, query_string=params, headers=headers)
            else:
                response = client.post(url, query_string=params, data=params, headers=headers)
            status = response.status_code
            if status >= 400 and "<html lang=en>" in response.get_data(as_text=True):
                status = f"{status} in English (Werkzeug's default page)"
        except Exception as error:  # noqa: BLE001 the walk reports every failure, not the first
            db.session.rollback()
            status = f"raised {type(error).__name__}: {str(error)[:160]}"
        if not isinstance(status, int) or status >= 500:  # a 500, an exception, or a refusal not in Dutch
            failures.append(f"{role or 'anonymous'} {method} {url} [{label}{' htmx' if htmx else ''}] → {status}")

    for rule, method in routes(app, role):
        url = path_for(rule, org.ids)
        for i, (label, params) in enumerate(variants(names, org.params)):
            send(method, url, params, label, htmx=i % 2 == 1)
        for bad in BAD_PATH_IDS if "<int:" in rule.rule else []:
            send(method, path_for(rule, {k: (bad if isinstance(v, int) else v) for k, v in org.ids.items()}),
                 {}, f"path ids={bad}", htmx=False)
    client.set_cookie("werkplaats", BAD_IDS[0])
    for rule, method in routes(app, role):
        if method == "GET" and "<" not in rule.rule:
            send(method, rule.rule, {}, "cookie werkplaats=2^63", htmx=False)
    client.delete_cookie("werkplaats")
    return failures


def test_the_long_texts_are_longer_than_any_limit():
    limits = {int(n.replace("_", "")) for path in WEBAPP.rglob("*") if path.suffix in (".py", ".html")
              for n in LIMIT.findall(path.read_text())}
    assert 5_000 in limits and len(LONG) > max(limits)


def test_the_parameter_names_are_found_in_the_views():
    names = parameter_names()
    assert {"datum", "week", "worker_id", "status", "q", "client_id", "blocks-0-name", "first_name", "van"} <= names


@pytest.mark.timeout(900)  # thousands of requests per role: minutes on a busy machine, not a hang
@pytest.mark.parametrize("role", ["supervisor", "assistant", "admin", "counsellor", None])
def test_no_route_answers_500_to_malformed_input(app, role):
    """Every role and an anonymous visitor walk every route with every malformed variant (one test per role, so
    parallel runs share the work and each has its own time limit)."""
    names = parameter_names()
    clients, staff = {}, {}
    for who in ("supervisor", "assistant", "admin", "counsellor"):
        clients[who] = app.test_client()
        staff[who] = Auth(clients[who]).login(who)
    org = build_org(staff)
    if role is None:
        client = app.test_client()
        client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client)
    else:
        client = clients[role]
    failures = walk(client, app, role, org, names)
    assert not failures, f"{len(failures)} requests answered 500:\n" + "\n".join(failures)
