"""HTTPS in production: Secure cookies by default, HSTS on answers served over HTTPS, a reverse proxy believed
only when configured; plain http keeps working for the demo (`make run`) and `flask run`."""
import pytest

from conftest import make_app
from webapp import config

from . import factories
from .conftest import csrf_token
from webapp.extensions import db


def test_cookies_are_secure_by_default(client, app):
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    staff = factories.StaffFactory()
    db.session.commit()
    response = client.post("/inloggen", data={"email": staff.email, "password": factories.PASSWORD,
                                              "csrf_token": csrf_token(client)})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("env, argv, demo, secure", [
    ({}, ["gunicorn"], False, True),
    ({}, ["gunicorn"], True, False),  # make run: the demo on http://127.0.0.1
    ({"FLASK_RUN_FROM_CLI": "true"}, ["flask", "--app", "webapp", "run"], False, False),
    ({"FLASK_RUN_FROM_CLI": "true"}, ["flask", "--app", "webapp", "db", "upgrade"], False, True),
    ({"DAGDEEL_INSECURE_COOKIES": "1"}, ["gunicorn"], False, False),
    ({"DAGDEEL_SECURE_COOKIES": "1"}, ["gunicorn"], True, True),
])
def test_when_cookies_are_secure(monkeypatch, env, argv, demo, secure):
    for name in ("FLASK_RUN_FROM_CLI", "DAGDEEL_INSECURE_COOKIES", "DAGDEEL_SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", argv)
    assert config.secure_cookies(demo) is secure


def test_hsts_only_over_https(client, app):
    assert "Strict-Transport-Security" not in client.get("/inloggen").headers
    secure = client.get("/inloggen", base_url="https://dagdeel.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_forwarded_https_is_believed_only_behind_a_configured_proxy(database_url):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    plain = make_app(database_url).test_client().get("/inloggen", headers=headers)
    assert "Strict-Transport-Security" not in plain.headers
    proxied = make_app(database_url, PROXIES=1).test_client().get("/inloggen", headers=headers)
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
