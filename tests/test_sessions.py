"""Sessions that end for real (logout, password change), `next=` that stays on this site, and login limits that
count only failures, per account and per IP address."""
import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from conftest import make_app
from webapp import parse
from webapp.audit.models import AccessLog
from webapp.extensions import db, limiter

from . import factories
from .conftest import csrf_token


def _login(client, email, password=factories.PASSWORD, next_=None, ip="10.0.0.1"):
    token = csrf_token(client)
    return client.post("/inloggen" + (f"?next={next_}" if next_ else ""), data={
        "email": email, "password": password, "csrf_token": token}, environ_base={"REMOTE_ADDR": ip})


def _copy_of(client, app):
    """A second browser holding a copy of the first one's session cookie (stolen, or a shared phone)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _logged_in(client) -> bool:
    return client.get("/medewerkers/").status_code == 200


def test_a_copied_session_cookie_stops_working_after_logout(client, app, auth):
    auth.login("counsellor")
    thief = _copy_of(client, app)
    assert _logged_in(thief)
    client.post("/uitloggen")
    assert not _logged_in(thief)
    assert thief.get("/medewerkers/").headers["Location"].startswith("/inloggen")


def test_logout_on_one_device_ends_the_sessions_on_the_others(client, app):
    staff = factories.StaffFactory(role="counsellor")
    db.session.commit()
    phone, office = app.test_client(), app.test_client()
    assert _login(phone, staff.email).status_code == 302 and _login(office, staff.email).status_code == 302
    phone.post("/uitloggen", headers={"X-CSRFToken": csrf_token(phone)})
    assert not _logged_in(office)
    assert _login(office, staff.email).status_code == 302 and _logged_in(office)  # logging in again works


def test_a_password_change_ends_every_session_of_that_account(client, app, auth):
    staff = factories.StaffFactory(role="counsellor")
    db.session.commit()
    victim = app.test_client()
    assert _login(victim, staff.email).status_code == 302
    thief = _copy_of(victim, app)
    auth.login("admin")
    response = client.post(f"/beheer/personeel/{staff.id}", data={
        "name": staff.name, "email": staff.email, "role": "counsellor", "active": "y",
        "password": "een nieuwe lange zin"})
    assert response.status_code == 302
    assert not _logged_in(thief) and not _logged_in(victim)
    assert _logged_in(client)  # the admin who changed it stays logged in
    assert _login(victim, staff.email, "een nieuwe lange zin").status_code == 302 and _logged_in(victim)


def test_changing_other_details_keeps_the_sessions(client, app, auth):
    staff = factories.StaffFactory(role="counsellor")
    db.session.commit()
    other = app.test_client()
    assert _login(other, staff.email).status_code == 302
    auth.login("admin")
    client.post(f"/beheer/personeel/{staff.id}", data={
        "name": "Nieuwe naam", "email": staff.email, "role": "counsellor", "active": "y", "password": ""})
    assert _logged_in(other)


def test_a_remember_cookie_cannot_bring_an_ended_session_back(client, app, auth):
    staff = auth.login("counsellor")
    with app.test_request_context():
        remembered = encode_cookie(staff.get_id())  # what Flask-Login's remember-me would have stored
    client.post("/uitloggen")
    thief = app.test_client()
    thief.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remembered)
    assert not _logged_in(thief)


def test_an_old_style_session_without_a_version_is_logged_out(client, app, auth):
    staff = auth.login("counsellor")
    with client.session_transaction() as session:
        session["_user_id"] = str(staff.id)
    assert not _logged_in(client)


@pytest.mark.parametrize("target", [
    "//evil.example", "///evil.example", "////evil.example/", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
    "/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example", "/\x0b/evil.example",
    "/\u00a0/evil.example", " //evil.example", "https://evil.example/", "http:/evil.example", "http:evil.example",
    "javascript:alert(1)", "evil.example", "ronde/", "", None, "\t//evil.example",
])
def test_next_refuses_anything_that_can_leave_the_site(target):
    assert parse.local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/ronde/", "/medewerkers/12", "/werkvloer/3?datum=2026-11-23&blok=2",
                                    "/medewerkers/?q=Jan%20Janssen", "/uitbetaling/viavia?week=2026-W47#top"])
def test_next_accepts_a_path_on_this_site(target):
    assert parse.local_path(target) == target


@pytest.mark.parametrize("raw", ["/%09/evil.example/", "/%0a/evil.example", "/%0d%0a/evil.example", "%2F%2Fevil.example",
                                 "/%5Cevil.example", "/%5C/evil.example", "https:%2F%2Fevil.example",
                                 "%09//evil.example", "/%2F/evil.example"])
def test_login_never_redirects_off_site(client, app, raw):
    staff = factories.StaffFactory()
    db.session.commit()
    response = _login(client, staff.email, next_=raw)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, app):
    staff = factories.StaffFactory()
    db.session.commit()
    assert _login(client, staff.email, next_="/medewerkers/%3Fq%3DJan").headers["Location"] == "/medewerkers/?q=Jan"


@pytest.fixture
def limits(app):
    """Three failures per account and five per IP address (the other tests run with high limits)."""
    limiter.reset()
    app.config.update(LOGIN_RATE_LIMIT="5 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    yield
    app.config.update(LOGIN_RATE_LIMIT="1000 per minute", LOGIN_ACCOUNT_RATE_LIMIT="1000 per minute")
    limiter.reset()


def test_a_busy_office_with_correct_logins_never_locks_itself_out(client, app, limits):
    office = [factories.StaffFactory() for _ in range(4)]
    db.session.commit()
    codes = {_login(app.test_client(), staff.email).status_code for _ in range(4) for staff in office}
    assert codes == {302}


def test_failures_lock_the_account_from_every_address(client, app, limits):
    staff = factories.StaffFactory()
    db.session.commit()
    codes = [_login(client, staff.email, "fout wachtwoord", ip=f"10.0.1.{i}").status_code for i in range(4)]
    assert codes == [422, 422, 422, 429]
    locked = _login(app.test_client(), staff.email, ip="10.0.2.1")  # the right password, elsewhere: still locked
    assert locked.status_code == 429 and "Te veel pogingen" in locked.get_data(as_text=True)
    other = factories.StaffFactory()
    db.session.commit()
    assert _login(app.test_client(), other.email, ip="10.0.1.0").status_code == 302  # others are not locked


def test_failures_lock_the_address_for_every_account(client, app, limits):
    accounts = [factories.StaffFactory() for _ in range(6)]
    db.session.commit()
    codes = [_login(client, s.email, "fout wachtwoord", ip="10.0.3.1").status_code for s in accounts[:5]]
    assert codes == [422] * 5
    assert _login(client, accounts[5].email, ip="10.0.3.1").status_code == 429
    assert _login(client, accounts[5].email, ip="10.0.3.2").status_code == 302


def test_successes_between_failures_do_not_count(client, app, limits):
    staff = factories.StaffFactory()
    db.session.commit()
    codes = []
    for _ in range(2):
        codes.append(_login(client, staff.email, "fout wachtwoord").status_code)
        for _ in range(3):
            codes.append(_login(app.test_client(), staff.email).status_code)
    assert codes == [422, 302, 302, 302] * 2  # two failures of the three allowed: the account still works


def test_failed_logins_and_lockouts_are_in_the_access_log(client, app, limits):
    staff = factories.StaffFactory()
    db.session.commit()
    for _ in range(4):
        _login(client, staff.email, "fout wachtwoord")
    rows = db.session.execute(select(AccessLog.action, AccessLog.detail, AccessLog.ip).order_by(AccessLog.id)).all()
    assert rows == [("login_failed", staff.email, "10.0.0.1")] * 3 + [("login_locked", staff.email, "10.0.0.1")]


def test_the_prefetch_never_writes_back_an_older_session(client, auth):
    """The service worker's prefetch ran with the cookie of before the phone was handed over; its answer must not
    overwrite the turn (or the CSRF secret) that a request in between stored. A page a person opens still
    refreshes the cookie (the idle timeout)."""
    auth.login("assistant")
    prefetch = client.get("/ronde/", headers={"Dagdeel-Prefetch": "1"})
    assert prefetch.status_code == 200 and "Set-Cookie" not in prefetch.headers
    assert "Set-Cookie" in client.get("/ronde/").headers


def test_a_replayed_write_never_writes_back_an_older_session(client, auth):
    """A write from the phone's queue is sent with the cookie of when it was sent; answering after a handover it must
    not put back the session of before (the worker's turn, the CSRF secret). A tap htmx sends itself still
    refreshes the cookie."""
    from . import factories
    from .conftest import csrf_token

    worker = factories.WorkerFactory()
    auth.login("assistant")
    token = csrf_token(client)
    form = {"text": "Belt morgen terug", "csrf_token": token}
    replayed = client.post(f"/medewerkers/{worker.id}/afspraken", headers={"Dagdeel-Replay": "1", "HX-Request": "true"},
                           data={**form, "client_id": "00000000-0000-4000-8000-0000000c0c01"})
    assert replayed.status_code == 200 and "Set-Cookie" not in replayed.headers
    tapped = client.post(f"/medewerkers/{worker.id}/afspraken", headers={"HX-Request": "true"},
                         data={**form, "client_id": "00000000-0000-4000-8000-0000000c0c02"})
    assert tapped.status_code == 200 and "Set-Cookie" in tapped.headers


@pytest.mark.parametrize("key, works", [("test-secret", True), ("another-servers-own-key", False)])
def test_a_session_made_on_one_server_works_on_another_that_shares_the_secret_key(client, app, auth, key, works):
    """Two app servers behind one reverse proxy: logged in on one, the next write (with the CSRF token of a page
    the first served) may land on the other. The session is a signed cookie, so a shared SECRET_KEY is all that
    takes; a server with its own key has never heard of the session."""
    staff = auth.login("assistant")
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY=key)
    other.test_client_class = type(client)
    phone = other.test_client()
    phone.set_cookie("session", client.get_cookie("session").value)
    try:
        answer = phone.post("/taal", data={"language": "en"}, headers={"X-CSRFToken": client.environ_base["HTTP_X_CSRFTOKEN"]})
    finally:
        with other.app_context():
            db.engine.dispose()
    db.session.expire_all()
    assert (answer.status_code == 302 and answer.headers["Location"] == "/") is works
    assert db.session.get(type(staff), staff.id).language == ("en" if works else "nl")
