"""One way to say no (issue 13 §3): one `Refused` with an optional code, raised by every operation, answered
as a Dutch 422; views branch on the code, never on the message."""
import ast
from pathlib import Path

import pytest

from webapp.errors import Refused
from webapp.extensions import db
from webapp.rounds import operations as rounds
from webapp.rounds import rules as round_rules

from . import factories

WEBAPP = Path(__file__).parent.parent / "webapp"
# Modules whose functions change state (or write an import): they refuse by raising, never by returning a text.
OPERATIONS = sorted(WEBAPP.glob("*/operations.py")) + sorted(WEBAPP.glob("*/csv_io.py"))
UUID = "5d3c1e0a-7b2f-4c8e-9a61-2f0e4b7d9c13"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def test_there_is_one_refused_class():
    """No module defines its own refusal: no other `*Refused` class, no subclass of `Refused`."""
    found = []
    for path in WEBAPP.rglob("*.py"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if node.name.endswith("Refused") or "Refused" in bases or node.name == "ConditionsUnmet":
                    found.append(f"{path.relative_to(WEBAPP)} {node.name}")
    assert found == ["errors.py Refused"]


def _returns_text(function: ast.FunctionDef) -> bool:
    annotation = ast.unparse(function.returns) if function.returns else ""
    optional_text = "str | None" in annotation or "Optional[str]" in annotation or (
        annotation.startswith("tuple") and "str" in annotation)
    literal = any(isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                  for node in ast.walk(function))
    return optional_text or literal


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: str(p.relative_to(WEBAPP)))
def test_operations_do_not_return_error_texts(path):
    """An operation that cannot do what was asked raises `Refused`: none returns `str | None`, a tuple with a
    message, or a literal text (the Dutch reason belongs in the exception)."""
    offenders = [f"{f.name}:{f.lineno}" for f in ast.walk(_tree(path))
                 if isinstance(f, ast.FunctionDef) and _returns_text(f) and not f.name.startswith("_")
                 and f.name != "outcome"]
    assert offenders == []


def test_the_scan_sees_a_message_returned():
    """The scan above is not blind: the old style of `auth.operations.create_staff` is caught."""
    old = ast.parse('def create_staff(data) -> str | None:\n    if not data:\n        return "Geef een wachtwoord."\n')
    tuple_style = ast.parse('def save_worker(w, d) -> tuple[object, str | None]:\n    return w, None\n')
    assert _returns_text(old.body[0]) and _returns_text(tuple_style.body[0])


def test_unmet_conditions_are_a_refusal_with_a_code_and_the_conditions(app):
    """The sign-up's 'toch aanmelden?' is a Refused with code "conditions" carrying what is missing."""
    worker = factories.WorkerFactory(roepnaam="Sjef", uitkering=False, postadres=True, ingeschreven=False)
    db.session.commit()
    refusal = rounds.conditions_unmet(worker, round_rules.unmet(worker))
    assert isinstance(refusal, Refused) and refusal.code == "conditions"
    assert refusal.details["unmet"] == ["geen uitkering", "niet ingeschreven in de gemeente"]
    assert refusal.message == f"Let op: {worker.display_name} heeft geen uitkering, niet ingeschreven in de gemeente."


@pytest.mark.parametrize("headers, exact", [
    ({"Dagdeel-Replay": "1"}, True), ({"HX-Request": "true"}, True), ({}, False)])
def test_a_refusal_no_view_catches_is_a_dutch_422(client, auth, headers, exact):
    """A Refused that reaches the app (here: letting an early leave be paid without a reason) is a 422 with
    the reason in a role="alert" element: the reason alone for a background request, the error page otherwise."""
    auth.login("supervisor")
    worker = factories.WorkerFactory()
    db.session.commit()
    answer = client.post("/uitbetaling/lnw/toestaan", headers=headers,
                         data={"worker_id": worker.id, "datum": "2026-11-23", "reason": " ", "client_id": UUID})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Dagdeel-Applied" not in answer.headers
    reason = '<p class="error" role="alert">Geef een reden waarom vroeg weg toch wordt uitbetaald.</p>'
    assert text == reason if exact else ('role="alert">Geef een reden waarom vroeg weg' in text and "<html" in text)
    assert (answer.headers.get("HX-Reswap") == "none") == exact
