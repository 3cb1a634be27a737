"""Every POST route, walked: each is @idempotent (a resent write changes nothing) or named here as not queued."""
from datetime import date, time
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from webapp.attendance.operations import set_status
from webapp.extensions import db
from webapp.offline.queueable import is_idempotent
from webapp.offline.replay import HEADER
from webapp.payouts import operations as payouts
from webapp.workers.models import Agreement

from . import factories

MONDAY = date(2026, 11, 23)
UUID = "5d3c1e0a-7b2f-4c8e-9a61-2f0e4b7d9c13"
OK = {"uitkering": True, "postadres": True, "ingeschreven": True}

# Written straight to the server, never through the phone's queue: each with the reason.
NOT_QUEUED = {
    "auth.login": "signing in: there is no session to queue for yet",
    "auth.logout": "ends the session; the phone sends or discards its queue first",
    "auth.set_language": "a setting of one's own account, chosen from the menu online; the page reloads in it",
    "auth.staff_create": "Beheer: an admin form at the office, online only",
    "auth.staff_edit": "Beheer: an admin form at the office, online only",
    "org.edit": "Beheer: an admin form at the office, online only",
    "payouts.rule_list": "Beheer: a new version of a payout rule, online only",
    "rounds.plan": "planning rounds ahead, at the office",
    "workers.create": "the worker form with a photo upload, at the office",
    "workers.edit": "the worker form with a photo upload, at the office",
    "workers.enrol": "a trajectory change by a counsellor, at the office",
    "trajectory.intake": "the intake conversation, sensitive, at the office and never in the phone's queue; its form's client_id keeps a resubmit to one intake",
    "trajectory.review": "an evaluatiegesprek, at the office and never in the phone's queue; its form's client_id keeps a resubmit to one review",
    "trajectory.follow_up_done": "a counsellor's nazorg tick on the trajectory page, which is never kept offline; ticking twice changes nothing",
    "workers.schedule": "the weekly schedule, replaced as a whole at the office",
    "workers.import_preview": "a CSV upload: checked, then confirmed, online",
    "workers.import_confirm": "a CSV upload: checked, then confirmed, online",
    "attendance.import_preview": "a CSV upload: checked, then confirmed, online",
    "attendance.import_confirm": "a CSV upload: checked, then confirmed, online",
    "trajectory.transition_check": "a counsellor's form on the trajectory page, never cached offline; a resent form "
                                   "is one check (its client id)",
    "trajectory.trial_start": "a counsellor's form on the trajectory page, never cached offline; a resent form "
                              "returns the trial it started",
    "trajectory.trial_tick": "the proefweek tick is on the trajectory page, never cached offline (sensitive); it is "
                             "an upsert of that day, so a resent tap changes nothing",
    "trajectory.trial_end": "a counsellor's decision on the trajectory page, never cached offline; the same ending "
                            "sent again changes nothing",
    "trajectory.domain": "a life domain's situation, status and goals: sensitive, an office form never queued or "
                         "cached offline; its form's client_id keeps a resubmit to one version",
    "trajectory.action_add": "a life-domain action point: sensitive, an office form never queued or cached offline; "
                             "its form's client_id keeps a resubmit to one action point",
    "trajectory.action_done": "ticking a life-domain action point done, on a page never cached offline; ticking "
                              "twice changes nothing (done stays done, and its client_id)",
    "trajectory.action_edit": "changing a life-domain action point: sensitive, an office form never queued or cached "
                              "offline; its form's client_id keeps a resubmit to one version",
    "trajectory.action_reopen": "reopening a done action point, on a page never cached offline; reopening twice "
                                "changes nothing (open stays open, and its client_id)",
    "trajectory.discussed": "the overleg's 'besproken', at the team meeting, never queued offline; its form's "
                            "client_id keeps a resubmit to one mark",
    "trajectory.checklist_start": "a checklist is sensitive and never in the phone's queue; its form's client_id "
                                  "opens one session however often it is sent",
    "trajectory.checklist_staff": "the supervisor's scores, sensitive, never queued; submitted once, a resend changes "
                                  "nothing",
    "trajectory.checklist_handover": "hands the phone to the worker: a state of this browser session, online only",
    "trajectory.checklist_worker": "the worker's tap on one item, sensitive, never queued; an upsert of that item",
    "trajectory.checklist_worker_submit": "the worker hands in, never queued; handing in twice changes nothing",
    "trajectory.checklist_unlock": "a password check, never queued (and rate-limited)",
    "trajectory.checklist_paper": "paper scores typed in at the office, never queued; submitted once",
    "trajectory.buddy": "a counsellor's form on the trajectory page, never cached offline; its form's client_id "
                        "keeps a resubmit to one werkmaatje",
    "trajectory.buddy_end": "ending a werkmaatje on the trajectory page, never cached offline; ending twice changes "
                            "nothing",
    "trajectory.placement": "a counsellor's form on the trajectory page, never cached offline; its form's client_id "
                            "keeps a resubmit to one werkervaringsplaats",
    "trajectory.placement_end": "ending a werkervaringsplaats on the trajectory page, never cached offline; ending "
                                "twice changes nothing",
    "trajectory.zrm": "a ZRM assessment, an office form never queued or cached offline; its form's client_id keeps "
                      "a resubmit to one assessment",
    "trajectory.ladder": "an entered Participatieladder rung, an office form never queued; its form's client_id keeps "
                         "a resubmit to one entry",
    "trajectory.meeting": "a meeting with outside parties, an office form never queued; its form's client_id keeps a "
                          "resubmit to one meeting",
    "trajectory.training_plan": "planning a series at the office, online only; its form's client_id keeps a resubmit "
                                "to one series",
    "trajectory.training_move": "moving a session on the series page, at the office, online only; a resend moves it to "
    "the same day again, which changes nothing",
    "trajectory.training_join": "a late joiner added on the series page, online only; a resend finds them joined",
    "trajectory.learning_goal": "learning goals on the series page, at the office, never queued; its form's client_id "
                                "keeps a resubmit to one version",
    "trajectory.checklist_goal": "an agreed goal on the gap view, never queued; its form's client_id keeps a resend "
                                 "to one goal",
    "offline.sync": "the queue's batch itself: each entry is dispatched to its own @idempotent route (its case "
                    "above), replayed below through the batch too",
    "trajectory.checklist_goal_done": "'afgerond' on an agreed goal, on the trajectory page (never cached offline); "
                                      "marking it twice changes nothing (done stays done, with its first who and when)",
}


