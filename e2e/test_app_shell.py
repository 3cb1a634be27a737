"""The app's own scripts under the strict Content-Security-Policy."""
import re

from .conftest import login
from .waits import poll


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
