"""Special-category fields encrypted at rest (GDPR art. 9; issue 18): the intake's diagnosis, addiction and
admissions and the life domains' situation and goals are stored as Fernet tokens (AES-128-CBC + HMAC-SHA256,
from the `cryptography` package), so a copy of the database file or a dump does not show them.

The keys: `DAGDEEL_DATA_KEYS`, comma-separated Fernet keys, the newest first (MultiFernet: it encrypts with the
first and decrypts with any, so a new key can be put in front and `flask --app webapp privacy rotate-key`
re-encrypts every stored value with it before the old key is dropped). Without it a key is generated once into
instance/data_key (webapp/config.py), like the session key: keep that file with the backups, since without it
the fields are lost.
"""
import functools
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80 and a 64-bit time): how a stored value is told


@functools.lru_cache(maxsize=8)
def _cipher(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])


def cipher() -> MultiFernet:
    """The running app's keys."""
    return _cipher(current_app.config["DATA_KEYS"])


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise RuntimeError("An encrypted field cannot be read with DAGDEEL_DATA_KEYS (or instance/data_key): "
                           "the key it was written with is missing") from None


class Encrypted(TypeDecorator):
    """Text stored encrypted; the empty text stays empty (a form's unanswered field)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else decrypt(value)


# Every encrypted column, for the migration that encrypts what was stored before and for key rotation.
COLUMNS = {"intake": ("diagnosis", "addiction", "admissions"), "domain_version": ("situation", "goals")}


def rewrite(connection, change, columns: dict = COLUMNS) -> int:
    """Apply `change` to every stored, non-empty value of `columns` (table → column names) with plain SQL (the
    ORM's append-only guards are for edits; this changes no meaning). Returns how many values it rewrote."""
    from sqlalchemy import text

    done = 0
    for table, names in columns.items():
        for row in connection.execute(text(f"SELECT id, {', '.join(names)} FROM {table}")).all():
            values = {c: change(v) for c, v in zip(names, row[1:]) if v}
            if values:
                connection.execute(text(f"UPDATE {table} SET {', '.join(f'{c} = :{c}' for c in values)} WHERE id = :id"),
                                   {**values, "id": row[0]})
                done += len(values)
    return done


def rotate(connection) -> int:
    """Re-encrypt every stored value with the newest key (`flask privacy rotate-key`)."""
    return rewrite(connection, lambda token: cipher().rotate(token.encode()).decode())