def _org():
    lnw = factories.WorkshopFactory(name="Loon naar Werken", programme="lnw", blocks=[("werkdag", time(10), time(14))])
    viavia = factories.WorkshopFactory(name="Via Via", programme="viavia")
    return lnw, viavia


def _round(**signup):
    lnw, _ = _org()
    pickup = factories.RoundFactory(date=MONDAY)
    worker = factories.WorkerFactory(**OK)
    signed = factories.SignUpFactory(round=pickup, worker=worker, shelter_id=pickup.stops[0].shelter_id, **signup)
    return pickup, signed


def mark(staff):
    _, viavia = _org()
    worker = factories.WorkerFactory()
    return f"/werkvloer/{viavia.id}/markeren", {"worker_id": worker.id, "status": "aanwezig",
                                                "blok": viavia.blocks[0].id, "datum": MONDAY.isoformat()}


def undo_mark(staff):
    """The undo of a wrong tap: the same route, back to 'nog niet afgetekend'."""
    url, data = mark(staff)
    set_status(data["worker_id"], MONDAY, data["blok"], "aanwezig")
    return url, {**data, "status": "open"}


def no_shows(staff):
    _, viavia = _org()
    worker = factories.WorkerFactory()
    return f"/werkvloer/{viavia.id}/kort-op-de-man?datum={MONDAY}", {"worker_id": worker.id, "text": "gebeld, komt morgen"}


def count(staff):
    box = factories.CashBoxFactory(staff=staff, date=MONDAY)
    return f"/uitbetaling/kas/{box.id}/begin", {"amount": "50", "vouchers": "3"}


def sign_off(staff):
    box = factories.CashBoxFactory(staff=staff, date=MONDAY, opening_cents=5000, vouchers_taken=0, counted_cents=5000,
                                   vouchers_returned=0)
    return f"/uitbetaling/kas/{box.id}/aftekenen", {}


def grant(staff):
    lnw, _ = _org()
    worker = factories.WorkerFactory()
    set_status(worker.id, MONDAY, lnw.blocks[0].id, "vroeg_weg", note="tandarts")
    return "/uitbetaling/lnw/toestaan", {"worker_id": worker.id, "datum": MONDAY.isoformat(), "reason": "was afgesproken"}


def pay(staff):
    lnw, _ = _org()
    worker = factories.WorkerFactory()
    set_status(worker.id, MONDAY, lnw.blocks[0].id, "aanwezig")
    return "/uitbetaling/betalen", {"worker_id": worker.id, "programme": "lnw", "unit": MONDAY.isoformat(),
                                    "voucher_type": "maaltijd"}


def reverse(staff):
    line = factories.LedgerLineFactory(unit=MONDAY.isoformat(), unit_date=MONDAY,
                                       cash_box=factories.CashBoxFactory(staff=staff, date=MONDAY))
    return f"/uitbetaling/regel/{line.id}/terugboeken", {"reason": "dubbel betaald"}


