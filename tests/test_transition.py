"""Loon naar Werken → Via Via: the criteria with their evidence, the proefweek, its ticks and how it ends, the
panel on the trajectory page, the board's note, and the payouts that follow the enrolment."""
import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select

from webapp.attendance.operations import set_status
from webapp.audit.models import AccessLog
from webapp.errors import Refused
from webapp.extensions import db
from webapp.payouts import queries as payout_queries
from webapp.payouts.operations import ensure_default_rules
from webapp.payouts.rules import week_unit
from webapp.trajectory import catalogue as methods, transition
from webapp.trajectory.models import Enrolment, TransitionCheck, TrialDay
from webapp.workers.models import ScheduleSlot, Worker
from webapp.trajectory.operations import enrol

from . import factories
from .conftest import Auth

MONDAY = date(2026, 11, 23)  # the evidence weeks: 26 Oct (44), 2 Nov (45), 9 Nov (46), 16 Nov (47)
WEEK_44 = date(2026, 10, 26)


@pytest.fixture
def org(app, catalogue):
    app.config["DAGDEEL_NOW"] = f"{MONDAY.isoformat()}T11:00"
    ensure_default_rules()
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia", site=lnw.site)
    db.session.commit()
    return lnw, viavia


def lnw_worker(**kwargs):
    worker = factories.WorkerFactory(**kwargs)
    module, _ = methods.find("lnw", None)
    enrol(worker, module, None, date(2026, 6, 1), commit=False)
    db.session.flush()
    db.session.expire(worker, ["enrolments"])
    return worker


def work(worker, block, days, status="aanwezig", **kwargs):
    for day in days:
        set_status(worker.id, day, block.id, status, **kwargs)
    db.session.flush()


def weekdays(monday: date, n: int) -> list[date]:
    return [monday + timedelta(days=i) for i in range(n)]


def four_good_weeks(worker, lnw):
    for week in range(4):
        work(worker, lnw.blocks[0], weekdays(WEEK_44 + timedelta(weeks=week), 4))


def record_all(worker, staff=None):
    for code in transition.RECORDED:
        transition.record_check(worker, staff, code, True, "", MONDAY)
    db.session.flush()


# --- the attendance criterion, from real attendance rows ------------------------------------------------------

def test_evidence_is_the_last_four_full_weeks_oldest_first_and_a_week_with_3_is_not_met(org):
    lnw, viavia = org
    worker = lnw_worker()
    work(worker, lnw.blocks[0], weekdays(WEEK_44, 5))  # week 44: 5
    work(worker, lnw.blocks[0], weekdays(WEEK_44 + timedelta(weeks=1), 4))  # week 45: 4
    work(worker, lnw.blocks[0], weekdays(WEEK_44 + timedelta(weeks=2), 3))  # week 46: 3 …
    work(worker, lnw.blocks[0], [WEEK_44 + timedelta(weeks=2, days=3)], "afwezig_zonder_bericht")  # … a no-show
    work(worker, lnw.blocks[0], [WEEK_44 + timedelta(weeks=2, days=4)], "vroeg_weg", note="tandarts")  # … not granted
    work(worker, lnw.blocks[0], weekdays(WEEK_44 + timedelta(weeks=3), 4))  # week 47: 4
    work(worker, lnw.blocks[0], weekdays(MONDAY - timedelta(weeks=5), 5))  # week 43: too long ago
    work(worker, lnw.blocks[0], [MONDAY])  # this week: not full yet
    evidence = transition.attendance_evidence(worker, MONDAY)
    assert evidence.counts == "5 · 4 · 3 · 4"
    assert [w.number for w in evidence.weeks] == [44, 45, 46, 47]
    assert not evidence.met
    # A fourth dagdeel in week 46, in another workshop (Via Via's afternoon), makes every week count.
    work(worker, viavia.blocks[1], [WEEK_44 + timedelta(weeks=2)])
    evidence = transition.attendance_evidence(worker, MONDAY)
    assert evidence.counts == "5 · 4 · 4 · 4" and evidence.met


