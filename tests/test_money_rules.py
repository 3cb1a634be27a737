"""Rules a request cannot bend: device times inside a window, offline duplicates only when the phone could not
have known, and an assistant's attendance only for the day of the tap."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from webapp.attendance.models import Attendance, AttendanceChange
from webapp.extensions import db
from webapp.payouts.models import LedgerLine

from . import factories
from .test_payouts import MONDAY, org, pay  # noqa: F401  (the org fixture: Monday 14:05, lnw 10:00–14:00)

TUESDAY = MONDAY + timedelta(days=1)


def mark(client, org, worker, status="aanwezig", day=MONDAY, **extra):
    return client.post(f"/werkvloer/{org['lnw'].workshop_id}/markeren", headers={"HX-Request": "true"},
                       data={"worker_id": worker.id, "status": status, "datum": day.isoformat(), "blok": org["lnw"].id,
                             "reason": "ziek" if status == "afwezig_bericht" else "", **extra})


def utc(day: date, hh: int, mm: int) -> datetime:
    """A local (Amsterdam, winter) time as the aware UTC moment a phone sends."""
    return datetime(day.year, day.month, day.day, hh - 1, mm, tzinfo=timezone.utc)


def record(worker) -> Attendance:
    db.session.expire_all()
    return db.session.scalar(select(Attendance).where(Attendance.worker_id == worker.id))


# -- device times on the work floor


def test_a_device_time_of_2099_does_not_freeze_the_record(org, client, auth, app):
    worker = factories.WorkerFactory()
    auth.login("supervisor")
    assert mark(client, org, worker, device_at="2099-01-01T08:00:00Z").status_code == 200
    assert record(worker).device_at == utc(MONDAY, 14, 5)  # the server's time, not 2099
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:10"
    assert mark(client, org, worker, "afwezig_bericht", device_at=utc(MONDAY, 14, 9).isoformat()).status_code == 200
    assert record(worker).status == "afwezig_bericht"
    notes = [c.note for c in db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id))]
    assert "apparaattijd 2099-01-01 08:00 UTC niet geloofd; servertijd gebruikt" in notes[0] and "niet geloofd" not in notes[1]


def test_a_2099_device_time_stored_before_the_window_does_not_freeze_the_record_either(org, client, auth, app):
    worker = factories.WorkerFactory()
    auth.login("supervisor")
    assert mark(client, org, worker).status_code == 200
    db.session.execute(Attendance.__table__.update().values(device_at=datetime(2099, 1, 1, tzinfo=timezone.utc)))
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-23T14:10"
    assert mark(client, org, worker, "afwezig_bericht", device_at=utc(MONDAY, 14, 9).isoformat()).status_code == 200
    assert record(worker).status == "afwezig_bericht"


def test_a_tap_at_1020_synced_at_1022_keeps_1020_and_an_older_tap_synced_later_does_not_win(org, client, auth, app):
    worker = factories.WorkerFactory()
    app.config["DAGDEEL_NOW"] = "2026-11-23T10:22"
    auth.login("assistant")
    assert mark(client, org, worker, "te_laat", device_at=utc(MONDAY, 10, 20).isoformat(), at_time="10:20").status_code == 200
    assert record(worker).device_at == utc(MONDAY, 10, 20)
    # a phone that was offline since 10:10 sends its older tap now: kept in the history, does not win
    assert mark(client, org, worker, "afwezig_bericht", device_at=utc(MONDAY, 10, 10).isoformat()).status_code == 200
    assert record(worker).status == "te_laat"
    changes = db.session.scalars(select(AttendanceChange).order_by(AttendanceChange.id)).all()
    assert [(c.new_status, c.applied, c.device_at) for c in changes] == [
        ("te_laat", True, utc(MONDAY, 10, 20)), ("afwezig_bericht", False, utc(MONDAY, 10, 10))]


def test_a_device_time_older_than_the_window_is_the_servers_time_and_says_so(org, client, auth, app, monkeypatch):
    worker = factories.WorkerFactory()
    monkeypatch.setitem(app.config, "DEVICE_TIME_WINDOW_HOURS", 2)
    auth.login("supervisor")
    assert mark(client, org, worker, device_at=utc(MONDAY, 11, 0).isoformat()).status_code == 200
    assert record(worker).device_at == utc(MONDAY, 14, 5)
    assert "niet geloofd" in db.session.scalar(select(AttendanceChange.note))


# -- offline duplicates


def test_an_online_phone_cannot_forge_an_offline_duplicate(org, client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    mark_worked(org, worker)
    auth.login("assistant")
    assert pay(client, worker).status_code == 200
    for forged in ({"offline": "1"}, {"offline": "1", "device_at": utc(MONDAY, 14, 5).isoformat()},
                   {"offline": "1", "device_at": "2099-01-01T00:00:00Z"}, {"offline": "1", "device_at": "kapot"}):
        refused = pay(client, worker, **forged)
        assert refused.status_code == 422 and "is al betaald door" in refused.get_data(as_text=True)
    assert [l.duplicate for l in db.session.scalars(select(LedgerLine))] == [False]


def test_a_genuine_earlier_offline_tap_is_kept_as_a_flagged_duplicate_at_its_time(org, client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    mark_worked(org, worker)
    auth.login("assistant")
    assert pay(client, worker, device_at=utc(MONDAY, 14, 3).isoformat()).status_code == 200
    assert pay(client, worker, offline="1", device_at=utc(MONDAY, 14, 1).isoformat()).status_code == 200
    lines = db.session.scalars(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [(l.duplicate, l.device_at) for l in lines] == [(False, utc(MONDAY, 14, 3)), (True, utc(MONDAY, 14, 1))]


def test_one_phone_cannot_add_a_second_flagged_duplicate_of_one_unit(org, client, auth):
    """A made-up earlier device time gets one flagged duplicate at most per staff member and unit (visible in
    the cash check); a second is refused. Another assistant's genuine offline payout is still kept."""
    worker = factories.WorkerFactory()
    db.session.commit()
    mark_worked(org, worker)
    auth.login("assistant")
    assert pay(client, worker, device_at=utc(MONDAY, 14, 3).isoformat()).status_code == 200
    assert pay(client, worker, offline="1", device_at=utc(MONDAY, 14, 1).isoformat()).status_code == 200
    again = pay(client, worker, offline="1", device_at=utc(MONDAY, 14, 2).isoformat())
    assert again.status_code == 422 and "al eens dubbel betaald" in again.get_data(as_text=True)
    client.post("/uitloggen")
    auth.login("assistant")
    assert pay(client, worker, offline="1", device_at=utc(MONDAY, 14, 2).isoformat()).status_code == 200
    duplicates = db.session.scalars(select(LedgerLine).where(LedgerLine.duplicate.is_(True))).all()
    assert len(duplicates) == 2 and len({line.paid_by_id for line in duplicates}) == 2


