"""The demo organisation, the trajectory catalogue, and the append-only access log."""
import re

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from webapp import clock, demo
from webapp.attendance.models import Attendance
from webapp.payouts.models import LedgerLine
from webapp.audit.models import AccessLog
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.org.models import Bus, Shelter, Workshop
from webapp.trajectory.models import Method, Module, Phase
from webapp.workers.models import ScheduleSlot, Worker

from . import factories

TABLES = (Staff, Workshop, Shelter, Bus, Worker, Module, Phase)


def _counts():
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def test_demo_has_the_programmes_shelters_bus_and_workers(runner):
    """One load of the demo (seconds: a year of history) for what it must hold: the programmes, shelters, bus and
    workers; Relim's Assemblage with "een veertigtal medewerkers" every weekday morning; and, explored in the
    morning, a Loon naar Werken day still to pay (the last workday's)."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    lnw = db.session.scalar(select(Workshop).where(Workshop.name == "Loon naar Werken"))
    viavia = db.session.scalar(select(Workshop).where(Workshop.name == "Via Via"))
    assert [b.label for b in lnw.blocks] == ["werkdag 10:00–14:00"]
    assert [b.label for b in viavia.blocks] == ["ochtend 08:00–12:00", "middag 12:30–16:30"]
    counts = _counts()
    active = db.session.scalar(select(func.count(Worker.id)).where(Worker.active.is_(True)))
    assert counts["Shelter"] == 4 and counts["Bus"] == 2 and 90 <= active <= 105
    assert counts["Worker"] - active == 62  # former workers: 59 of the outflow demo, N001 of the talks demo, D901-2 of the work list
    assert set(db.session.scalars(select(Bus.seats))) == {8}
    assert {s.role for s in db.session.scalars(select(Staff))} == {"assistant", "supervisor", "counsellor", "admin"}
    modules = {w.current_enrolment.module.code for w in db.session.scalars(select(Worker).where(Worker.active))}
    assert modules == {"lnw", "viavia", "gewenning", "algemeen", "orientatie", "specifiek", "balans", "workforce",
                       "kow", "wezm"}  # kow: Kim and Sam (Kansen op werk); wezm: Z001 near her phase 1 maximum

    morning = db.session.scalar(select(Workshop).where(Workshop.name == "Assemblage")).blocks[0]
    per_day = [db.session.scalar(select(func.count()).select_from(ScheduleSlot)
                                 .where(ScheduleSlot.block_id == morning.id, ScheduleSlot.weekday == d)) for d in range(5)]
    assert all(36 <= n <= 42 for n in per_day), per_day
    peters = db.session.scalars(select(Worker).where(Worker.roepnaam == "Door", Worker.last_name == "Peters")).all()
    assert len(peters) >= 2  # namesakes on purpose: the lists tell them apart by number

    lnw_days = db.session.scalars(select(Attendance.date).where(Attendance.block_id == lnw.blocks[0].id,
                                                                Attendance.date < clock.today())).all()
    assert lnw_days and db.session.scalar(select(func.count()).select_from(LedgerLine)) == 0


def test_demo_twice_changes_nothing_and_reset_starts_afresh(runner):
    runner.invoke(args=["demo"])
    before = _counts()
    names = db.session.scalars(select(Worker.first_name).order_by(Worker.external_id)).all()
    runner.invoke(args=["demo"])
    assert _counts() == before
    assert db.session.scalars(select(Worker.first_name).order_by(Worker.external_id)).all() == names

    factories.WorkerFactory(first_name="Weg", last_name="Ermee")
    db.session.commit()
    result = runner.invoke(args=["demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert _counts() == before
    assert db.session.scalar(select(Worker).where(Worker.first_name == "Weg")) is None


def test_demo_accounts_log_in(client, app):
    demo.load()
    from .conftest import csrf_token

    for email, password, role, _ in demo.ACCOUNTS:
        response = client.post("/inloggen", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
        assert response.status_code == 302, email
        client.post("/uitloggen")


def test_relim_catalogue_has_modules_and_via_via_phases(catalogue):
    relim = db.session.scalar(select(Method.id).where(Method.code == "relim"))  # other method files load beside it
    codes = db.session.scalars(select(Module.code).where(Module.method_id == relim).order_by(Module.position)).all()
    assert codes == ["gewenning", "orientatie", "algemeen", "balans", "specifiek", "workforce", "lnw", "viavia"]
    viavia = db.session.scalar(select(Module).where(Module.code == "viavia"))
    assert [(p.number, p.name, p.duration_months) for p in viavia.phases] == [
        (1, "Gewenning", 3), (2, "Aanpassing", 3), (3, "Verantwoordelijkheid", 3), (4, "Volharding", 3)]


def test_access_log_cannot_be_changed_or_deleted(app):
    db.session.add(AccessLog(action="view"))
    db.session.commit()
    line = db.session.scalar(select(AccessLog))
    line.action = "iets anders"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AccessLog)))
    with pytest.raises(PermissionError):
        db.session.commit()


@pytest.mark.parametrize("statement", ["UPDATE access_log SET action = 'niets'", "DELETE FROM access_log"])
def test_the_database_itself_refuses_changing_or_deleting_the_access_log(app, statement):
    """Plain SQL from any client is refused by the database's own trigger, not only by the ORM."""
    db.session.add(AccessLog(action="view"))
    db.session.commit()
    db.session.remove()
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert db.session.scalar(select(AccessLog.action)) == "view"


def test_admin_pages_and_filters_the_access_log(client, auth):
    marco = factories.WorkerFactory(first_name="Marco")
    ingrid = factories.WorkerFactory(first_name="Ingrid")
    db.session.commit()
    reader = auth.login("assistant")
    client.get(f"/medewerkers/{marco.id}")
    client.get(f"/medewerkers/{ingrid.id}")
    client.post("/uitloggen")
    auth.login("admin")
    page = client.get("/beheer/logboek?worker=Marco&action=view").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "1 regels" in page and reader.name in rows and "Marco" in rows and "Ingrid" not in rows
    whole = client.get("/beheer/logboek", query_string={"worker": f"Marco {marco.last_name}", "action": "view"})
    assert "1 regels" in whole.get_data(as_text=True)  # the full name finds him too
    page = client.get(f"/beheer/logboek?staff={reader.id}").get_data(as_text=True)
    # login, the worker list the token was read from (one line per person shown: Marco, Ingrid), two views, logout
    assert "6 regels" in page
    select_box = page.split('id="f-action"')[1].split("</select>")[0]
    words = re.findall(r'<option value="\w+" ?>([^<]+)</option>', select_box)
    assert len(words) >= 3 and words == sorted(words, key=str.lower), words  # the filter reads in the order of its words