def test_a_granted_early_leave_counts_as_the_attendance_rules_say(org):
    lnw, _ = org
    worker = lnw_worker()
    four_good_weeks(worker, lnw)
    day = WEEK_44 + timedelta(weeks=2)
    set_status(worker.id, day, lnw.blocks[0].id, "vroeg_weg", note="misselijk", early_leave_counts=True)
    assert transition.attendance_evidence(worker, MONDAY).counts == "4 · 4 · 4 · 4"
    set_status(worker.id, day, lnw.blocks[0].id, "vroeg_weg", note="misselijk", early_leave_counts=False)
    assert transition.attendance_evidence(worker, MONDAY).counts == "4 · 4 · 3 · 4"


# --- the recorded criteria ------------------------------------------------------------------------------------

def test_the_newest_check_counts_and_says_when_and_by_whom(org):
    staff = factories.StaffFactory(role="counsellor", name="Fatima")
    worker = lnw_worker()
    transition.record_check(worker, staff, "verslaving", False, "gebruikte vóór het werk", MONDAY - timedelta(days=14))
    transition.record_check(worker, staff, "verslaving", True, "vier weken nuchter", MONDAY - timedelta(days=1))
    transition.record_check(worker, staff, "huisvesting", True, "", MONDAY - timedelta(days=3))
    db.session.flush()
    found = {c.code: c for c in transition.criteria(worker, MONDAY)}
    assert list(found) == ["huisvesting", "verslaving", "aanwezigheid", "klaar"]
    assert found["verslaving"].met is True and found["verslaving"].check.note == "vier weken nuchter"
    assert found["verslaving"].check.by.name == "Fatima" and found["verslaving"].check.recorded_on == MONDAY - timedelta(days=1)
    assert found["klaar"].met is None and found["klaar"].check is None
    assert db.session.scalar(select(func.count(TransitionCheck.id))) == 3  # append-only: the older one stays


def test_a_resent_check_is_one_row_and_the_computed_criterion_cannot_be_recorded(org):
    worker = lnw_worker()
    client_id = "5b1c4a9e-2f0d-4c1a-9d8e-1a2b3c4d5e6f"
    first = transition.record_check(worker, None, "klaar", True, "", MONDAY, client_id)
    db.session.flush()
    again = transition.record_check(worker, None, "klaar", True, "", MONDAY, client_id)
    assert first.id == again.id and db.session.scalar(select(func.count(TransitionCheck.id))) == 1
    with pytest.raises(Refused) as refused:
        transition.record_check(worker, None, "aanwezigheid", True, "", MONDAY)
    assert refused.value.code == "computed"
    with pytest.raises(Refused):
        transition.record_check(worker, None, "weer", True, "", MONDAY)


# --- starting the proefweek -----------------------------------------------------------------------------------

def test_starting_is_refused_outside_loon_naar_werken(org):
    worker = factories.WorkerFactory()
    module, _ = methods.find("gewenning", None)
    enrol(worker, module, None, date(2026, 6, 1), commit=False)
    with pytest.raises(Refused) as refused:
        transition.start_trial(worker, MONDAY, "wil graag")
    assert refused.value.code == "not_lnw"
    with pytest.raises(Refused):
        transition.start_trial(factories.WorkerFactory(), MONDAY, "geen traject")


