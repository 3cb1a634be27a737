"""Every write that a device sent with its own UUID, kept for good, so a replay is applied once."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class AppliedWrite(db.Model):
    __tablename__ = "applied_write"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    endpoint: Mapped[str] = mapped_column(String(80))
    digest: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
