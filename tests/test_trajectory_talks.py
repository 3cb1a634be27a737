"""Intake, evaluatiegesprekken and the end of a trajectory: operations without HTTP, then the pages."""
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from webapp.audit.models import AccessLog
from webapp.errors import Refused
from webapp.extensions import db
from webapp.trajectory import catalogue as methods
from webapp.trajectory.models import Enrolment, FollowUp, Intake, PlanVersion, Review
from webapp.trajectory.operations import end_trajectory, enrol, follow_up_done, hold_review, record_intake
from webapp.workers.models import Agreement

from . import factories

START = date(2026, 9, 1)
TALK = date(2026, 10, 5)


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def enrolled(code="gewenning", phase=None, start=START, **worker):
    person = factories.WorkerFactory(**worker)
    db.session.flush()
    module, found_phase = methods.find(code, phase)
    enrol(person, module, found_phase, start)
    return person


def review(person, by, outcome, **kwargs):
    kwargs = {"present": ["worker", "counsellor"], "summary": "Gaat goed.", "attention_points": "",
              "goals": "", "agreements": "", **kwargs}
    return hold_review(person, by, kwargs.pop("held_on", TALK), kwargs.pop("present"), kwargs.pop("summary"),
                       kwargs.pop("attention_points"), kwargs.pop("goals"), kwargs.pop("agreements"), outcome, **kwargs)


def current(person) -> Enrolment:
    return db.session.scalar(select(Enrolment).where(Enrolment.worker_id == person.id, Enrolment.end_date.is_(None)))


@pytest.fixture
def counsellor(app, catalogue):
    app.config["DAGDEEL_NOW"] = "2026-12-07T10:00"
    staff = factories.StaffFactory(role="counsellor", name="Fatima")
    db.session.commit()
    return staff


# --- intake ---

def test_an_intake_becomes_the_plan_and_clears_the_flag_once_per_form(counsellor):
    person = factories.WorkerFactory(intake_pending=True)
    db.session.commit()
    fields = {"motivation": "Wil weer ritme.", "diagnosis": "ADHD", "attention_points": "Op tijd komen",
              "goals": "Drie ochtenden per week"}
    client_id = str(uuid.uuid4())
    first = record_intake(person, counsellor, TALK, fields, client_id)
    again = record_intake(person, counsellor, TALK, fields, client_id)
    assert first.id == again.id and count(Intake, worker_id=person.id) == 1
    assert not person.intake_pending and first.diagnosis == "ADHD"
    plan = db.session.scalar(select(PlanVersion).where(PlanVersion.worker_id == person.id))
    assert (plan.source, plan.attention_points, plan.goals, plan.set_on) == ("intake", "Op tijd komen", "Drie ochtenden per week", TALK)
    assert count(PlanVersion, worker_id=person.id) == 1
    record_intake(person, counsellor, TALK, {"motivation": "Tweede gesprek, niets over het plan."}, str(uuid.uuid4()))
    assert count(PlanVersion, worker_id=person.id) == 1  # an intake without aandachtspunten or doelen keeps the plan
    log = db.session.scalars(select(AccessLog.detail).where(AccessLog.worker_id == person.id, AccessLog.action == "intake")).all()
    assert log == ["intake 2026-10-05"] * 2  # never the sensitive text itself


# --- reviews: each outcome moves the trajectory in one step ---