def test_an_unmet_criterion_refuses_the_start_unless_a_reason_is_given(org):
    lnw, _ = org
    worker = lnw_worker()
    four_good_weeks(worker, lnw)
    transition.record_check(worker, None, "huisvesting", True, "", MONDAY)
    transition.record_check(worker, None, "verslaving", False, "twijfel", MONDAY)
    db.session.flush()
    with pytest.raises(Refused) as refused:
        transition.start_trial(worker, MONDAY)
    assert refused.value.code == "criteria" and refused.value.details["missing"] == ["verslaving", "klaar"]
    assert "Verslaving onder controle" in refused.value.message
    trial = transition.start_trial(worker, MONDAY, "  werkbegeleider staat ervoor in  ")
    db.session.flush()
    assert trial.module.code == "viavia" and trial.phase.number == 1 and trial.start_date == MONDAY
    assert trial.trial_until == MONDAY + timedelta(days=6) and trial.trial_result is None
    assert trial.trial_override == "werkbegeleider staat ervoor in"
    ended = db.session.scalar(select(Enrolment).where(Enrolment.worker_id == worker.id, Enrolment.end_date.is_not(None)))
    assert ended.module.code == "lnw" and ended.end_date == MONDAY
    assert worker.current_enrolment.id == trial.id
    # The same start sent again is the same trial.
    assert transition.start_trial(worker, MONDAY, "werkbegeleider staat ervoor in").id == trial.id
    assert db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.worker_id == worker.id)) == 2


def test_with_every_criterion_met_no_reason_is_needed_and_none_is_kept(org):
    lnw, _ = org
    worker = lnw_worker()
    four_good_weeks(worker, lnw)
    record_all(worker)
    staff = factories.StaffFactory(role="counsellor")
    trial = transition.start_trial(worker, MONDAY, "", staff)
    assert trial.trial_override == "" and trial.trial_until == date(2026, 11, 29) and trial.created_by_id == staff.id


# --- during and after the proefweek ---------------------------------------------------------------------------

def started(org, on=MONDAY):
    lnw, _ = org
    worker = lnw_worker()
    four_good_weeks(worker, lnw)
    record_all(worker)
    trial = transition.start_trial(worker, on)
    db.session.flush()
    return worker, trial


def test_a_tick_is_an_upsert_of_that_day(app, org):
    worker, trial = started(org)
    staff = factories.StaffFactory(role="supervisor")
    app.config["DAGDEEL_NOW"] = "2026-11-25T15:00"
    transition.tick_trial_day(trial, MONDAY, True, True, staff)
    transition.tick_trial_day(trial, MONDAY, True, True, staff)  # replayed: harmless
    transition.tick_trial_day(trial, MONDAY, False, True, staff)  # the last tap of the day counts
    db.session.flush()
    ticks = db.session.scalars(select(TrialDay)).all()
    assert [(t.day, t.sober, t.agreements_kept, t.by_id) for t in ticks] == [(MONDAY, False, True, staff.id)]
    with pytest.raises(Refused) as refused:
        transition.tick_trial_day(trial, date(2026, 11, 26), True, True, staff)
    assert refused.value.code == "future"
    with pytest.raises(Refused) as refused:
        transition.tick_trial_day(trial, MONDAY - timedelta(days=1), True, True, staff)
    assert refused.value.code == "day"


def test_the_summary_counts_dagdelen_from_attendance_and_the_ticks(app, org):
    _, viavia = org
    worker, trial = started(org)
    work(worker, viavia.blocks[0], weekdays(MONDAY, 3))
    work(worker, viavia.blocks[1], [MONDAY])
    app.config["DAGDEEL_NOW"] = "2026-11-25T15:00"
    transition.tick_trial_day(trial, MONDAY, True, True, None)
    transition.tick_trial_day(trial, MONDAY + timedelta(days=1), True, False, None)
    lnw, _ = org
    work(worker, lnw.blocks[0], [MONDAY + timedelta(days=1)])  # a Loon naar Werken day is not part of the trial
    summary = transition.trial_summary(trial, date(2026, 11, 25))
    assert summary.day_number == 3 and not summary.over
    assert summary.attended == 4 and [d.attended for d in summary.days] == [2, 1, 1]
    assert (summary.sober_days, summary.kept_days, len(summary.ticked)) == (2, 1, 2)
    assert transition.trial_summary(trial, date(2026, 12, 3)).day_number == 7


