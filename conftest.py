"""Shared by tests/ and e2e/: a real database (SQLite file, or PostgreSQL via DATABASE_URL), migrated once."""
import os

import pytest
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db


def test_database_url(tmp_path_factory) -> str:
    """DATABASE_URL when set (PostgreSQL in CI), else a fresh SQLite file."""
    from webapp.config import database_url

    if os.environ.get("DATABASE_URL"):
        return database_url("")
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "dagdeel.sqlite")


def make_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "LOGIN_RATE_LIMIT": "1000 per minute",  # test_auth lowers it to test the limit
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


def empty_tables(app) -> None:
    """Remove all rows (bypassing the ORM, so the append-only guard does not object)."""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return test_database_url(tmp_path_factory)