@pytest.mark.parametrize("code, phase, outcome, kwargs, expect", [
    ("gewenning", None, "verlengen", {"months": 1}, ("gewenning", None, 1, None)),
    ("gewenning", None, "verlengen", {"months": 12}, ("gewenning", None, 12, None)),
    ("viavia", 1, "volgende_fase", {}, ("viavia", 2, 0, None)),
    ("viavia", 3, "volgende_fase", {}, ("viavia", 4, 0, None)),
    ("gewenning", None, "andere_module", {"module": "algemeen"}, ("algemeen", None, 0, None)),
    ("viavia", 2, "andere_module", {"module": "viavia", "phase": 1}, ("viavia", 1, 0, None)),
    ("algemeen", None, "uitstroom", {"outflow_code": "regulier_werk", "note": "Bij de gemeente"}, (None, None, 0, "regulier_werk")),
    ("lnw", None, "uitstroom", {"outflow_code": "gestopt"}, (None, None, 0, "gestopt")),
])
def test_each_outcome(counsellor, code, phase, outcome, kwargs, expect):
    person = enrolled(code, phase)
    before = current(person)
    if "module" in kwargs:
        kwargs["module"], kwargs["phase"] = methods.find(kwargs["module"], kwargs.pop("phase", None))
    held = review(person, counsellor, outcome, **kwargs)
    assert held.enrolment_id == before.id and held.outcome == outcome
    module, phase_number, extension, exit_code = expect
    now = current(person)
    if module is None:
        assert now is None
        db.session.refresh(before)
        assert (before.end_date, before.outcome) == (TALK, exit_code)
        return
    assert (now.module.code, now.phase.number if now.phase and len(now.module.phases) > 1 else None) == (module, phase_number)
    assert now.extension_months == extension
    if now.id != before.id:
        db.session.refresh(before)
        assert before.end_date == TALK and now.start_date == TALK


def test_a_positive_exit_gets_nazorg_3_and_6_months_later_and_a_negative_one_none(counsellor):
    good, gone = enrolled("algemeen", start=date(2026, 3, 2)), enrolled("algemeen", start=date(2026, 3, 2))
    end_trajectory(good, date(2026, 8, 31), "regulier_werk", "")
    end_trajectory(gone, date(2026, 8, 31), "gestopt", "")
    dues = db.session.scalars(select(FollowUp.due_on).where(FollowUp.worker_id == good.id).order_by(FollowUp.due_on)).all()
    assert dues == [date(2026, 11, 30), date(2027, 2, 28)]
    assert count(FollowUp, worker_id=gone.id) == 0


@pytest.mark.parametrize("code, phase, outcome, kwargs, refusal", [
    ("viavia", 4, "volgende_fase", {}, "last_phase"),
    ("gewenning", None, "volgende_fase", {}, "last_phase"),
    ("gewenning", None, "verlengen", {"months": 0}, "months"),
    ("gewenning", None, "verlengen", {"months": 13}, "months"),
    ("gewenning", None, "verlengen", {}, "months"),
    ("gewenning", None, "andere_module", {"module": "gewenning"}, "same_module"),
    ("gewenning", None, "andere_module", {}, "module"),
    ("gewenning", None, "uitstroom", {"outflow_code": "op_vakantie"}, "outflow_code"),
    ("gewenning", None, "uitstroom", {}, "outflow_code"),
    ("gewenning", None, "weet_niet", {}, "outcome"),
    ("gewenning", None, "verlengen", {"months": 1, "held_on": date(2026, 8, 1)}, "date"),
    ("gewenning", None, "verlengen", {"months": 1, "held_on": date(2099, 1, 5)}, "date"),
])
def test_a_refused_review_saves_nothing(counsellor, code, phase, outcome, kwargs, refusal):
    person = enrolled(code, phase)
    db.session.commit()
    if "module" in kwargs:
        kwargs["module"], kwargs["phase"] = methods.find(kwargs["module"], None)
    with pytest.raises(Refused) as refused:
        review(person, counsellor, outcome, agreements="Komt op tijd", goals="Nieuw doel", **kwargs)
    assert refused.value.code == refusal
    db.session.expire_all()
    assert count(Review) == count(Agreement) == count(PlanVersion) == count(FollowUp) == 0
    assert count(Enrolment, worker_id=person.id) == 1 and current(person).extension_months == 0