def test_confirming_waits_for_the_last_day_then_via_via_continues(org):
    worker, trial = started(org)
    with pytest.raises(Refused) as refused:
        transition.end_trial(worker, True, MONDAY + timedelta(days=5), None)
    assert refused.value.code == "too_early"
    assert refused.value.message == "Bevestigen kan vanaf de laatste dag van de proefweek (zo 29 nov)."
    transition.end_trial(worker, True, MONDAY + timedelta(days=6), None)
    db.session.flush()
    assert trial.trial_result == "bevestigd" and trial.end_date is None
    assert worker.current_enrolment.module.code == "viavia"
    assert transition.end_trial(worker, True, MONDAY + timedelta(days=7), None).id == trial.id  # resent: harmless
    with pytest.raises(Refused):
        transition.end_trial(worker, False, MONDAY + timedelta(days=7), None)  # no trial runs any more


def test_returning_ends_via_via_and_loon_naar_werken_starts_again(org):
    worker, trial = started(org)
    back_on = MONDAY + timedelta(days=3)
    transition.end_trial(worker, False, back_on, None)
    db.session.flush()
    assert trial.trial_result == "terug" and trial.end_date == back_on
    current = worker.current_enrolment
    assert current.module.code == "lnw" and current.start_date == back_on
    transition.end_trial(worker, False, back_on, None)  # resent: harmless
    assert db.session.scalar(select(func.count(Enrolment.id)).where(Enrolment.worker_id == worker.id)) == 3
    panel = transition.panel(worker, back_on)
    assert panel.criteria and panel.last_trial.id == trial.id and panel.last_result == "terug naar Loon naar Werken"


# --- payouts follow the enrolment -----------------------------------------------------------------------------

def test_paid_as_loon_naar_werken_before_and_as_via_via_in_the_trial_week(org):
    lnw, viavia = org
    worker, _ = started(org)
    thursday = MONDAY - timedelta(days=4)  # the last LnW workday before the proefweek
    lnw_list = payout_queries.lnw_day(thursday)
    assert [(e.worker.id, e.due.premium_cents, e.due.vouchers) for e in lnw_list if e.worker.id == worker.id] == [(worker.id, 600, 1)]
    work(worker, viavia.blocks[0], weekdays(MONDAY, 4))  # four Via Via mornings in the proefweek
    week = payout_queries.viavia_week(week_unit(MONDAY))
    mine = [e for e in week if e.worker.id == worker.id]
    assert len(mine) == 1 and mine[0].due.dagdelen == 4 and mine[0].due.premium_cents == 4 * 300
    assert all(e.worker.id != worker.id for e in payout_queries.lnw_day(MONDAY))  # no LnW day in the trial
    assert all(e.worker.id != worker.id for e in payout_queries.viavia_week(week_unit(thursday)))


# --- the page, the board, roles and the access log ------------------------------------------------------------

