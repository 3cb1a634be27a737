"""The phone's queue in one round trip (POST /offline/sync): each entry applied as a single write would be."""
import uuid
from datetime import date, time
from urllib.parse import parse_qsl, urlencode

import pytest
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from webapp.attendance.models import Attendance, AttendanceChange
from webapp.extensions import db
from webapp.offline import batch as batch_module
from webapp.offline.models import AppliedWrite
from webapp.workers.models import Agreement

from . import factories
from .test_replay_walk import snapshot

MONDAY = date(2026, 11, 23)
SYNC = "/offline/sync"


def entry(url: str, **data) -> dict:
    """A queue entry as outbox.js sends it: its UUID, its URL and its form, urlencoded, with that UUID."""
    client_id = str(uuid.uuid4())
    body = urlencode({**data, "client_id": client_id, "device_at": "2026-11-23T08:00:00Z", "offline": "1"}, doseq=True)
    return {"id": client_id, "url": url, "body": body}


def sync(client, entries: list[dict]):
    return client.post(SYNC, json={"entries": entries}, headers={"Dagdeel-Replay": "1"})


def send_queue(client, queue: list[dict]) -> list[str]:
    """What outbox.js does with its queue: chunks of at most 50 in order; the entries a batch did not attempt (it
    answers within half the phone's wait) go in the next; a kept one ends the flush."""
    done = []
    while queue:
        answers = outcomes(sync(client, queue[:batch_module.MAX_ENTRIES]))
        attempted = [a for a in answers if a != "not attempted"]
        done += attempted
        queue = queue[len(attempted):]
        if not attempted or attempted[-1] == "kept":
            break
    return done


