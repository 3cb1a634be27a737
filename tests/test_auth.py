"""Logging in and out, the password policy and hashing, rate limiting, idle timeout."""
import pytest

from webapp.auth import passwords
from webapp.extensions import db, limiter

from . import factories
from .conftest import csrf_token


def _login(client, email, password):
    return client.post("/inloggen", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def test_login_with_right_password_lands_on_the_role_start_page(client, app):
    staff = factories.StaffFactory(role="assistant")
    db.session.commit()
    response = _login(client, staff.email.upper(), factories.PASSWORD)
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == "/ronde/"


@pytest.mark.parametrize("password", ["wrong password", ""])
def test_wrong_password_is_refused_in_dutch(client, app, password):
    staff = factories.StaffFactory()
    db.session.commit()
    response = _login(client, staff.email, password)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "klopt niet" in page or "verplicht" in page
    assert client.get("/medewerkers/").status_code == 302  # still logged out


def test_deactivated_staff_cannot_log_in_and_loses_their_session(client, app, auth):
    staff = auth.login("supervisor")
    assert client.get("/medewerkers/").status_code == 200
    staff.active = False
    db.session.commit()
    assert client.get("/medewerkers/").status_code == 302
    assert _login(client, staff.email, factories.PASSWORD).status_code == 422


def test_logout_ends_the_session(client, auth):
    auth.login("counsellor")
    response = client.post("/uitloggen")
    assert response.status_code == 302
    assert client.get("/medewerkers/").headers["Location"].startswith("/inloggen")


@pytest.fixture
def rate_limited(app):
    """The login limit set low (the other tests run with a high one)."""
    limiter.reset()
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    yield
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    limiter.reset()


def test_login_is_rate_limited(client, rate_limited):
    codes = [_login(client, "nobody@dagdeel.test", "whatever-password").status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    assert "Te veel pogingen achter elkaar" in _login(client, "x@y.nl", "z").get_data(as_text=True)


def test_session_is_permanent_with_the_idle_timeout(client, app, auth):
    auth.login()
    with client.session_transaction() as session:
        assert session.permanent
    assert app.permanent_session_lifetime.total_seconds() == 12 * 3600
    assert app.config["SESSION_REFRESH_EACH_REQUEST"]


def test_demo_accounts_show_only_in_demo_mode(client, app):
    assert "demo-assistent" not in client.get("/inloggen").get_data(as_text=True)
    app.config["DEMO"] = True
    try:
        page = client.get("/inloggen").get_data(as_text=True)
    finally:
        app.config["DEMO"] = False
    assert "assistent@dagdeel.test" in page and "demo-assistent" in page


def test_a_demo_account_logs_in_with_one_tap_and_slash_login_finds_the_login_page(client, app):
    import re

    from webapp.auth import passwords as hashing
    from webapp.demo import ACCOUNTS

    email, password, role, name = next(account for account in ACCOUNTS if account[2] == "assistant")
    factories.StaffFactory(email=email, role=role, name=name, password_hash=hashing.hash_password(password))
    db.session.commit()
    moved = client.get("/login")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/inloggen")
    app.config["DEMO"] = True
    try:
        page = client.get("/inloggen").get_data(as_text=True)
    finally:
        app.config["DEMO"] = False
    forms = re.findall(r'<form method="post">(.*?)</form>', page, re.S)
    mine = next(f for f in forms if f'value="{email}"' in f)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', mine))
    landed = client.post("/inloggen", data=fields)
    assert landed.status_code == 302 and "/inloggen" not in landed.headers["Location"]
    assert client.get("/medewerkers/").status_code == 200


def test_hash_is_argon2id_at_owasp_parameters():
    hashed = passwords.hash_password("een lange zin als wachtwoord")
    assert hashed.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in hashed
    assert passwords.verify(hashed, "een lange zin als wachtwoord") == (True, None)
    assert passwords.verify(hashed, "iets anders") == (False, None)


@pytest.mark.parametrize(
    "password, ok",
    [("kort", False), ("1234567", False), ("password", False), ("wachtwoord", False), ("qwerty123", False),
     ("Password1", False), ("fiets-regen-Heerlen", True), ("abcdefgh-7", True)],
)
def test_password_policy(password, ok):
    assert (passwords.problem(password) is None) is ok


def test_outdated_hash_is_upgraded_on_login(client, app):
    from argon2 import PasswordHasher

    staff = factories.StaffFactory(password_hash=PasswordHasher(time_cost=1, memory_cost=8192).hash(factories.PASSWORD))
    db.session.commit()
    assert _login(client, staff.email, factories.PASSWORD).status_code == 302
    db.session.refresh(staff)
    assert "m=19456,t=2" in staff.password_hash


def test_open_redirect_is_refused(client, app):
    staff = factories.StaffFactory()
    db.session.commit()
    response = client.post("/inloggen?next=//evil.example", data={
        "email": staff.email, "password": factories.PASSWORD, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/"


def test_login_hands_out_the_csrf_secret_the_next_screens_share(client, app):
    """The first screens after login load at once (and the service worker prefetches today's screens): each must
    not make its own CSRF secret, or the last to answer wins and the form on screen is refused as expired."""
    staff = factories.StaffFactory(role="assistant")
    db.session.commit()
    with client.session_transaction() as before:
        old = before.get("csrf_token")
    assert _login(client, staff.email, factories.PASSWORD).status_code == 302
    with client.session_transaction() as session:
        assert session.get("csrf_token") and session["csrf_token"] != old  # set by the login itself, and new