def test_the_counsellor_sees_the_criteria_with_evidence_and_records_one(client, auth, org):
    lnw, _ = org
    staff = auth.login("counsellor")
    worker = lnw_worker()
    four_good_weeks(worker, lnw)
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Naar Via Via" in page and "Week 44–47, oudste eerst: 4 · 4 · 4 · 4" in page
    assert page.count("nog niet vastgelegd") == 3 and "Reden om toch te starten" in page
    data = {"criterion": "huisvesting", "met": "1", "note": "kamer bij Het Anker",
            "client_id": "0d5e4c3b-2a19-4876-9a5b-4c3d2e1f0a9b"}
    response = client.post(f"/trajecten/medewerker/{worker.id}/overgang", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("#overgang")
    client.post(f"/trajecten/medewerker/{worker.id}/overgang", data=data)  # a double click
    assert db.session.scalar(select(func.count(TransitionCheck.id))) == 1
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert f"voldaan · ma 23 nov · {staff.name} — kamer bij Het Anker" in page
    assert db.session.scalar(select(func.count(AccessLog.id)).where(AccessLog.action == "transition_check")) == 1


def test_the_panel_says_the_numbers_of_the_rules_in_force(client, auth, org):
    """The criterion and the proefweek are said with the rule modules' numbers, and "Via Via betaalt vanaf N
    dagdelen" with the Via Via payout rule in force this week (effective-dated data, not words in a template)."""
    from webapp.payouts.models import PayoutRule

    auth.login("counsellor")
    worker = lnw_worker()
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Ten minste 4 dagdelen per week" in page and "7 dagen in Via Via fase 1: 4 dagdelen aanwezig" in page
    assert "Via Via betaalt per week, vanaf 4 dagdelen." in page
    db.session.add(PayoutRule(programme="viavia", effective_from=MONDAY, amount_cents=300, min_units=3, max_units=9))
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Via Via betaalt per week, vanaf 3 dagdelen." in page


def test_a_start_without_reason_is_a_422_on_the_page_and_with_one_the_trial_runs(client, auth, org):
    auth.login("counsellor")
    worker = lnw_worker()
    db.session.commit()
    response = client.post(f"/trajecten/medewerker/{worker.id}/proefweek", data={"override_reason": ""})
    assert response.status_code == 422
    assert "Nog niet voldaan" in response.get_data(as_text=True) and "Naar Via Via" in response.get_data(as_text=True)
    # said beside the reason field, which gets the focus (not only at the top of a long page)
    assert re.search(r'id="override-reason"[^>]*aria-invalid="true"[^>]*autofocus>\s*<p class="error" '
                     r'id="override-reason-error" role="alert">Nog niet voldaan', response.get_data(as_text=True))
    response = client.post(f"/trajecten/medewerker/{worker.id}/proefweek", data={"override_reason": "proberen"})
    assert response.status_code == 303
    assert "Proefweek Via Via gestart, tot en met zo 29 nov." in client.get(response.headers["Location"]).get_data(as_text=True)
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Proefweek dag 1 van 7" in page and "Gestart hoewel niet alle criteria voldaan waren: proberen" in page
    assert "Nog niet op het rooster van Via Via." in page
    assert db.session.scalar(select(AccessLog.detail).where(AccessLog.action == "trial_start")).endswith("toch gestart: proberen")


def test_the_supervisor_ticks_a_day_but_neither_records_criteria_nor_decides(app, client, auth, org):
    worker, trial = started(org)
    db.session.commit()
    auth.login("supervisor")
    app.config["DAGDEEL_NOW"] = "2026-11-25T15:00"
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Proefweek dag 3 van 7" in page and "Nuchter, afspraken nagekomen" in page
    assert "Bevestigen: Via Via" not in page and "Proefweek afbreken" not in page
    response = client.post(f"/trajecten/medewerker/{worker.id}/proefweek/dag",
                           data={"datum": "2026-11-24", "sober": "1", "agreements_kept": "1"})
    assert response.status_code == 303
    assert "Proefweek: di 24 nov afgevinkt." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(TrialDay.sober).where(TrialDay.day == date(2026, 11, 24))) is True
    assert client.post(f"/trajecten/medewerker/{worker.id}/proefweek/einde", data={"result": "bevestigd"}).status_code == 403
    assert client.post(f"/trajecten/medewerker/{worker.id}/overgang", data={"criterion": "klaar", "met": "1"}).status_code == 403


def test_the_counsellor_confirms_from_the_last_day(app, client, auth, org):
    worker, trial = started(org)
    db.session.commit()
    auth.login("counsellor")
    app.config["DAGDEEL_NOW"] = "2026-11-26T15:00"
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Bevestigen: Via Via" not in page and "Bevestigen kan vanaf de laatste dag, zo 29 nov." in page
    assert client.post(f"/trajecten/medewerker/{worker.id}/proefweek/einde", data={"result": "bevestigd"}).status_code == 422
    app.config["DAGDEEL_NOW"] = "2026-11-29T12:00"
    assert "Bevestigen: Via Via" in client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert client.post(f"/trajecten/medewerker/{worker.id}/proefweek/einde", data={"result": "bevestigd"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Enrolment, trial.id).trial_result == "bevestigd"
    assert "Naar Via Via" not in client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)


