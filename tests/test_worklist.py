"""The counsellor's work list: what is due, built from real rows (queries.due_list), its words, the page's filters
and roles, the trajectory page's "Wat komt eraan", and the CLI."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event, select

from webapp.attendance.models import Attendance
from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import catalogue as methods
from webapp.trajectory.models import Enrolment, FollowUp, Review
from webapp.trajectory.operations import enrol
from webapp.trajectory.queries import due_list
from webapp.workers.models import ScheduleSlot

from . import factories

ON = date(2026, 11, 23)


def worker_in(code, phase, start, **kwargs):
    worker = factories.WorkerFactory(**kwargs)
    module, ph = methods.find(code, phase)
    enrol(worker, module, ph, start, commit=False)
    db.session.flush()
    return worker, db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_(None)))


def review(enrolment, held_on, outcome="verlengen", months=None):
    db.session.add(Review(worker_id=enrolment.worker_id, enrolment_id=enrolment.id, held_on=held_on, outcome=outcome,
                          months=months))
    db.session.flush()


def due(lines):
    return [(line.item.kind, line.item.due, line.item.days_overdue) for line in lines]


@pytest.mark.parametrize("code, phase, start, reviews, extension, expected", [
    # Arbeidsgewenning: monthly evaluatie, ends after 2 months
    ("gewenning", None, date(2026, 10, 1), [], 0,
     [("evaluatie", date(2026, 11, 1), 22)]),
    # a review on 15 nov resets the cadence: the next evaluatie is 15 dec, past the 7 days
    ("gewenning", None, date(2026, 10, 1), [date(2026, 11, 15)], 0, []),
    # ... but the phase still ends 2 months after the start
    ("gewenning", None, date(2026, 9, 25), [date(2026, 11, 15)], 0,
     [("fase_einde", date(2026, 11, 25), 0)]),
    # an extension of one month moves the end
    ("gewenning", None, date(2026, 8, 25), [date(2026, 11, 15)], 1,
     [("fase_einde", date(2026, 11, 25), 0)]),
    # Via Via phase 2: evaluatie every 3 months, the phase's 3 months
    ("viavia", 2, date(2026, 8, 31), [], 0,
     [("evaluatie", date(2026, 11, 30), 0), ("fase_einde", date(2026, 11, 30), 0)]),
    # Arbeidsoriëntatie: no cadence, no end
    ("orientatie", None, date(2025, 1, 1), [], 0, []),
])
def test_the_due_list_from_rows(app, catalogue, code, phase, start, reviews, extension, expected):
    worker, enrolment = worker_in(code, phase, start)
    enrolment.extension_months = extension
    for held in reviews:
        review(enrolment, held)
    assert due(due_list(ON, 7)) == expected


def test_intake_trial_week_and_follow_ups(app, catalogue):
    workshop = factories.WorkshopFactory()
    block = workshop.blocks[0]
    added = factories.WorkerFactory(intake_pending=True, created_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    came = factories.WorkerFactory(intake_pending=True, created_at=datetime(2026, 11, 10, 9, tzinfo=timezone.utc))
    db.session.add_all([Attendance(worker_id=came.id, date=date(2026, 11, 12), block_id=block.id, status="afwezig"),
                        Attendance(worker_id=came.id, date=date(2026, 11, 13), block_id=block.id, status="aanwezig")])
    trial, enrolment = worker_in("viavia", 1, date(2026, 11, 1))
    enrolment.trial_until = date(2026, 11, 24)
    settled, other = worker_in("viavia", 1, date(2026, 11, 1))
    other.trial_until, other.trial_result = date(2026, 11, 24), "bevestigd"
    gone, old = worker_in("viavia", 4, date(2026, 2, 2))
    old.end_date, old.outcome = date(2026, 8, 23), "regulier_werk"
    db.session.add_all([FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2026, 11, 23)),
                        FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2026, 8, 1), done_on=date(2026, 8, 2)),
                        FollowUp(worker_id=gone.id, enrolment_id=old.id, due_on=date(2027, 2, 23))])
    db.session.flush()
    lines = due_list(ON, 7)
    assert [(line.item.kind, line.worker.id, line.item.due) for line in lines] == [
        ("intake", came.id, date(2026, 11, 13)), ("intake", added.id, date(2026, 11, 20)),
        ("nazorg", gone.id, date(2026, 11, 23)), ("proefweek", trial.id, date(2026, 11, 24))]
    assert due_list(ON, 7, [trial.id, settled.id])[0].item.kind == "proefweek"
    assert len(due_list(ON, 7, [settled.id])) == 0
    assert due_list(ON, 7, []) == []


def test_inactive_workers_have_nothing_due(app, catalogue):
    worker, _ = worker_in("gewenning", None, date(2026, 9, 1))
    worker.active = False
    assert due_list(ON, 7) == []


def count_queries(fn):
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_query_count_does_not_grow_with_the_workers(app, catalogue):
    def add(n):
        for i in range(n):
            w, e = worker_in("viavia" if i % 2 else "gewenning", 2 if i % 2 else None, date(2026, 9, 1 + i % 20),
                             intake_pending=i % 5 == 0)
            review(e, date(2026, 10, 1))
        db.session.commit()
    add(3)
    few = count_queries(lambda: due_list(ON, 90))
    add(30)
    many = count_queries(lambda: due_list(ON, 90))
    assert len(due_list(ON, 90)) > 30
    assert few == many <= 8  # enrolments, method versions, intakes, follow-ups, action points, goals, trainings, people


def on_site(worker, workshop):
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=workshop.blocks[0].id, weekday=0))


@pytest.fixture
def frozen(app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:00"


def test_the_counsellor_sees_her_own_workers_first_overdue_first_and_why(client, auth, catalogue, frozen):
    me = auth.login("counsellor")
    colleague = factories.StaffFactory(role="counsellor")
    late, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Bas", last_name="Late", counsellor=me)
    soon, enrolment = worker_in("viavia", 2, date(2026, 9, 7), first_name="Ria", last_name="Soon", counsellor=me)
    enrolment.extension_months = 1
    review(enrolment, date(2026, 10, 1))
    theirs, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Kees", last_name="Theirs", counsellor=colleague)
    db.session.commit()
    page = client.get("/trajecten/werklijst").get_data(as_text=True)
    assert "Bas Late" in page and "Kees Theirs" not in page and "Ria Soon" not in page
    assert "evaluatie Arbeidsgewenning — 1 maand na start 1 sep" in page
    assert "53 dagen te laat" in page and "22 dagen te laat" in page  # evaluatie due 1 okt, the end 1 nov
    assert page.index("evaluatie Arbeidsgewenning") < page.index("einde Arbeidsgewenning")  # overdue longest first
    wide = client.get("/trajecten/werklijst?dagen=90").get_data(as_text=True)
    assert "Ria Soon" in wide and "einde fase 2 Aanpassing — 3 maanden (+1 verlengd) na start 7 sep" in wide
    assert "evaluatie Via Via — 3 maanden na evaluatie 1 okt" in wide
    everyone = client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)
    assert "Kees Theirs" in everyone
    assert db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "view_worklist")
                             .order_by(AccessLog.id.desc())) == "alles, 7 dagen, regels 1–4"
    shown = {worker for worker, in db.session.execute(select(AccessLog.worker_id).where(AccessLog.detail == "de werklijst"))}
    assert shown == {late.id, soon.id, theirs.id}  # each worker it showed has it in their report, once that day


def test_a_long_list_shows_a_page_at_a_time_and_meer_tonen_adds_the_next_rows_in_order(client, auth, catalogue,
                                                                                          frozen, monkeypatch):
    """Everyone's list can run to hundreds of lines: a phone gets a page and "Meer tonen" appends the next page
    (htmx) or, without JavaScript, reloads with more; no line is lost or repeated between pages."""
    from webapp.trajectory import worklist
    monkeypatch.setattr(worklist, "PAGE", 2)
    auth.login("counsellor")
    for n, month in enumerate((5, 6, 7, 8, 9)):  # overdue evaluaties, the oldest first: A, B, C, D, E
        worker_in("gewenning", None, date(2026, month, 1), first_name="Late", last_name="ABCDE"[n])
    db.session.commit()
    names = ["Late A", "Late B", "Late C", "Late D", "Late E"]

    def shown(html):
        return [n for n in names if n in html]

    first = client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)
    assert shown(first) == names[:2] and "Meer tonen (nog 8 van 10)" in first  # evaluatie and einde per worker
    more = client.get("/trajecten/werklijst?filter=alles&vanaf=2&tot=4", headers={"HX-Request": "true"})
    body = more.get_data(as_text=True)
    assert "<nav" not in body and "Meer tonen (nog 6 van 10)" in body and "vanaf=4" in body
    everything = client.get("/trajecten/werklijst?filter=alles&tot=10").get_data(as_text=True)
    assert shown(everything) == names and "Meer tonen" not in everything
    assert [everything.index(n) for n in names] == sorted(everything.index(n) for n in names)
    assert client.get("/trajecten/werklijst?vanaf=-1").status_code == 422
    assert client.get("/trajecten/werklijst?tot=999999999999").status_code == 422


def test_the_team_is_the_workers_of_my_sites_workshops(client, auth, catalogue, frozen):
    here, there = factories.WorkshopFactory(), factories.WorkshopFactory()
    me = auth.login("supervisor", site_id=here.site_id)
    near, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Near", last_name="By")
    far, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Far", last_name="Away")
    on_site(near, here)
    on_site(far, there)
    db.session.commit()
    page = client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)  # not a supervisor's: team it is
    assert "Near By" in page and "Far Away" not in page
    assert "Mijn medewerkers" not in page
    assert f"De medewerkers van {here.site.name}." in page  # whose list this is, said


def test_a_counsellors_team_is_their_sites_without_their_own_elsewhere(client, auth, catalogue, frozen):
    """"Team" is the workers of my site's workshops; my own worker at another site is on "Mijn medewerkers" (and
    "Alles"), not on "Team"; a deactivated one of my site stays on Team for a counsellor, as on "Alles"."""
    here, there = factories.WorkshopFactory(), factories.WorkshopFactory()
    me = auth.login("counsellor", site_id=here.site_id)
    near, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Near", last_name="By")
    mine_far, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Mine", last_name="Far")
    gone, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Gone", last_name="Here")
    mine_far.counsellor_id, gone.active = me.id, False
    on_site(near, here), on_site(mine_far, there), on_site(gone, here)
    db.session.commit()
    pages = {scope: client.get(f"/trajecten/werklijst?filter={scope}").get_data(as_text=True) for scope in ("mijn", "team", "alles")}
    assert "Near By" in pages["team"] and "Mine Far" not in pages["team"]
    assert "Mine Far" in pages["mijn"] and "Mine Far" in pages["alles"]
    assert ("Gone Here" in pages["team"]) == ("Gone Here" in pages["alles"])


def test_a_newcomer_nobody_guides_is_on_every_counsellors_list_until_one_holds_the_intake(client, auth, catalogue, frozen):
    """A first-timer from the bus round has no counsellor and no schedule yet: the intake is on "Mijn medewerkers"
    and "Team" of every counsellor; whoever holds it becomes their trajectbegeleider."""
    here = factories.WorkshopFactory()
    me = auth.login("counsellor", site_id=here.site_id)
    factories.WorkerFactory(first_name="Kim", last_name="Nieuw", intake_pending=True)
    db.session.commit()
    for scope in ("mijn", "team"):
        assert "Kim Nieuw" in client.get(f"/trajecten/werklijst?filter={scope}").get_data(as_text=True), scope
    from webapp.trajectory.operations import record_intake
    from webapp.workers.models import Worker
    kim = db.session.scalar(select(Worker).where(Worker.first_name == "Kim"))
    record_intake(kim, me, date(2026, 11, 23), {})
    assert kim.counsellor_id == me.id and not kim.intake_pending


def test_an_empty_list_says_so_kindly(client, auth, catalogue, frozen):
    auth.login("counsellor")
    page = client.get("/trajecten/werklijst").get_data(as_text=True)
    assert "Niets te laat en niets op korte termijn." in page


@pytest.mark.parametrize("days, status", [("0", 200), ("90", 200), ("91", 422), ("-1", 422), ("zeven", 422),
                                          ("99999999999999999999", 422)])
def test_the_days_are_bounded(client, auth, catalogue, frozen, days, status):
    auth.login("counsellor")
    response = client.get(f"/trajecten/werklijst?dagen={days}")
    assert response.status_code == status
    if status == 422:
        assert "dagen" in response.get_data(as_text=True)


@pytest.mark.parametrize("role, status", [("assistant", 403), ("admin", 403), ("supervisor", 200), ("counsellor", 200)])
def test_who_may_see_the_work_list(client, auth, catalogue, role, status):
    auth.login(role)
    assert client.get("/trajecten/werklijst").status_code == status
    tabs = client.get("/medewerkers/").get_data(as_text=True)
    assert ('href="/trajecten/werklijst"' in tabs) == (status == 200)


def test_the_trajectory_page_shows_what_comes_next(client, auth, catalogue, frozen):
    auth.login("counsellor")
    worker, enrolment = worker_in("viavia", 1, date(2026, 9, 1), first_name="Wim", last_name="Next")
    far, _ = worker_in("gewenning", None, date(2026, 9, 1), first_name="Other", last_name="One")
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    start = page.index("Wat komt eraan")
    section = page[start:page.index("</section>", start)]
    assert "evaluatie Via Via — 3 maanden na start 1 sep" in section and "di 1 dec" in section
    assert "einde fase 1" in section and "over 8 dagen" in section
    assert "Arbeidsgewenning" not in section
    nobody = factories.WorkerFactory()
    db.session.commit()
    empty = client.get(f"/trajecten/medewerker/{nobody.id}").get_data(as_text=True)
    assert "Niets gepland in de komende 90 dagen." in empty


def test_the_cli_writes_the_due_list_as_csv(app, runner, catalogue):
    worker_in("gewenning", None, date(2026, 9, 1), external_id="G001")
    _, enrolment = worker_in("viavia", 3, date(2026, 9, 28), external_id="V003")
    enrolment.trial_until = date(2026, 11, 30)
    db.session.commit()
    result = runner.invoke(args=["trajectory", "due", "--on", "2026-11-23", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "external_id;kind;due_date;days_overdue;description",
        "G001;evaluatie;2026-10-01;53;evaluatie Arbeidsgewenning — 1 maand na start 1 sep",
        "G001;fase_einde;2026-11-01;22;einde Arbeidsgewenning — 2 maanden na start 1 sep",
        "V003;proefweek;2026-11-30;0;proefweek Via Via — laatste dag 30 nov",
    ]


@pytest.mark.parametrize("args, message", [(["--on", "23-13-2026"], "die dag bestaat niet"), (["--on", "morgen"], "gebruik dd-mm-jjjj"),
                                           (["--on", "2026-11-23", "--days", "-3"], "dagen"),
                                           (["--on", "2026-11-23", "--days", "400"], "hoogstens 366")])
def test_the_cli_refuses_a_bad_date_or_days_in_dutch(app, runner, catalogue, args, message):
    result = runner.invoke(args=["trajectory", "due", *args])
    assert result.exit_code == 1 and message in result.output


def test_the_trajectory_page_names_the_next_date_however_far_ahead(client, auth, catalogue, frozen):
    """After "verlengen", the new phase end lies beyond the 90 days of "Wat komt eraan": the page still names it,
    once, and not an evaluatie the 90 days already hold."""
    auth.login("counsellor")
    worker, enrolment = worker_in("viavia", 1, date(2026, 9, 1))
    enrolment.extension_months = 6
    review(enrolment, date(2026, 11, 20), months=6)
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    start = page.index("Wat komt eraan")
    section = page[start:page.index("</section>", start)]
    assert "Evaluatie" in section and section.count("Daarna: ") == 1, section
    assert "Daarna: einde fase op di 1 jun 2027" in section, section
