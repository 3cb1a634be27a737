"""A board shown from the phone's cache offline reaches the worker's access report on sync (issue 18 item 3)."""
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.audit.models import AccessLog
from webapp.auth.models import Staff
from webapp.extensions import db
from webapp.offline.viewlog import ACTION

from .conftest import login
from .test_cache_scope import KEPT
from .test_offline import monday  # noqa: F401 (a fixture)
from .waits import controlled, evaluate, poll, queued

VIEWS = "Dagdeel.views().then(v => v.length)"
BAD_VIEW = """import("/static/js/queue/store.js").then((store) => {
  const id = crypto.randomUUID(), at = new Date().toISOString();
  return store.put(store.QUEUE, { id, seq: Date.now() + 1, url: "/offline/bekeken", staff: document.body.dataset.staffId,
    device_at: at, label: "x", page: location.pathname, offline: true, kind: store.VIEW,
    body: { client_id: id, device_at: at, page: "/medewerkers/", worker: ["1"] } });
}).then(() => true)"""


def test_a_board_seen_offline_is_in_the_workers_access_report(page, base, server_app, monday, context):
    """The assistant opens today's Assemblage board (the phone keeps it), goes into a dead spot and opens the board
    again twice: the phone shows its kept copy and notes one view, which the sync bar does not count as waiting.
    Back online the view is sent (one the server refuses leaves no conflict); the trajectbegeleider then finds it in the worker's 'wie zag deze gegevens?':
    "Sanne … bekeek de werkvloer Assemblage offline (gesynchroniseerd 14:05)"."""
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/werkvloer/?kies=1")
    page.get_by_role("link", name="Assemblage").click()
    controlled(page)
    page.reload()  # now through the service worker, which keeps it
    board = page.url.split(base)[1].split("?")[0]
    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")
    assert evaluate(page, "document.body.dataset.fromCache || ''") == ""  # from the network: nothing to note
    workers = {int(i) for i in page.locator("#offline-view").get_attribute("data-workers").split()}
    assert workers and len(workers) == page.locator(".att-row").count()

    context.set_offline(True)
    page.reload()
    expect(page.locator(".att-row").first).to_be_visible()
    poll(page, "document.body.dataset.fromCache === '1'")
    poll(page, f"{VIEWS}.then(n => n === 1)")
    page.reload()  # a reload storm is one view a minute
    poll(page, "document.body.dataset.fromCache === '1'")
    assert evaluate(page, VIEWS) == 1 and queued(page) == 0
    expect(page.locator("#sync-count")).to_have_text("0")  # not a write the assistant waits for
    evaluate(page, BAD_VIEW)  # one the server will refuse: it must not become a conflict on the assistant's screen
    assert evaluate(page, VIEWS) == 2

    context.set_offline(False)
    evaluate(page, "Dagdeel.flush().then(() => true)")
    poll(page, f"{VIEWS}.then(n => n === 0)")
    assert evaluate(page, "Dagdeel.conflicts().then(c => c.length)") == 0
    with server_app.app_context():
        assistant = db.session.scalar(select(Staff.id).where(Staff.email == "assistent@dagdeel.test"))
        logged = db.session.execute(select(AccessLog.worker_id, AccessLog.staff_id, AccessLog.synced_at)
                                    .where(AccessLog.action == ACTION)).all()
    assert {row.worker_id for row in logged} == workers and len(logged) == len(workers)
    assert {row.staff_id for row in logged} == {assistant} and all(row.synced_at for row in logged)

    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    login(page, base, "trajectbegeleider@dagdeel.test", "demo-trajectbegeleider")
    page.goto(f"{base}/medewerkers/{min(workers)}/inzage")
    line = page.locator(".access-lines li", has_text="offline")
    expect(line.first).to_contain_text("(assistent werkbegeleider) bekeek de werkvloer Assemblage offline (gesynchroniseerd 14:05)")
