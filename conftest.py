"""Shared by tests/ and e2e/: a real database (SQLite file, or PostgreSQL via DATABASE_URL), migrated once."""
import os
import time

import pytest
from sqlalchemy import Integer, text
from sqlalchemy.exc import OperationalError

from webapp import create_app
from webapp.extensions import db


def test_database_url(tmp_path_factory) -> str:
    """DATABASE_URL when set (PostgreSQL in CI), else a fresh SQLite file."""
    from webapp.config import database_url

    if os.environ.get("DATABASE_URL"):
        return _own_database(database_url(""), os.environ.get("PYTEST_XDIST_WORKER"))
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "dagdeel.sqlite")  # its own per test process


def _own_database(url: str, worker: str | None) -> str:
    """With parallel test processes (pytest-xdist), each gets a PostgreSQL database of its own beside the one
    given (`test` → `test_gw0`, …), created when missing; tests reset their schema, so one left over is fine."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    if not worker or not url.startswith("postgresql"):
        return url
    given = make_url(url)
    own = given.set(database=f"{given.database}_{worker}")
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}):
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


def make_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "DATA_KEYS": "2BJ-2erO7jaYtNHXVF-5563Vl4VsD3P9FdBlgX9XdYM=",  # the fields encrypted at rest (a test key, never a real one)
        "LOGIN_RATE_LIMIT": "1000 per minute",  # test_auth lowers it to test the limit
        "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
        "DEMO": False,
    }
    config.update(overrides)
    return create_app(config)


def reset_schema(app) -> None:
    """Drop everything and build the schema from the migrations (not from the models)."""
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()


def empty_tables(app, then=None, also=()) -> None:
    """Remove all rows (bypassing the ORM and, on SQLite, lifting the append-only triggers for the wipe; a
    PostgreSQL TRUNCATE fires no row triggers); `then(conn)`, if given, runs in the same transaction (the demo's rows
    put back: a request still in flight cannot write in between), and PostgreSQL truncates the tables `also` names
    even when they looked empty (one may have been written since it was looked at).

    A browser may still have a request in flight against the live server (a prefetch, a queue flush):
    a deadlock with it is retried.
    """
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        for attempt in range(20):
            try:
                with db.engine.begin() as conn:
                    if db.engine.dialect.name == "postgresql":  # TRUNCATE costs per table: only those with rows
                        probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t})" for t in tables)
                        used = set(conn.scalars(text(probe)).all()) | set(also)
                        if used:
                            conn.execute(text(f"TRUNCATE {', '.join(sorted(used))} CASCADE"))
                        conn.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))
                    else:  # the append-only triggers refuse a DELETE: lift them for the wipe, then put them back
                        triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
                        for name, _ in triggers:
                            conn.execute(text(f'DROP TRIGGER "{name}"'))
                        for table in tables:
                            conn.execute(text(f"DELETE FROM {table}"))
                        for _, sql in triggers:
                            conn.execute(text(sql))
                    if then is not None:
                        then(conn)
                return
            except OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.25)


def wipe(table: str) -> None:
    """Empty one append-only table between the examples of a property test: TRUNCATE on PostgreSQL (it fires no
    row trigger), and on SQLite the table's triggers lifted for the DELETE and put back."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {table} RESTART IDENTITY CASCADE"))
            return
        triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                                {"t": table}).all()
        for name, _ in triggers:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(text(f"DELETE FROM {table}"))
        for _, sql in triggers:
            conn.execute(text(sql))


_DEMO_SNAPSHOTS: dict = {}


def load_demo(app) -> None:
    """The demo organisation into an empty database, as `demo.load()` makes it.

    Building it takes seconds (a year of history through the app's own operations) and every journey starts from
    it, so each test process builds it once per app clock (the demo is made relative to the app's today) and
    copies its rows back for the next journey: the same rows, ids and sequences."""
    from webapp import clock, demo

    with app.app_context():
        key = (clock.today().isoformat(), app.config.get("DAGDEEL_NOW"))
        snapshot = _DEMO_SNAPSHOTS.get(key)
        if snapshot is None:
            demo.load()
            db.session.commit()
            with db.engine.connect() as conn:
                _DEMO_SNAPSHOTS[key] = [(table, [row._mapping for row in conn.execute(table.select())])
                                        for table in db.metadata.sorted_tables]
            return

        def restore(conn) -> None:
            for table, rows in snapshot:
                if rows:
                    conn.execute(table.insert(), [dict(row) for row in rows])
            if db.engine.dialect.name == "postgresql":  # each id sequence goes on after the copied rows
                for table, rows in snapshot:
                    column = table.c.get("id")
                    if rows and column is not None and isinstance(column.type, Integer):
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                          f"(SELECT max(id) FROM {table.name}))"))

        # emptied again in the same transaction: a request of the journey before (a prefetch, a payout page making
        # the default rules) may have written since the last wipe
        empty_tables(app, then=restore, also=[table.name for table, rows in snapshot if rows])


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return test_database_url(tmp_path_factory)


def pytest_collection_modifyitems(config, items):
    """DAGDEEL_TEST_DATABASE_ONLY=1 (scripts/test.sh's PostgreSQL pass) keeps only the tests that reach the database
    (those using `database_url`, directly or through `app`, `client` or the live server): the others (the rules,
    parsing, formatting, the layout checks) do not depend on it and ran in the SQLite pass."""
    if os.environ.get("DAGDEEL_TEST_DATABASE_ONLY") != "1":
        return
    reach = {item: "database_url" in getattr(item, "fixturenames", ()) for item in items}
    config.hook.pytest_deselected(items=[item for item in items if not reach[item]])
    items[:] = [item for item in items if reach[item]]
