"""The retention job's permit: the one, documented way past the append-only triggers (migration f18a0c0a0001)."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RetentionPermit(db.Model):
    """While a row names a table, the database lets DELETE through on it (only `flask privacy purge` writes one,
    inside its own transaction, and removes it again)."""

    __tablename__ = "retention_permit"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