def test_no_review_and_no_end_without_an_enrolment(counsellor):
    person = factories.WorkerFactory()
    db.session.commit()
    with pytest.raises(Refused) as refused:
        review(person, counsellor, "verlengen", months=1)
    assert refused.value.code == "no_enrolment"
    with pytest.raises(Refused) as refused:
        end_trajectory(person, TALK, "regulier_werk", "")
    assert refused.value.code == "no_enrolment"


def test_a_review_sent_twice_is_applied_once(counsellor):
    person = enrolled("gewenning")
    client_id = str(uuid.uuid4())
    first = review(person, counsellor, "verlengen", months=1, agreements="Belt af voor 9 uur\n\nKomt nuchter",
                   attention_points="Op tijd", client_id=client_id)
    again = review(person, counsellor, "verlengen", months=1, agreements="Belt af voor 9 uur\n\nKomt nuchter",
                   attention_points="Op tijd", client_id=client_id)
    assert first.id == again.id and count(Review) == 1
    assert current(person).extension_months == 1
    assert sorted(db.session.scalars(select(Agreement.text)).all()) == ["Belt af voor 9 uur", "Komt nuchter"]
    assert count(PlanVersion) == 1


@pytest.mark.parametrize("outcome, kwargs", [("verlengen", {"months": 1}), ("volgende_fase", {})])
def test_the_same_review_sent_again_from_a_fresh_form_is_applied_once(counsellor, outcome, kwargs):
    """The phone's back button after saving brings the review form back filled in, from a fresh page (a new form
    id): saved again, it is the same conversation. It extends the phase once, moves it on once, and its agreements
    are on the card once."""
    person = enrolled("viavia", 1)
    first = review(person, counsellor, outcome, agreements="Belt af voor 9 uur", client_id=str(uuid.uuid4()), **kwargs)
    again = review(person, counsellor, outcome, agreements="Belt af voor 9 uur", client_id=str(uuid.uuid4()), **kwargs)
    assert first.id == again.id and count(Review) == 1 and count(Agreement) == 1
    assert current(person).phase.number == (1 if outcome == "verlengen" else 2)
    assert current(person).extension_months == (1 if outcome == "verlengen" else 0)
    other = review(person, counsellor, "verlengen", months=1, summary="Tweede gesprek, andere dag.",
                   held_on=date(2026, 11, 2), client_id=str(uuid.uuid4()))
    assert other.id != first.id and count(Review) == 2  # another conversation is another review


def test_a_late_extension_says_where_the_phase_now_ends(counsellor, client, auth):
    """Extended "by a month" long after its planned end, a phase runs a month from the talk (schedule.extension_for):
    the review history names that end, the one "Wat komt eraan" shows, not the missed end plus a month."""
    person = enrolled("gewenning", start=date(2026, 3, 11))  # Arbeidsgewenning: 2 months, ended 11 may
    review(person, counsellor, "verlengen", months=1, held_on=date(2026, 11, 23), client_id=str(uuid.uuid4()))
    assert current(person).extension_months == 8  # to 11 jan: the first month-day a month past the talk
    auth.login("counsellor")
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Verlengd met 1 maand, tot ma 11 jan 2027" in page and "tot do 11 jun" not in page


def test_the_plan_gets_a_new_version_only_when_it_changes(counsellor):
    person = enrolled("gewenning")
    review(person, counsellor, "verlengen", months=1, attention_points="Op tijd", goals="3 dagen")
    review(person, counsellor, "verlengen", months=1, attention_points="Op tijd", goals="3 dagen", held_on=date(2026, 11, 2))
    review(person, counsellor, "verlengen", months=1, attention_points="Op tijd", goals="4 dagen", held_on=date(2026, 12, 1))
    goals = db.session.scalars(select(PlanVersion.goals).order_by(PlanVersion.id)).all()
    assert goals == ["3 dagen", "4 dagen"] and current(person).extension_months == 3


