"""Browser journeys: a real server on a free port, Debian's Chromium through Playwright, phone-sized."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from conftest import empty_tables, load_demo, make_app, reset_schema

from . import faults

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium where it exists (no browser downloads here), else Playwright's own."""
    args = {**browser_type_launch_args,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync"]}
    if os.path.exists(CHROMIUM):
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "device_scale_factor": 2, "is_mobile": True,
            "has_touch": True, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture(scope="session")
def server_app(database_url):
    app = make_app(database_url, DEMO=True)
    faults.init_app(app)  # the journeys' simulated failures (e2e/faults.py): test-only hooks
    reset_schema(app)
    return app


@pytest.fixture(scope="session")
def live_server(server_app):
    """The app served by Werkzeug in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def base(live_server, server_app):
    """A fresh demo organisation for each journey."""
    load_demo(server_app)
    yield live_server
    empty_tables(server_app)


@pytest.fixture
def page(page):
    """The page, failing the test on any Content-Security-Policy violation or script error."""
    problems = []
    page.on("console", lambda msg: problems.append(f"{msg.text} at {msg.location}") if msg.type == "error" and "Content Security Policy" in msg.text else None)
    if os.environ.get("DAGDEEL_E2E_CONSOLE"):  # debugging: every console line and failed request
        page.on("console", lambda msg: print("CONSOLE", msg.type, msg.text))
        page.on("request", lambda r: print("REQ", r.method, r.url) if r.method == "POST" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    assert problems == []


@pytest.fixture
def shot(page):
    """Save a phone-sized screenshot under e2e/screenshots/ (git-ignored) to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str, full_page: bool = True):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take


def next_monday(server_app):
    """The coming Monday by the app's clock: a working day whatever day the suite runs on."""
    from datetime import timedelta

    from webapp import clock

    with server_app.app_context():
        today = clock.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@pytest.fixture
def monday_morning(server_app):
    """Next Monday, 09:15 — half an hour into the Via Via morning (the app's clock; reset afterwards)."""
    monday = next_monday(server_app)
    server_app.config["DAGDEEL_NOW"] = f"{monday.isoformat()}T09:15"
    yield monday
    server_app.config["DAGDEEL_NOW"] = None


def login(page, base: str, email: str, password: str) -> None:
    """Log in through the login form, like a person would."""
    page.goto(f"{base}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def via_via_on_board(server_app, day) -> set[int]:
    """The riders boarded today whom the bus's arrival does not make present at Loon naar Werken: those in Via Via
    (a proefweek too; rounds.rules.arrives_at_lnw), whose dagdeel is tapped on the Via Via board."""
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.rounds import rules
    from webapp.rounds.models import SignUp

    with server_app.app_context():
        boarded = db.session.scalars(select(SignUp).where(SignUp.date == day, SignUp.boarded_at.is_not(None)))
        return {s.worker_id for s in boarded if not rules.arrives_at_lnw(s.worker)}
