"""The app's own scripts under the strict Content-Security-Policy."""
import re

from .conftest import login
from .waits import controlled, poll


def test_modules_load_fingerprinted_under_the_strict_csp(page, base):
    """An assistant opens the round: every one of Dagdeel's ES modules is fetched by its fingerprinted URL (the
    import map names them), the page's only inline script is that map, and the browser reports no CSP violation
    (the page fixture fails on any console CSP error or script error too)."""
    page.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                         "(e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    login(page, base, "assistent@dagdeel.test", "demo-assistent")
    page.goto(f"{base}/ronde/")
    poll(page, "window.Dagdeel && typeof window.Dagdeel.flush === 'function'")
    scripts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/static/js/'))")
    modules = [s for s in scripts if "htmx-" not in s]
    assert len(modules) >= 10 and all(re.search(r"\.js\?v=[0-9a-f]{10}$", s) for s in modules), scripts
    assert page.evaluate("window.__violations") == []


def test_a_slow_page_the_phone_has_not_kept_waits_for_the_network_instead_of_saying_offline(page, base, server_app):
    """On slow 4G a page can take longer than the service worker waits before it shows a kept copy. A page the
    phone has no copy of (the worker list is never kept) then keeps waiting and shows, instead of the offline page."""
    server_app.config.update(PAGE_TIMEOUT_MS=300, SLOW_SECONDS=1.5, FAULTS=[])
    try:
        login(page, base, "werkbegeleider@dagdeel.test", "demo-werkbegeleider")
        controlled(page)
        server_app.config["FAULTS"] = ["slow_page"]
        page.goto(f"{base}/medewerkers/")
        assert page.get_by_role("heading", name="Medewerkers", exact=True).is_visible()
        assert "offline" not in page.title().lower()
        assert server_app.config["FAULTS"] == []  # and it was the late answer
    finally:
        server_app.config.update(PAGE_TIMEOUT_MS=4000, FAULTS=[])