def test_the_proefweek_outcome_starts_the_trial(counsellor):
    transition = pytest.importorskip("webapp.trajectory.transition")
    assert transition.start_trial
    person = enrolled("lnw")
    review(person, counsellor, "proefweek", note="Wil het proberen, woont sinds kort in De Boei.")
    now = current(person)
    assert now.module.code == "viavia" and now.trial_until == date(2026, 10, 11)


def test_a_nazorg_contact_is_ticked_once(counsellor):
    person = enrolled("algemeen")
    end_trajectory(person, TALK, "vrijwilligerswerk", "")
    first = db.session.scalars(select(FollowUp).order_by(FollowUp.due_on)).first()
    follow_up_done(first, counsellor, date(2027, 1, 6), "Werkt nog, blij.")
    follow_up_done(first, counsellor, date(2027, 1, 9), "")
    assert (first.done_on, first.note, first.done_by_id) == (date(2027, 1, 6), "Werkt nog, blij.", counsellor.id)


# --- pages ---

def test_the_counsellor_holds_a_review_on_the_page_and_sees_it(client, auth, catalogue, app):
    app.config["DAGDEEL_NOW"] = "2026-10-05T11:00"
    staff = auth.login("counsellor", name="Fatima")
    person = enrolled("gewenning", first_name="Bas")
    db.session.commit()
    form = client.get(f"/trajecten/medewerker/{person.id}/evaluatie").get_data(as_text=True)
    assert 'value="2026-10-05"' in form and "Proefweek Via Via" in form and "Regulier werk" in form
    data = {"date": "2026-10-05", "present": ["worker", "counsellor"], "summary": "Went goed, nog wat onrustig.",
            "attention_points": "Op tijd komen", "goals": "", "agreements": "Belt af voor 9 uur", "outcome": "verlengen",
            "months": "1", "module_phase": "", "outflow_code": "", "note": "", "client_id": str(uuid.uuid4())}
    response = client.post(f"/trajecten/medewerker/{person.id}/evaluatie", data=data)
    assert response.status_code == 302
    again = client.post(f"/trajecten/medewerker/{person.id}/evaluatie", data=data)  # the back button, resubmitted
    assert again.status_code == 302 and count(Review) == 1 and count(Agreement) == 1
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Verlengd met 1 maand, tot di 1 dec" in page and "Went goed, nog wat onrustig." in page
    assert "met medewerker, trajectbegeleider" in page and "Op tijd komen" in page
    card = client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert "Belt af voor 9 uur" in card
    assert staff.id == db.session.scalar(select(Review.by_id))


def test_bad_review_input_is_a_422_with_dutch_messages_and_nothing_typed_lost(client, auth, catalogue):
    auth.login("counsellor")
    person = enrolled("viavia", 4)
    db.session.commit()
    url = f"/trajecten/medewerker/{person.id}/evaluatie"
    base = {"date": "2026-10-05", "summary": "Een lang verhaal over de week", "agreements": "Komt nuchter"}
    cases = [({"outcome": "verlengen", "months": "0"}, "Verlengen kan met 1 tot 12 maanden."),
             ({"outcome": "verlengen", "months": ""}, "Hoeveel maanden verlengen?"),
             ({"outcome": "uitstroom", "outflow_code": ""}, "Kies een reden van uitstroom."),
             ({"outcome": "andere_module", "module_phase": "x:y"}, "Kies de module waar het traject verder gaat."),
             ({}, "Kies een uitkomst van het gesprek."),
             ({"outcome": "volgende_fase"}, "heeft geen volgende fase"),
             ({"outcome": "verlengen", "months": "1", "date": "2026-02-30"}, "Geef de datum van het gesprek")]
    for extra, message in cases:
        response = client.post(url, data={**base, **extra})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html, (extra, html[:3000])
        assert "Een lang verhaal over de week" in html and "Komt nuchter" in html
    assert count(Review) == count(Agreement) == 0


