"""Waiting for the page, without Playwright's wait_for_function: it evaluates its predicate with eval() in the
page, which the app's Content-Security-Policy (no 'unsafe-eval') forbids in Playwright's own Chromium builds.
page.evaluate is not subject to the page's CSP, so every wait here polls through it."""
import time as _time

from playwright.sync_api import Error as PlaywrightError


CONTROLLED = "navigator.serviceWorker && navigator.serviceWorker.controller !== null"


def controlled(page):
    """Wait until the service worker controls the page.

    A first install can fail under load (one of the shell's files not fetched): the browser then tries again at the
    next page load, which registers the worker anew. So after 10 s the page is loaded once more, as a user would,
    and the worker's state is in the message if it still does not control the page."""
    try:
        poll(page, CONTROLLED, seconds=10)
        return
    except AssertionError:
        state = evaluate(page, SW_STATE)
    page.reload()
    try:
        poll(page, CONTROLLED, seconds=15)
    except AssertionError as error:
        raise AssertionError(f"{error}; before the reload: {state}; now: {evaluate(page, SW_STATE)}") from None


SW_STATE = ("navigator.serviceWorker.getRegistration().then(r => r ? JSON.stringify({installing: r.installing && "
            "r.installing.state, waiting: r.waiting && r.waiting.state, active: r.active && r.active.state}) : 'none')")


def queued(page) -> int:
    return evaluate(page, "Dagdeel.queued().then(q => q.length)")


def evaluate(page, expression: str):
    """page.evaluate that survives the page reloading itself after a sync (it shows the server's truth)."""
    raced = f"Promise.race([Promise.resolve({expression}), new Promise((_, no) => setTimeout(() => no(new Error('no answer within 8 s')), 8000))])"
    for _ in range(50):
        try:
            return page.evaluate(raced)
        except PlaywrightError as error:
            if not any(t in str(error) for t in ("context was destroyed", "navigat", "Dagdeel is not defined")):
                raise
            page.wait_for_load_state()
    raise AssertionError(f"page kept navigating: {expression}")


def poll(page, expression: str, seconds: float = 20) -> None:
    """Wait until an (async) expression is true in the page; page.evaluate awaits promises, wait_for_function does not."""
    deadline = _time.monotonic() + seconds
    while not evaluate(page, expression):
        assert _time.monotonic() < deadline, f"still false after {seconds}s: {expression}"
        page.wait_for_timeout(100)


def sync(page) -> None:
    """Send what waits, as the app does when the network returns, and wait until the queue is empty."""
    evaluate(page, "Dagdeel.flush().then(() => true)")
    wait_for_queue(page)


def wait_for_queue(page, length: int = 0, seconds: float = 20) -> None:
    """Wait until the phone's queue holds `length` entries."""
    poll(page, f"Dagdeel.queued().then(q => q.length === {length})", seconds)