def test_the_via_via_board_notes_the_trial_day_for_an_assistant(app, client, auth, org):
    _, viavia = org
    worker, _ = started(org)
    work(worker, viavia.blocks[0], [MONDAY])
    db.session.commit()
    auth.login("assistant")
    app.config["DAGDEEL_NOW"] = "2026-11-25T09:00"
    set_status(worker.id, date(2026, 11, 25), viavia.blocks[0].id, "aanwezig")
    db.session.commit()
    page = client.get(f"/werkvloer/{viavia.id}?blok={viavia.blocks[0].id}").get_data(as_text=True)
    assert "proefweek dag 3" in page
    assert client.get(f"/trajecten/medewerker/{worker.id}").status_code == 403


def test_the_demo_has_a_worker_ready_for_the_transition_and_one_in_a_proefweek(app):
    from webapp import demo

    app.config["DAGDEEL_NOW"] = "2026-11-25T10:00"  # a Wednesday
    demo.load()
    demo.load()  # idempotent
    ready = db.session.scalar(select(Worker).where(Worker.external_id == "P001"))
    panel = transition.panel(ready, date(2026, 11, 25))
    found = {c.code: c.met for c in panel.criteria}
    assert found == {"huisvesting": True, "verslaving": True, "aanwezigheid": True, "klaar": None}
    assert all(w.count >= 4 for w in panel.criteria[2].evidence.weeks)
    assert "P001" in {r.worker.external_id for r in transition.ready(date(2026, 11, 25))}  # the work list shows it
    trying = db.session.scalar(select(Worker).where(Worker.external_id == "P002"))
    panel = transition.panel(trying, date(2026, 11, 25))
    assert panel.trial.day_number == 3 and panel.trial.attended == 2 and len(panel.trial.ticked) == 2
    assert panel.on_viavia_schedule
    assert db.session.scalar(select(func.count(Worker.id)).where(Worker.external_id.in_(["P001", "P002"]))) == 2


# --- the work list: who is ready for Via Via ------------------------------------------------------------------

def ready_section(page: str) -> str:
    start = page.index('id="ready-h"')
    return page[start:page.index("</section>", start)]


def test_the_work_list_lists_who_meets_the_attendance_criterion_per_filter(client, auth, org):
    lnw, _ = org
    me = auth.login("counsellor")
    colleague = factories.StaffFactory(role="counsellor")
    ready = lnw_worker(first_name="Jeu", last_name="Klaar", counsellor=me)
    four_good_weeks(ready, lnw)
    weak = lnw_worker(first_name="Wim", last_name="Zwak", counsellor=me)
    for week, n in enumerate((5, 4, 3, 4)):
        work(weak, lnw.blocks[0], weekdays(WEEK_44 + timedelta(weeks=week), n))
    theirs = lnw_worker(first_name="Tom", last_name="Anders", counsellor=colleague)
    four_good_weeks(theirs, lnw)
    trying = lnw_worker(first_name="Pia", last_name="Proef", counsellor=me)
    four_good_weeks(trying, lnw)
    record_all(trying)
    transition.start_trial(trying, MONDAY)
    db.session.commit()
    page = ready_section(client.get("/trajecten/werklijst").get_data(as_text=True))
    assert "Klaar voor Via Via" in page and "Jeu Klaar" in page and "aanwezig 4 · 4 · 4 · 4" in page
    assert f'href="/trajecten/medewerker/{ready.id}#overgang"' in page
    assert "Wim Zwak" not in page and "Pia Proef" not in page and "Tom Anders" not in page
    everyone = ready_section(client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True))
    assert "Jeu Klaar" in everyone and "Tom Anders" in everyone and "(2)" in everyone
    assert [r.worker.id for r in transition.ready(MONDAY)] == sorted([ready.id, theirs.id],
                                                                     key=lambda i: db.session.get(Worker, i).display_name)


