from sqlalchemy import event
from webapp.extensions import db
from webapp.workers.models import Agreement
from . import factories
from .test_attendance import floor, tap, MONDAY  # noqa


def test_show(floor, client, auth):
    auth.login("supervisor", site_id=floor["workshop"].site_id)
    anna = floor["workers"][0]
    db.session.add(Agreement(worker_id=anna.id, text="op tijd komen")); db.session.commit()
    stmts = []
    def log(conn, cursor, statement, *a):
        stmts.append(statement.replace("\n", " ")[:300])
    for n, status in enumerate(["aanwezig", "te_laat"]):
        stmts.clear()
        event.listen(db.engine, "before_cursor_execute", log)
        tap(client, floor, anna, status, f"00000000-0000-4000-8000-00000000001{n}")
        event.remove(db.engine, "before_cursor_execute", log)
        print("\n==== ", status, len(stmts))
        for s in stmts: print(" *", s)