def outcomes(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [r["outcome"] for r in response.get_json()["results"]]


@pytest.fixture
def floor(app, auth):
    """A supervisor logged in at 09:30 on a Monday, the Via Via board and one worker."""
    app.config["DAGDEEL_NOW"] = f"{MONDAY.isoformat()}T09:30"
    auth.login("supervisor")
    workshop = factories.WorkshopFactory(name="Via Via", programme="viavia", blocks=[("ochtend", time(9), time(12))])
    worker = factories.WorkerFactory()
    db.session.commit()

    def mark(status: str, who=None) -> dict:
        return entry(f"/werkvloer/{workshop.id}/markeren", worker_id=(who or worker).id, status=status,
                     blok=workshop.blocks[0].id, datum=MONDAY.isoformat())

    mark.worker = worker
    return mark


def status_of(worker) -> str:
    return db.session.scalar(select(Attendance.status).where(Attendance.worker_id == worker.id))


def agreements(worker) -> list[str]:
    return sorted(db.session.scalars(select(Agreement.text).where(Agreement.worker_id == worker.id)))


def test_a_batch_is_applied_in_order_and_names_each_entry_applied(client, floor):
    """Three taps on one person made offline: the last one counts, each is one change, each answer names its UUID."""
    taps = [floor("aanwezig"), floor("te_laat"), floor("afwezig_bericht")]
    response = sync(client, taps)
    assert outcomes(response) == ["applied"] * 3
    assert [r["applied"] for r in response.get_json()["results"]] == [t["id"] for t in taps]
    assert status_of(floor.worker) == "afwezig_bericht"
    assert db.session.scalar(select(func.count(AttendanceChange.id))) == 3


def test_the_same_batch_sent_twice_changes_nothing_the_second_time(client, floor):
    """The answer to a batch was lost: the phone sends it again, and every entry is recognised as applied."""
    taps = [floor("aanwezig"), entry(f"/medewerkers/{floor.worker.id}/afspraken", text="Om 14:00 uitbetalen.")]
    assert outcomes(sync(client, taps)) == ["applied", "applied"]
    applied = snapshot()
    again = sync(client, taps)
    assert outcomes(again) == ["applied", "applied"]
    assert [r["applied"] for r in again.get_json()["results"]] == [t["id"] for t in taps]
    assert snapshot() == applied


def test_an_entry_that_names_no_queueable_write_is_refused_alone(client, floor):
    """An unknown address, a write the queue may not take, another site and an entry without its UUID are each
    refused with a Dutch reason; the taps around them are applied."""
    unguarded = floor("te_laat")
    unguarded["body"] = unguarded["body"].replace(f"client_id={unguarded['id']}", "client_id=")
    wrong = [entry("/bestaat-niet"), entry("/medewerkers/nieuw", first_name="Nel"), entry("https://evil.example/x"),
             unguarded]
    response = sync(client, [floor("aanwezig"), *wrong, floor("afwezig_bericht")])
    results = response.get_json()["results"]
    assert outcomes(response) == ["applied", "refused", "refused", "refused", "refused", "applied"]
    assert [r["status"] for r in results[1:5]] == [404, 422, 404, 422]
    assert results[1]["reason"] == "Deze actie bestaat niet (meer)."
    assert results[2]["reason"] == "Deze actie kan niet via de wachtrij: doe hem opnieuw op het scherm."
    assert results[4]["reason"] == "Ongeldige actie-id: vernieuw de pagina."
    assert status_of(floor.worker) == "afwezig_bericht"


def test_a_refusal_carries_the_text_the_single_write_shows(client, floor):
    """A tap the view refuses (a dagdeel of another workshop) comes back with the reason of its role="alert" element."""
    other = factories.WorkshopFactory(name="Houtwerkplaats", programme="viavia")
    db.session.commit()
    tap = floor("aanwezig")
    tap["body"] = tap["body"].replace("blok=", f"blok={other.blocks[0].id}&x=")
    single = client.post(tap["url"], data=dict(parse_qsl(tap["body"])), headers={"Dagdeel-Replay": "1"})
    assert single.status_code == 422
    result = sync(client, [tap]).get_json()["results"][0]
    assert result["outcome"] == "refused" and result["status"] == 422
    assert result["reason"] == "Dit dagdeel hoort niet bij Via Via; vernieuw de pagina."
    assert result["reason"] in single.get_data(as_text=True)


def test_a_failing_entry_stops_the_batch_so_the_order_holds(client, floor, monkeypatch):
    """A 5xx on the second entry: it and everything after it stay queued (not attempted), nothing after it applied."""
    dispatch, calls = batch_module.dispatch, []

    def failing_second(app, path, query, body):
        calls.append(path)
        return Response("storing", 503) if len(calls) == 2 else dispatch(app, path, query, body)

    monkeypatch.setattr(batch_module, "dispatch", failing_second)
    response = sync(client, [floor("aanwezig"), floor("te_laat"), floor("afwezig_bericht")])
    assert outcomes(response) == ["applied", "kept", "not attempted"]
    assert len(calls) == 2 and status_of(floor.worker) == "aanwezig"


def test_a_batch_cut_off_half_way_and_sent_again_loses_and_doubles_nothing(client, floor, monkeypatch):
    """A morning of 100 notes sent in chunks of 50; the connection breaks after the server applied 40 and the
    answer is lost. The phone sends the whole queue again: every note is there exactly once."""
    queue = [entry(f"/medewerkers/{floor.worker.id}/afspraken", text=f"afspraak {i:03}") for i in range(100)]
    dispatch, calls = batch_module.dispatch, []

    def breaks_after_40(app, path, query, body):
        calls.append(path)
        if len(calls) > 40:
            raise ConnectionResetError("the bus left the cell")
        return dispatch(app, path, query, body)

    monkeypatch.setattr(batch_module, "dispatch", breaks_after_40)
    with pytest.raises(ConnectionResetError):
        sync(client, queue[:50])
    assert len(agreements(floor.worker)) == 40
    monkeypatch.setattr(batch_module, "dispatch", dispatch)
    assert send_queue(client, queue) == ["applied"] * 100
    assert agreements(floor.worker) == [f"afspraak {i:03}" for i in range(100)]
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 100


def test_a_batch_answers_in_time_and_leaves_the_rest_for_the_next(app, client, floor):
    """The server stops taking entries after half the phone's wait: what it did not try stays queued."""
    app.config["QUEUE_TIMEOUT_MS"] = 1
    assert outcomes(sync(client, [floor("aanwezig"), floor("te_laat")])) == ["applied", "not attempted"]
    assert status_of(floor.worker) == "aanwezig"
    app.config["QUEUE_TIMEOUT_MS"] = 8000


@pytest.mark.parametrize("body, status, reason", [
    (b"{niet json", 422, "De wachtrij kwam onleesbaar aan"),
    (b'{"entries": []}', 422, "De wachtrij kwam onleesbaar aan"),
    (b'[{"url": "/x"}]', 422, "De wachtrij kwam onleesbaar aan"),
    (b'{"entries": [{"id": 1, "url": "/x", "body": ""}]}', 422, "De wachtrij kwam onleesbaar aan"),
    (b'{"entries": [' + b",".join([b'{"id": "a", "url": "/x", "body": ""}'] * 51) + b"]}", 422,
     "Te veel acties tegelijk (hoogstens 50)"),
    (b'{"entries": [{"id": "a", "url": "/x", "body": "' + b"x" * 70_000 + b'"}]}', 413, "Te veel tegelijk"),
])
def test_a_malformed_or_oversize_batch_is_a_dutch_refusal(client, floor, body, status, reason):
    """Nothing is applied, and the phone is told why in Dutch (its queue falls back to one write at a time)."""
    response = client.post(SYNC, data=body, content_type="application/json", headers={"Dagdeel-Replay": "1"})
    assert response.status_code == status
    assert reason in response.get_data(as_text=True) and 'role="alert"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppliedWrite.id))) == 0


def test_a_batch_without_a_session_is_a_401_and_applies_nothing(client, floor):
    """The session expired on the bus: the whole batch stays queued until the user logs in again."""
    client.post("/uitloggen")
    response = sync(client, [floor("aanwezig")])
    assert response.status_code == 401
    assert status_of(floor.worker) is None