def start(staff):
    factories.BusFactory()
    factories.ShelterFactory()
    return "/ronde/start", {}


def decide(staff):
    pickup, signed = _round()
    return f"/ronde/{pickup.id}/keuze", {"rides": [signed.id]}


def board_by_worker(staff):
    pickup, signed = _round()
    return f"/ronde/{pickup.id}/instappen", {"worker_id": signed.worker_id, "boarded": "1"}


def board(staff):
    pickup, signed = _round()
    return f"/ronde/{pickup.id}/aanmeldingen/{signed.id}/instappen", {"boarded": "1"}


def board_stop(staff):
    pickup, signed = _round()
    other = factories.SignUpFactory(round=pickup, worker=factories.WorkerFactory(**OK), shelter_id=signed.shelter_id)
    return f"/ronde/{pickup.id}/stops/{signed.shelter_id}/instappen", {"signup": [signed.id, other.id]}


def arrive(staff):
    pickup, signed = _round(boarded_at=payouts.clock.now())
    return f"/ronde/{pickup.id}/aankomst", {"present": [signed.id]}


def resolve(staff):
    pickup, signed = _round(boarded_at=payouts.clock.now())
    other = factories.RoundFactory(date=MONDAY)
    signed.conflict_round_id, signed.conflict_boarded_at = other.id, payouts.clock.now()
    return f"/ronde/{pickup.id}/aanmeldingen/{signed.id}/dubbel", {"rode": other.id}


def sign_up(staff):
    pickup, _ = _round()
    worker = factories.WorkerFactory(**OK)
    return f"/ronde/{pickup.id}/aanmelden", {"worker_id": worker.id, "shelter_id": pickup.stops[1].shelter_id}


def first_timer(staff):
    pickup, _ = _round()
    return f"/ronde/{pickup.id}/nieuw", {"shelter_id": pickup.stops[0].shelter_id, "name": "Nieuwe Nel",
                                         "uitkering": "1", "postadres": "1", "ingeschreven": "1"}


def withdraw(staff):
    pickup, signed = _round()
    return f"/ronde/{pickup.id}/aanmeldingen/{signed.id}/intrekken", {}


def add_agreement(staff):
    worker = factories.WorkerFactory()
    return f"/medewerkers/{worker.id}/afspraken", {"text": "Geen voorschot: uitbetaling om 14:00."}


def end_agreement(staff):
    worker = factories.WorkerFactory()
    agreement = Agreement(worker_id=worker.id, text="rijdt mee", rides_bus=True)
    db.session.add(agreement)
    db.session.flush()
    return f"/medewerkers/{worker.id}/afspraken/{agreement.id}/einde", {}


def add_incident(staff):
    worker = factories.WorkerFactory()
    return f"/medewerkers/{worker.id}/incidenten", {"text": "Vroeg om een voorschot."}


def set_active(staff):
    worker = factories.WorkerFactory()
    return f"/medewerkers/{worker.id}/actief", {"active": "0"}


def training_mark(staff):
    from webapp.trajectory import catalogue, training

    catalogue.load_all()
    template = next(t for t in training.templates() if t.code == "weer-aan-het-werk")
    worker = factories.WorkerFactory()
    series = training.plan(template, training.weekly(MONDAY, template.sessions), [worker.id], staff,
                           trainer_name="Trainer")
    return f"/trajecten/trainingen/sessie/{series.sessions[0].id}/markeren", {"worker_id": worker.id,
                                                                              "status": "aanwezig"}


def training_clear(staff):
    """A session mark taken back with the board menu's 'nog niet afgetekend': the same route, status open."""
    from webapp.trajectory import training

    url, data = training_mark(staff)
    session = training.session_or_404(int(url.split("/")[-2]))
    training.set_status(session, data["worker_id"], "aanwezig", staff, MONDAY)
    return url, {**data, "status": "open"}


def offline_view(staff):
    lnw, _ = _org()
    worker = factories.WorkerFactory()
    return "/offline/bekeken", {"page": f"/werkvloer/{lnw.id}", "worker": [worker.id]}