def mark_worked(org, worker, day=MONDAY):
    from webapp.attendance.operations import set_status

    set_status(worker.id, day, org["lnw"].id, "aanwezig")
    db.session.commit()


# -- an assistant's attendance: the day of the tap only


def test_an_assistant_cannot_mark_yesterday_and_pay_it_at_once(org, client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-24T14:05"
    auth.login("assistant")
    refused = mark(client, org, worker, day=MONDAY)
    assert refused.status_code == 422
    assert "Alleen vandaag. Een andere dag wijzigt een werkbegeleider." in refused.get_data(as_text=True)
    assert record(worker) is None
    not_paid = pay(client, worker)
    assert not_paid.status_code == 422 and "Geen aanwezigheid" in not_paid.get_data(as_text=True)
    # and a device time claiming yesterday does not help once it lies outside the window
    assert mark(client, org, worker, day=MONDAY, device_at=utc(MONDAY, 9, 50).isoformat()).status_code == 422


def test_an_offline_morning_synced_after_midnight_still_counts(org, client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-24T00:30"
    auth.login("assistant")
    assert mark(client, org, worker, day=MONDAY, device_at=utc(MONDAY, 9, 50).isoformat()).status_code == 200
    assert record(worker).status == "aanwezig" and record(worker).date == MONDAY


def test_an_offline_morning_synced_in_the_evening_counts(org, client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-23T21:00"
    auth.login("assistant")
    assert mark(client, org, worker, device_at=utc(MONDAY, 9, 50).isoformat()).status_code == 200


def test_a_supervisor_may_change_yesterday_and_the_history_shows_who(org, client, auth, app):
    worker = factories.WorkerFactory()
    db.session.commit()
    app.config["DAGDEEL_NOW"] = "2026-11-24T09:00"
    supervisor = auth.login("supervisor", name="Ria Werkbegeleider")
    response = mark(client, org, worker, day=MONDAY)
    assert response.status_code == 200 and "gewijzigd door Ria" in response.get_data(as_text=True)
    change = db.session.scalar(select(AttendanceChange))
    assert change.changed_by_id == supervisor.id and record(worker).updated_by_id == supervisor.id
    page = client.get(f"/werkvloer/{org['lnw'].workshop_id}?datum={MONDAY.isoformat()}").get_data(as_text=True)
    assert "gewijzigd door Ria" in page
    for week in (f"/werkvloer/{org['lnw'].workshop_id}/week", f"/werkvloer/medewerker/{worker.id}/week"):
        assert "door Ria Werkbegeleider, " in client.get(f"{week}?datum={MONDAY.isoformat()}").get_data(as_text=True)


def test_a_bad_date_on_a_tap_is_a_dutch_422(org, client, auth):
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("supervisor")
    for bad in ("9999-12-31", "2026-02-30", "gisteren"):
        response = mark(client, org, worker, day=MONDAY, datum=bad)
        assert response.status_code == 422, bad
    assert record(worker) is None


def test_a_tap_naming_another_workshops_dagdeel_is_refused_not_moved(org, client, auth):
    """A tap on the Via Via board that names the Loon naar Werken block is refused; it never lands on a
    Via Via dagdeel the phone did not mean."""
    worker = factories.WorkerFactory()
    db.session.commit()
    auth.login("supervisor")
    answer = client.post(f"/werkvloer/{org['morning'].workshop_id}/markeren", headers={"HX-Request": "true"},
                         data={"worker_id": worker.id, "status": "aanwezig", "datum": MONDAY.isoformat(), "blok": org["lnw"].id})
    assert answer.status_code == 422 and "hoort niet bij" in answer.get_data(as_text=True)
    assert record(worker) is None