def test_the_intake_page_clears_the_badge_and_the_card_says_when_and_by_whom(client, auth, catalogue, app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    auth.login("counsellor", name="Fatima")
    person = factories.WorkerFactory(intake_pending=True, first_name="Nieuw")
    db.session.commit()
    card = client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert f'href="/trajecten/medewerker/{person.id}/intake"' in card and "nieuw — intake vandaag" in card
    form = client.get(f"/trajecten/medewerker/{person.id}/intake").get_data(as_text=True)
    assert "Alleen voor trajectbegeleiders" in form
    for bad in ("", "2026-11-24", "31-11-2026"):  # none, tomorrow, not a date
        refused = client.post(f"/trajecten/medewerker/{person.id}/intake", data={"date": bad, "wishes": "Koken"})
        assert refused.status_code == 422 and "Koken" in refused.get_data(as_text=True), bad
    response = client.post(f"/trajecten/medewerker/{person.id}/intake",
                           data={"date": "2026-11-23", "motivation": "Wil weer wat doen.", "diagnosis": "Schizofrenie",
                                 "goals": "Elke ochtend komen", "client_id": str(uuid.uuid4())})
    assert response.status_code == 302 and response.headers["Location"] == f"/trajecten/medewerker/{person.id}"
    card = client.get(f"/medewerkers/{person.id}").get_data(as_text=True)
    assert "nieuw — intake vandaag" not in card and "intake op ma 23 nov door Fatima" in card
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Schizofrenie" in page and "Elke ochtend komen" in page


def test_the_cards_intake_badge_says_since_when_an_intake_is_late(client, auth, catalogue, app):
    """"nieuw — intake vandaag" is for the first working day; two weeks later the card says the intake has not
    been held yet, since that first day (the work list's due date)."""
    from webapp.attendance.operations import set_status

    app.config["DAGDEEL_NOW"] = "2026-11-23T10:00"
    auth.login("counsellor")
    block = factories.WorkshopFactory().blocks[0]
    late = factories.WorkerFactory(intake_pending=True)
    db.session.flush()
    set_status(late.id, date(2026, 11, 9), block.id, "aanwezig")
    fresh = factories.WorkerFactory(intake_pending=True)
    db.session.commit()
    card = client.get(f"/medewerkers/{late.id}").get_data(as_text=True)
    assert "intake nog niet gehouden · sinds ma 9 nov" in card and "intake vandaag" not in card
    assert "nieuw — intake vandaag" in client.get(f"/medewerkers/{fresh.id}").get_data(as_text=True)


def test_opening_the_intake_again_amends_the_one_held_and_loses_none_of_it(client, auth, catalogue, app):
    """A second tap on "Intake" is not a blank form that would replace the first: it is the intake held, its date
    and every answer (the counsellor-only ones too) filled in, to amend; the earlier version is kept."""
    app.config["DAGDEEL_NOW"] = "2026-11-25T10:00"
    auth.login("counsellor", name="Fatima")
    person = factories.WorkerFactory(intake_pending=True, first_name="Mieke")
    db.session.commit()
    client.post(f"/trajecten/medewerker/{person.id}/intake",
                data={"date": "2026-11-23", "motivation": "Wil weer wat doen.", "diagnosis": "Schizofrenie",
                      "admissions": "Twee keer, 2019", "client_id": str(uuid.uuid4())})
    form = client.get(f"/trajecten/medewerker/{person.id}/intake").get_data(as_text=True)
    assert "De intake van ma 23 nov door Fatima" in form and "Intake bijwerken" in form
    assert 'value="2026-11-23"' in form and "\nWil weer wat doen.</textarea>" in form
    assert "\nSchizofrenie</textarea>" in form and "\nTwee keer, 2019</textarea>" in form
    response = client.post(f"/trajecten/medewerker/{person.id}/intake",
                           data={"date": "2026-11-23", "motivation": "Wil weer wat doen, liefst buiten.",
                                 "diagnosis": "Schizofrenie", "admissions": "Twee keer, 2019",
                                 "client_id": str(uuid.uuid4())})
    assert response.status_code == 302
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "liefst buiten" in page and "Schizofrenie" in page and "Twee keer, 2019" in page
    assert count(Intake, worker_id=person.id) == 2  # the first version is kept
    assert "Intake bijwerken" in page


def test_a_supervisors_trajectory_page_never_holds_the_sensitive_intake_fields(client, auth, catalogue):
    counsellor = factories.StaffFactory(role="counsellor")
    person = enrolled("gewenning")
    record_intake(person, counsellor, TALK, {"motivation": "Wil structuur.", "diagnosis": "Borderline",
                                             "addiction": "Cocaïne", "admissions": "Mondriaan 2019"})
    auth.login("supervisor")
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Wil structuur." in page
    for secret in ("Borderline", "Cocaïne", "Mondriaan 2019", "Alleen voor trajectbegeleiders"):
        assert secret not in page
    assert f"/trajecten/medewerker/{person.id}/intake" not in page


def test_the_outflow_section_ticks_off_nazorg(client, auth, catalogue):
    auth.login("counsellor")
    person = enrolled("algemeen", start=date(2026, 3, 2))
    end_trajectory(person, date(2026, 8, 31), "regulier_werk", "Schoonmaker bij de gemeente")
    page = client.get(f"/trajecten/medewerker/{person.id}").get_data(as_text=True)
    assert "Regulier werk" in page and "positief" in page and "Schoonmaker bij de gemeente" in page
    first = db.session.scalars(select(FollowUp).order_by(FollowUp.due_on)).first()
    response = client.post(f"/trajecten/nazorg/{first.id}/gedaan")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FollowUp, first.id).done_on is not None
    assert client.post("/trajecten/nazorg/999999/gedaan").status_code == 404