# Every route the phone may queue (by its URL rule), with valid data for one write.
QUEUED = {
    "/werkvloer/<int:workshop_id>/markeren": mark,
    "/werkvloer/<int:workshop_id>/kort-op-de-man": no_shows,
    "/uitbetaling/kas/<int:box_id>/<any(begin, tellen):step>": count,
    "/uitbetaling/kas/<int:box_id>/aftekenen": sign_off,
    "/uitbetaling/lnw/toestaan": grant,
    "/uitbetaling/betalen": pay,
    "/uitbetaling/regel/<int:line_id>/terugboeken": reverse,
    "/ronde/start": start,
    "/ronde/<int:round_id>/keuze": decide,
    "/ronde/<int:round_id>/instappen": board_by_worker,
    "/ronde/<int:round_id>/aanmeldingen/<int:signup_id>/instappen": board,
    "/ronde/<int:round_id>/stops/<int:shelter_id>/instappen": board_stop,
    "/ronde/<int:round_id>/aankomst": arrive,
    "/ronde/<int:round_id>/aanmeldingen/<int:signup_id>/dubbel": resolve,
    "/ronde/<int:round_id>/aanmelden": sign_up,
    "/ronde/<int:round_id>/nieuw": first_timer,
    "/ronde/<int:round_id>/aanmeldingen/<int:signup_id>/intrekken": withdraw,
    "/medewerkers/<int:worker_id>/afspraken": add_agreement,
    "/medewerkers/<int:worker_id>/afspraken/<int:agreement_id>/einde": end_agreement,
    "/medewerkers/<int:worker_id>/incidenten": add_incident,
    "/medewerkers/<int:worker_id>/actief": set_active,
    "/trajecten/trainingen/sessie/<int:session_id>/markeren": training_mark,
    "/offline/bekeken": offline_view,
}


def post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def test_every_post_route_is_idempotent_or_named_as_not_queued(app):
    """A route added later fails here until it is @idempotent (with a case below) or listed with a reason."""
    for rule in post_rules(app):
        if rule.endpoint in NOT_QUEUED:
            assert not is_idempotent(app, rule.endpoint), f"{rule.endpoint} is @idempotent: give it a case in QUEUED"
        else:
            assert is_idempotent(app, rule.endpoint), f"{rule.rule} ({rule.endpoint}) is neither @idempotent nor NOT_QUEUED"
            assert rule.rule in QUEUED, f"{rule.rule} has no replay case in QUEUED"
    assert set(QUEUED) == {r.rule for r in post_rules(app) if r.endpoint not in NOT_QUEUED}  # no stale cases


def snapshot() -> dict:
    """Every row of every table, as committed."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(select(t)).all())) for t in db.metadata.sorted_tables}


# Writes of their own on a route that has its case above, replayed the same way.
ALSO = {"undo of a tap: /werkvloer/<int:workshop_id>/markeren with status open": undo_mark,
        "a session mark taken back: /trajecten/trainingen/sessie/<int:session_id>/markeren with status open": training_clear}


def _case(app, auth, rule) -> tuple[str, dict]:
    """A queueable write's URL and form, on Monday afternoon, as a logged-in supervisor."""
    app.config["DAGDEEL_NOW"] = f"{MONDAY.isoformat()}T14:05"
    payouts.ensure_default_rules()
    staff = auth.login("supervisor")
    url, data = {**QUEUED, **ALSO}[rule](staff)
    db.session.commit()
    return url, data


@pytest.mark.parametrize("rule", sorted(QUEUED) + sorted(ALSO))
def test_a_write_sent_twice_with_one_client_id_happens_once(app, client, auth, rule):
    """The tap, then the queue sending it again (its answer was lost): one change, both answers name the UUID."""
    url, data = _case(app, auth, rule)
    before = snapshot()
    first = client.post(url, data={**data, "client_id": UUID, "device_at": "2026-11-23T13:00:00Z"},
                        headers={"HX-Request": "true"})
    assert first.status_code < 300 and first.headers.get(HEADER) == UUID, first.get_data(as_text=True)[:500]
    applied = snapshot()
    assert applied != before, "the first send changed nothing: the case's data is not a valid write"
    again = client.post(url, data={**data, "client_id": UUID, "device_at": "2026-11-23T13:05:00Z", "offline": "1"},
                        headers={"Dagdeel-Replay": "1"})
    assert again.status_code == 200 and again.headers.get(HEADER) == UUID
    assert snapshot() == applied


@pytest.mark.parametrize("rule", sorted(QUEUED) + sorted(ALSO))
def test_a_write_sent_twice_in_a_batch_happens_once(app, client, auth, rule):
    """The same write through the queue's batch (POST /offline/sync), sent again because the batch's answer was
    lost: one change, both answers name the UUID."""
    url, data = _case(app, auth, rule)
    before = snapshot()
    entry = {"id": UUID, "url": url, "body": urlencode({**data, "client_id": UUID, "offline": "1",
                                                        "device_at": "2026-11-23T13:00:00Z"}, doseq=True)}
    answers = []
    for _ in range(2):
        response = client.post("/offline/sync", json={"entries": [entry]}, headers={"Dagdeel-Replay": "1"})
        answers.append(response.get_json()["results"][0])
        if len(answers) == 1:
            applied = snapshot()
    assert [a.get("applied") for a in answers] == [UUID, UUID], answers
    assert applied != before, "the first send changed nothing: the case's data is not a valid write"
    assert snapshot() == applied
