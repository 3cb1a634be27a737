"""Journey: the worker's turn of a checklist holds without network too. The service worker, which keeps today's
board for offline use, shows none of it while the phone is in the worker's hands (issue 16, item 2)."""
import re

from playwright.sync_api import expect

from .conftest import login
from .test_checklists import _bas, _supervisor_scores
from .test_offline import monday  # noqa: F401 (a fixture)
from .waits import controlled, evaluate, poll

KEPT = "caches.open('dagdeel-pages').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
TURN_PAGE = "Geef de telefoon terug aan je begeleider."


def stop_the_service_worker(page):
    """As the phone does after a while: the service worker stops and starts afresh for the next page."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    cdp.detach()


def assert_the_turns_offline_page(page, names):
    expect(page.get_by_role("heading", name="Geen verbinding")).to_be_visible()
    expect(page.get_by_text(TURN_PAGE)).to_be_visible()
    html = page.content()
    assert not [name for name in names if name in html], "the board's names on the worker's screen"
    assert "tabbar" not in html and "att-row" not in html
    # no way to another page: the one link asks for this same address again
    links = page.locator("a")
    expect(links).to_have_count(1)
    assert links.get_attribute("href") == ""


def test_offline_the_workers_turn_shows_no_kept_page_until_the_password(page, base, server_app, context, monday,
                                                                        shot):
    """Ruud opens today's Via Via board online, so the phone keeps it. He starts Bas's checklist, scores it and
    taps "Geef de telefoon aan Bas". The phone loses its network: Bas's next tap says so. He types the board's address (or goes back
    in the history): he gets a plain page saying there is no connection and he should give the phone back, with
    none of the board's names, also after a reload and after the service worker was stopped. Back online, Ruud
    takes the phone back with his password; then the board opens offline again."""
    worker_id = _bas(server_app)
    login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
    page.goto(f"{base}/werkvloer/")
    page.get_by_role("link", name="Via Via").click()
    controlled(page)
    page.reload()  # through the service worker: kept
    board = page.url.split(base)[1].split("?")[0]
    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")
    names = [n.strip() for n in page.locator(".att-row .att-name > span").all_inner_texts()[:5]]
    assert names and all(names)

    page.goto(f"{base}/trajecten/medewerker/{worker_id}")
    page.get_by_role("button", name="Nieuwe checklist").click()
    _supervisor_scores(page, [2] * 12)
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_role("button", name="Geef de telefoon aan Bas").click()
    page.get_by_role("button", name=re.compile("^3 ")).click()
    expect(page.locator(".turn-progress")).to_have_text("2 van 12")

    context.set_offline(True)
    page.get_by_role("button", name=re.compile("^2 ")).click()  # a tap without network: no browser error page
    assert_the_turns_offline_page(page, names)
    page.goto(f"{base}{board}")
    assert_the_turns_offline_page(page, names)
    shot("turn-offline", full_page=False)
    page.reload()
    assert_the_turns_offline_page(page, names)
    stop_the_service_worker(page)
    page.goto(f"{base}{board}")
    assert_the_turns_offline_page(page, names)
    page.go_back()  # the worker's own item, without network: the same page, not a kept one
    assert_the_turns_offline_page(page, names)
    page.get_by_role("link", name="Opnieuw proberen").click()
    assert_the_turns_offline_page(page, names)

    context.set_offline(False)
    page.goto(f"{base}{board}")  # the server leads back to the worker's turn
    expect(page.locator(".turn-progress")).to_have_text("2 van 12")  # where Bas left off: item 1 scored
    page.get_by_role("link", name="Stoppen").click()
    page.get_by_label("Wachtwoord van Ruud Werkbegeleider").fill("demo-werkbegeleider")
    page.get_by_role("button", name="Telefoon terugnemen").click()
    expect(page.get_by_role("button", name="Geef de telefoon aan Bas")).to_be_visible()  # Ruud's phone again
    poll(page, f"({KEPT}).then(k => k.includes('{board}'))")

    context.set_offline(True)
    page.goto(f"{base}{board}")
    expect(page.locator(".att-row").first).to_be_visible()
    assert names[0] in page.content()
    context.set_offline(False)
    assert evaluate(page, "caches.has('dagdeel-turn')") is False