# --- the proefweek's dagdelen on the Via Via schedule ---------------------------------------------------------

def test_starting_the_trial_puts_the_chosen_dagdelen_on_the_schedule_and_the_worker_on_the_board(app, client, auth, org):
    lnw, viavia = org
    other = factories.WorkshopFactory(name="Fietsen", programme=None, site=lnw.site)
    auth.login("counsellor")
    worker = lnw_worker(first_name="Jeu", last_name="Pelzer")
    four_good_weeks(worker, lnw)
    record_all(worker)
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=other.blocks[0].id, weekday=4))  # kept
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Dagdelen in de proefweek: Via Via" in page and f'value="{viavia.blocks[0].id}:2"' in page
    block = viavia.blocks[0].id
    response = client.post(f"/trajecten/medewerker/{worker.id}/proefweek", data={"slot": [f"{block}:0", f"{block}:2"]})
    assert response.status_code == 303
    assert set(db.session.execute(select(ScheduleSlot.block_id, ScheduleSlot.weekday)
                                  .where(ScheduleSlot.worker_id == worker.id)).all()) == {
        (block, 0), (block, 2), (other.blocks[0].id, 4)}
    assert "Nog niet op het rooster van Via Via." not in client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    app.config["DAGDEEL_NOW"] = "2026-11-25T09:00"  # Wednesday: on the board without anyone marking them first
    floor = app.test_client()
    Auth(floor).login("assistant")
    board = floor.get(f"/werkvloer/{viavia.id}?blok={block}").get_data(as_text=True)
    assert "Jeu Pelzer" in board
    assert "proefweek dag 3" in board


def test_a_bad_dagdeel_refuses_the_start_in_dutch_and_keeps_what_was_typed(client, auth, org):
    lnw, viavia = org
    auth.login("counsellor")
    worker = lnw_worker()
    db.session.commit()
    good = f"{viavia.blocks[0].id}:1"
    for bad in (f"{lnw.blocks[0].id}:1", f"{viavia.blocks[0].id}:7", "ma", "99999999999999999999:1"):
        response = client.post(f"/trajecten/medewerker/{worker.id}/proefweek",
                               data={"slot": [good, bad], "override_reason": "wil het proberen"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, bad
        assert "Kies dagdelen van een werkplaats van Via Via." in page
        assert 'value="wil het proberen"' in page and f'value="{good}" aria-label' in page
        assert page.split(f'value="{good}"')[1].split(">")[0].endswith("checked")
    db.session.expire_all()
    assert db.session.get(Worker, worker.id).current_enrolment.module.code == "lnw"
    assert db.session.scalar(select(func.count()).select_from(ScheduleSlot)) == 0


def test_a_worker_already_on_the_via_via_schedule_keeps_it(client, auth, org):
    lnw, viavia = org
    auth.login("counsellor")
    worker = lnw_worker()
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=viavia.blocks[0].id, weekday=3))
    db.session.commit()
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Staat al op het rooster van Via Via; dat rooster blijft." in page and "Dagdelen in de proefweek" not in page
    assert client.post(f"/trajecten/medewerker/{worker.id}/proefweek", data={"override_reason": "x"}).status_code == 303
    assert db.session.execute(select(ScheduleSlot.block_id, ScheduleSlot.weekday)).all() == [(viavia.blocks[0].id, 3)]


# --- after the proefweek's last day, until the counsellor decides ---------------------------------------------

