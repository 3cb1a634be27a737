"""Flask extensions, created unbound here and bound in create_app."""
import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so that migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# A commit does not expire what was loaded: a view may commit (an audit line) and still render what it read,
# without reading it again. Each request has its own session, so nothing stale outlives the request.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def insert_missing(model, **values) -> None:
    """Insert a row unless one with the same unique key is there (INSERT … ON CONFLICT DO NOTHING): a row that
    two servers may both make first at the same moment, without the loser's transaction failing. Read it after."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[db.engine.dialect.name]
    db.session.execute(insert(model).values(**values).on_conflict_do_nothing())


def streamed(query):
    """The rows of a select of columns, fetched 1,000 at a time (a server-side cursor on PostgreSQL) on the session's
    connection: plain Core rows, past the ORM's handling of each row, for exports of hundreds of thousands."""
    with db.session.connection().execute(query.execution_options(yield_per=1000)) as result:
        for rows in result.partitions():  # a list per fetch: far cheaper than asking the result row by row
            yield from rows


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite as a server database: write-ahead log (readers never block the writer, one sync per commit,
    still synchronous=FULL so a confirmed write survives a power cut) and a wait instead of 'database is locked'."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
