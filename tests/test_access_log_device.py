"""The access log says from which device and on whose behalf (NEN 7513: "vanaf welk apparaat", "namens wie")."""
from datetime import date

from sqlalchemy import select

from webapp.audit.models import AccessLog
from webapp.extensions import db
from webapp.trajectory import checklists
from webapp.trajectory.checklist_views import FROM_PAPER, IN_TURN

from . import factories
from .test_checklists import enrolled, form, instrument_of

PHONE = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
         "Mobile Safari/537.36")


def newest(action: str) -> AccessLog:
    return db.session.scalar(select(AccessLog).where(AccessLog.action == action).order_by(AccessLog.id.desc()))


def test_a_line_keeps_the_device_and_the_log_names_it(client, auth):
    worker = factories.WorkerFactory()
    auth.login("assistant")
    client.get(f"/medewerkers/{worker.id}", headers={"User-Agent": PHONE})
    line = newest("view")
    assert line.device == PHONE and line.on_behalf == ""
    client.post("/uitloggen")
    auth.login("admin")
    page = client.get("/beheer/logboek").get_data(as_text=True)
    assert "Chrome Mobile 130 · Android 10" in page


def test_the_worker_acting_in_their_turn_and_paper_scores_say_on_whose_behalf(client, auth, catalogue, app):
    staff = auth.login("supervisor")
    person = enrolled("gewenning")
    sitting = checklists.start(person, staff, instrument_of("gewenning"), date(2026, 11, 2), None)
    checklists.submit_supervisor(sitting, staff, {i.name: 2 for i in sitting.version.items})
    client.post(f"/trajecten/checklist/{sitting.id}/geef-door")
    client.post(f"/trajecten/checklist/{sitting.id}/medewerker/1", data={"score": "3"})
    assert newest("checklist_score").on_behalf == IN_TURN  # the worker scored, on Ruud's session
    client.post(f"/trajecten/checklist/{sitting.id}/terug", data={"password": factories.PASSWORD})
    assert newest("checklist_unlock").on_behalf == ""  # the password is the staff member's own act
    assert client.get(f"/medewerkers/{person.id}").status_code == 200
    assert newest("view").on_behalf == ""  # the turn is over

    other = enrolled("gewenning")
    paper = checklists.start(other, staff, instrument_of("gewenning"), date(2026, 11, 2), None)
    names = [i.name for i in paper.version.items]
    client.post(f"/trajecten/checklist/{paper.id}/begeleider", data=form(paper, {n: 3 for n in names}))
    assert newest("checklist_score").on_behalf == ""  # the supervisor's own scores
    client.post(f"/trajecten/checklist/{paper.id}/papier", data=form(paper, {n: 1 for n in names}))
    assert newest("checklist_score").on_behalf == FROM_PAPER
    client.post("/uitloggen")
    auth.login("counsellor")
    report = client.get(f"/medewerkers/{other.id}/inzage").get_data(as_text=True)
    assert FROM_PAPER in report
