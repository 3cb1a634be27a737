"""What the phone keeps for offline use: today's daily screens only, and nothing once the session has ended."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from webapp.attendance.models import Attendance
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.trajectory.checklist_models import ChecklistSession

from .conftest import login
from .test_offline import monday  # noqa: F401 (a fixture)
from .waits import controlled, evaluate, poll, queued, sync

KEPT = """caches.has('dagdeel-pages').then(has => has ? caches.open('dagdeel-pages').then(c => c.keys())
          .then(keys => keys.map(r => { const u = new URL(r.url); return u.pathname + u.search; })) : [])"""
EMAIL, PASSWORD = "werkbegeleider@dagdeel.test", "demo-werkbegeleider"


def end_sessions_elsewhere(server_app):
    """The same werkbegeleider logs out on the office PC: every session of the account ends."""
    with server_app.app_context():
        db.session.scalar(select(Staff).where(Staff.email == EMAIL)).end_sessions()
        db.session.commit()


def test_only_todays_daily_screens_are_kept_and_an_ended_session_forgets_them(page, base, server_app, monday, context):
    """A werkbegeleider opens today's Via Via board, its week grid, yesterday's board, downloads the payout
    export and looks at a checklist, its trajectory page, a life domain and the overleg: the phone keeps today's board but
    none of the others. Then the session is ended on another
    device: the next background write gets a 401 and the kept pages go, while the write stays in the queue
    and reaches the server after logging in again. A page load that lands on the login page forgets the
    kept pages too."""
    login(page, base, EMAIL, PASSWORD)
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    controlled(page)
    page.reload()  # now through the service worker
    board = page.url.split(base)[1].split("?")[0]
    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")
    page.goto(f"{base}{board}/week")
    yesterday = (monday - timedelta(days=1)).isoformat()
    page.goto(f"{base}{board}?datum={yesterday}")
    with page.expect_download():
        page.evaluate("location.href = '/uitbetaling/export.csv'")
    page.goto(f"{base}/uitbetaling/overzicht")
    with server_app.app_context():  # a checklist (scores are sensitive: never kept on the phone)
        checklist = db.session.scalar(select(ChecklistSession).order_by(ChecklistSession.id))
        checklist_id, checklist_worker = checklist.id, checklist.worker_id
    page.goto(f"{base}/trajecten/checklist/{checklist_id}")
    expect(page.locator(".gap-line").first).to_be_visible()
    page.goto(f"{base}/trajecten/medewerker/{checklist_worker}")
    page.goto(f"{base}/trajecten/medewerker/{checklist_worker}/leefgebied/dagbesteding")  # a life domain
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dagbesteding")
    page.goto(f"{base}/trajecten/overleg")  # the team's overleg: every worker's domains at a glance
    page.goto(f"{base}{board}")
    kept = evaluate(page, KEPT)
    assert board in kept
    assert not [k for k in kept if "/week" in k or "export" in k or yesterday in k or "overzicht" in k
                or "/trajecten/" in k], kept

    block = page.locator("input[name=blok]").first.get_attribute("value")
    worker = page.locator(".att-row").first.get_attribute("id").split("-")[1]
    end_sessions_elsewhere(server_app)
    evaluate(page, f"""Dagdeel.submit('{board}/markeren', {{worker_id: '{worker}', status: 'aanwezig', blok: '{block}',
                                                          datum: '{monday.isoformat()}'}})""")
    evaluate(page, "Dagdeel.flush().then(() => true)")
    poll(page, "caches.has('dagdeel-pages').then(has => !has)")  # the 401 wiped the kept pages
    assert queued(page) == 1  # the write waits for the next login

    login(page, base, EMAIL, PASSWORD)
    page.goto(f"{base}{board}")
    sync(page)
    with server_app.app_context():
        assert db.session.scalar(select(Attendance.status).where(Attendance.worker_id == int(worker),
                                                                 Attendance.date == monday)) == "aanwezig"

    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")
    end_sessions_elsewhere(server_app)
    page.goto(f"{base}{board}")
    expect(page.get_by_label("E-mailadres")).to_be_visible()  # the session ended: the login page
    poll(page, "caches.has('dagdeel-pages').then(has => !has)")


def test_a_reload_offline_shows_what_was_tapped_online(page, base, monday, context):
    """A werkbegeleider taps someone present while online, the bus drives into a dead spot and the phone
    reloads the board: the kept copy shows the tap (the server's page after it), not the board as it was
    when first opened."""
    login(page, base, EMAIL, PASSWORD)
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    controlled(page)
    page.reload()
    board = page.url.split(base)[1].split("?")[0]
    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")
    row = page.locator(".att-row:has(.tap-present)").first
    row_id = row.get_attribute("id")
    row.locator(".tap-present").click()
    expect(page.locator(f"#{row_id}")).to_have_class(re.compile("status-aanwezig"))
    poll(page, f"""caches.open('dagdeel-pages').then(c => c.match('{board}', {{ignoreVary: true, ignoreSearch: true}}))
                   .then(r => r ? r.text() : '').then(t => /id="{row_id}"[^>]*status-aanwezig|status-aanwezig[^>]*id="{row_id}"/.test(t))""")
    context.set_offline(True)
    page.reload()
    expect(page.locator(f"#{row_id}")).to_have_class(re.compile("status-aanwezig"))
    context.set_offline(False)