def test_after_the_last_day_the_board_the_panel_and_the_work_list_say_a_decision_is_due(app, client, auth, org):
    _, viavia = org
    worker, trial = started(org)
    db.session.add(ScheduleSlot(worker_id=worker.id, block_id=viavia.blocks[0].id, weekday=0))
    db.session.commit()
    assert transition.trial_day(trial, date(2026, 11, 29)) == 7
    assert transition.trial_day(trial, date(2026, 11, 30)) is None
    assert not transition.trial_awaits_decision(trial, date(2026, 11, 29))
    assert transition.trial_awaits_decision(trial, date(2026, 11, 30))
    app.config["DAGDEEL_NOW"] = "2026-11-30T09:00"  # the Monday after
    floor = app.test_client()
    Auth(floor).login("assistant")
    board = floor.get(f"/werkvloer/{viavia.id}?blok={viavia.blocks[0].id}").get_data(as_text=True)
    assert "proefweek voorbij — besluit nodig" in board and "proefweek dag" not in board
    auth.login("counsellor")
    page = client.get(f"/trajecten/medewerker/{worker.id}").get_data(as_text=True)
    assert "Proefweek voorbij — besluit nodig" in page and "Proefweek dag 7" not in page and "Bevestigen: Via Via" in page
    work_list = client.get("/trajecten/werklijst?filter=alles").get_data(as_text=True)
    item = work_list[work_list.index('due-what">Proefweek'):][:400]  # an overdue item: late, and why
    assert "1 dag te laat" in item and "proefweek Via Via voorbij — besluit nodig (laatste dag 29 nov)" in item
    assert '<li class="due overdue">' in work_list
    app.config["DAGDEEL_NOW"] = "2026-11-30T10:00"
    transition.end_trial(db.session.get(Worker, worker.id), True, date(2026, 11, 30), None)
    db.session.commit()
    assert not transition.trial_awaits_decision(db.session.get(Enrolment, trial.id), date(2026, 11, 30))
    board = floor.get(f"/werkvloer/{viavia.id}?blok={viavia.blocks[0].id}").get_data(as_text=True)
    assert "proefweek" not in board


# --- the bus: a worker in a running proefweek rides first -----------------------------------------------------

def test_on_the_bus_a_running_proefweek_rides_first_with_its_reason(app, org):
    from webapp.rounds import queries as rounds

    worker, trial = started(org)  # from Monday 23 Nov to Sunday 29 Nov; 16 worked days in 4 weeks
    busy = factories.WorkerFactory()
    wednesday = date(2026, 11, 25)
    pickup = factories.RoundFactory(date=wednesday, bus=factories.BusFactory(seats=1))
    for minute, who in enumerate((busy, worker)):  # the worker in the trial signs up last, and worked far more days
        factories.SignUpFactory(round=pickup, worker=who, shelter_id=pickup.stops[0].shelter_id,
                                signed_up_at=datetime(2026, 11, 25, 7, minute, tzinfo=timezone.utc))
    db.session.flush()
    assert rounds.ranks([worker.id], wednesday)[worker.id].startswith("0")
    assert rounds.ranks([worker.id], date(2026, 11, 30))[worker.id].startswith("1")  # past its last day
    choices = rounds.proposal(pickup)
    assert choices[0].rides and pickup.signups[1].id == choices[0].signup_id
    assert "proefweek Via Via" in choices[0].reason and not choices[1].rides
    transition.end_trial(db.session.get(Worker, worker.id), False, wednesday, None)  # back to Loon naar Werken
    db.session.flush()
    assert rounds.ranks([worker.id], wednesday)[worker.id].startswith("1")


def test_a_start_before_the_current_module_names_its_start_as_the_app_writes_days(org):
    worker = lnw_worker()
    module, _ = methods.find("viavia", None)
    with pytest.raises(Refused) as refused:
        enrol(worker, module, None, date(2026, 5, 1), commit=False)
    assert refused.value.message == "De startdatum ligt vóór de start van de huidige module (ma 1 jun)."
