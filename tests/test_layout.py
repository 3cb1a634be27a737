"""The layout's promises, checked on the source: SQL lives in query modules, views do not import views."""
import ast
from pathlib import Path

import webapp

ROOT = Path(webapp.__file__).parent
MODULES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)
VIEWS = [p for p in MODULES if p.stem.endswith("views")]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def test_there_are_view_modules_to_check():
    assert len(VIEWS) >= 15 and all(p.stem == "views" or p.stem.endswith("_views") for p in VIEWS)


def test_no_view_module_writes_a_query():
    """Views load through their feature's queries (org/queries.py, rounds/queries.py, …): no `select(` in a view."""
    offenders = [_name(p) for p in VIEWS if "select(" in p.read_text(encoding="utf-8")]
    assert offenders == []


def _imported_modules(source: str, package: str) -> set[str]:
    """Every module (or name in one) an import in this source names, dotted from `webapp`."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_no_module_imports_another_modules_views():
    """Shared constants and helpers live in the module that owns the rule (auth.roles, attendance.floor, params):
    only a package's __init__ imports its views, to register their routes."""
    offenders = []
    for path in MODULES:
        if path.name == "__init__.py":
            continue
        package = ".".join(path.relative_to(ROOT.parent).parts[:-1])
        for module in _imported_modules(path.read_text(encoding="utf-8"), package):
            if module.rsplit(".", 1)[-1].endswith("views"):
                offenders.append(f"{_name(path)} imports {module}")
    assert offenders == []


def test_the_scan_sees_the_imports_it_was_written_for():
    assert "webapp.payouts.views" in _imported_modules("from .views import PAYERS", "webapp.payouts")
    assert "webapp.attendance.views" in _imported_modules("from ..attendance.views import COOKIE", "webapp.payouts")
    assert "webapp.attendance.views" in _imported_modules("from ..attendance import views", "webapp.payouts")
    assert "webapp.attendance.views" in _imported_modules("import webapp.attendance.views", "webapp.payouts")
    assert not any(m.endswith("views") for m in _imported_modules("from . import queries", "webapp.payouts"))


def test_browser_journeys_wait_without_eval():
    """Playwright's wait_for_function evaluates its predicate with eval() inside the page, which the app's CSP forbids
    in some Chromium builds (CI's failed that way): journeys wait through e2e/waits.py, which polls page.evaluate."""
    journeys = sorted((ROOT.parent / "e2e").glob("*.py"))
    assert len(journeys) >= 10
    offenders = [p.name for p in journeys if p.name != "waits.py" and "wait_for_function" in p.read_text(encoding="utf-8")]
    assert offenders == []