def test_the_conversation_pages_are_never_kept_for_offline_use(client, auth, catalogue):
    auth.login("counsellor")
    person = enrolled("gewenning")
    db.session.commit()
    for path in (f"/trajecten/medewerker/{person.id}", f"/trajecten/medewerker/{person.id}/intake",
                 f"/trajecten/medewerker/{person.id}/evaluatie"):
        response = client.get(path)
        assert response.status_code == 200 and "Dagdeel-Offline" not in response.headers, path


def test_the_counsellors_own_forms_answer_malformed_input_below_500(client, auth, catalogue):
    """The route fuzz walks as supervisor, assistant and admin; the counsellor-only forms get the same variants here."""
    from .test_route_fuzz import FRESH, parameter_names, variants

    auth.login("counsellor")
    person, gone = enrolled("viavia", 4), enrolled("algemeen", start=date(2026, 3, 2))
    end_trajectory(gone, date(2026, 8, 31), "opleiding", "")
    follow_up = db.session.scalars(select(FollowUp)).first()
    paths = [f"/trajecten/medewerker/{person.id}/intake", f"/trajecten/medewerker/{person.id}/evaluatie",
             f"/trajecten/nazorg/{follow_up.id}/gedaan"]
    for path in paths:
        for label, params in variants(parameter_names(), {"date": "2026-10-05", "client_id": FRESH}):
            if params.get("client_id") == FRESH:
                params = {**params, "client_id": str(uuid.uuid4())}
            response = client.post(path, data=params)
            english = response.status_code >= 400 and "<html lang=en>" in response.get_data(as_text=True)
            assert response.status_code < 500 and not english, (path, label, response.status_code)


def test_months_that_cannot_be_read_say_so_once_beside_the_field(client, auth, catalogue):
    auth.login("counsellor")
    person = enrolled("viavia", 4)
    db.session.commit()
    for months in ("abc", "13"):
        html = client.post(f"/trajecten/medewerker/{person.id}/evaluatie",
                           data={"date": "2026-10-05", "outcome": "verlengen", "months": months}).get_data(as_text=True)
        field = html[html.index('id="months-error"'):]
        field = field[:field.index("</p>")]
        assert field.count("Verlengen kan met 1 tot 12 maanden.") == 1, field
