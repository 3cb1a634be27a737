"""The work list asks the database the same number of questions for 100 and for 1,000 active workers (the
organisation of bench/worklist.py); the page's speed is measured there, not here."""
from sqlalchemy import event

from bench.worklist import COUNSELLOR, PASSWORD, populate
from conftest import empty_tables
from webapp.extensions import db

# The list's (open enrolments with their latest review, the method versions they started under, intakes with the
# first attended day, open follow-ups, missed training sessions, agreed checklist goals (`doel`), the workers named,
# the namesakes), the staff member's own action points, two for "Klaar voor Via Via", the session and the access log;
# and whom it showed (audit/shown.py): the lines already written today, then one INSERT of the rest — none when a page
# showed only people logged before, hence one less.
QUERIES = 14
PAGES = ["/trajecten/werklijst", "/trajecten/werklijst?filter=alles&dagen=90", "/trajecten/werklijst?filter=team",
         "/trajecten/werklijst?filter=alles&dagen=90&tot=100000"]  # the page of 40 rows, then the whole list at once


def queries_per_page(app, active: int) -> dict[str, tuple[int, int]]:
    empty_tables(app)
    db.session.expunge_all()  # PostgreSQL restarts the ids: the last organisation's objects must not linger
    populate(active)
    client = app.test_client()
    assert client.post("/inloggen", data={"email": COUNSELLOR, "password": PASSWORD,
                                          "csrf_token": _token(client)}).status_code == 302
    counts = {}
    for path in PAGES:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            body = client.get(path).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        counts[path] = (len(seen), body.count('<li class="due'))
        if path == PAGES[3]:
            assert "trainingen gemist" in body or "training gemist" in body  # bench/worklist.py's series is listed
    return counts


def _token(client) -> str:
    from .conftest import csrf_token

    return csrf_token(client)


def test_the_query_count_is_the_same_for_100_and_1000_workers(app):
    app.config["DAGDEEL_NOW"] = "2026-11-23T09:05"
    small, large = queries_per_page(app, 100), queries_per_page(app, 1000)
    assert {p: q for p, (q, _) in small.items()} == {p: q for p, (q, _) in large.items()}
    assert set(q for q, _ in large.values()) <= {QUERIES - 1, QUERIES}, large
    assert all(large[p][1] == 40 for p in PAGES[1:3]), large  # a page at a time, however long the list
    assert large[PAGES[3]][1] > 5 * small[PAGES[3]][1] > 0, (small, large)  # the lists did grow
