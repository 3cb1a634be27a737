"""Fixtures: app, client, a clean database per test, and logging in as each role."""
import re
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from conftest import empty_tables, make_app, reset_schema
from webapp.extensions import db
from webapp.trajectory import catalogue as catalogue_module

from . import factories

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


class Client(FlaskClient):
    """Each request gets its own app context (fresh `g` and database session), as in production,
    although the test itself holds an app context open."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _app(database_url):
    app = make_app(database_url)
    app.test_client_class = Client
    reset_schema(app)
    return app


@pytest.fixture
def app(_app):
    """The app with an empty, migrated database and an app context."""
    with _app.app_context():
        yield _app
        db.session.rollback()
    empty_tables(_app)
    _app.config["DAGDEEL_NOW"] = None


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def catalogue(app):
    """The Relim catalogue loaded from its TOML file."""
    catalogue_module.load_all()


def csrf_token(client) -> str:
    """The CSRF token of the client's session, read from a page like a browser would."""
    html = client.get("/inloggen").get_data(as_text=True)
    if "X-CSRFToken" not in html:
        html = client.get("/medewerkers/").get_data(as_text=True)
    match = CSRF.search(html)
    return match.group(1) or match.group(2)


class Auth:
    """Log a test client in as a (new) staff member of a given role."""

    def __init__(self, client):
        self.client = client
        self.staff = None

    def login(self, role: str = "supervisor", **kwargs):
        self.staff = factories.StaffFactory(role=role, **kwargs)
        db.session.commit()
        token = csrf_token(self.client)
        response = self.client.post(
            "/inloggen", data={"email": self.staff.email, "password": factories.PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        # Like the htmx hx-headers on <body>: every later request carries the token.
        self.client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(self.client)
        return self.staff


@pytest.fixture
def auth(client):
    return Auth(client)


@contextmanager
def between(pattern: str, other_server):
    """Run `other_server(connection)` once, on its own connection, right after this server's first SELECT whose
    SQL matches `pattern`: another app server acting between this one's look and its write."""
    done = []

    def hook(conn, cursor, statement, *args):
        if not done and statement.lstrip().startswith("SELECT") and re.search(pattern, statement):
            done.append(statement)
            with db.engine.connect() as other:
                other_server(other)

    event.listen(db.engine, "after_cursor_execute", hook)
    try:
        yield done
    finally:
        event.remove(db.engine, "after_cursor_execute", hook)
