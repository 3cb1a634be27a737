"""Column types shared by the models: UTC moments and integer cents."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """A moment stored as naive UTC and read back timezone-aware (same on SQLite and PostgreSQL)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None else None


class Cents(TypeDecorator):
    """Money as a whole number of euro cents; floats are refused."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"money must be integer cents, got {value!r}")
        return value
