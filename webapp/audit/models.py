"""The append-only access log: who saw or changed which worker's data, when, from where."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class AccessLog(db.Model):
    __tablename__ = "access_log"
    # A staff member's lines of today (audit/shown.py dedupes the list views on it), and every staff filter.
    __table_args__ = (Index("ix_access_log_staff_id_at", "staff_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    # The browser or phone it came from (its User-Agent, as sent; `audit.devices.describe` puts it in words).
    device: Mapped[str] = mapped_column(String(300), default="")
    # Who acted when it was not the logged-in staff member alone (NEN 7513 "namens wie"): the worker in their own
    # turn on the staff member's phone, scores entered from paper on the worker's behalf.
    on_behalf: Mapped[str] = mapped_column(String(120), default="")
    # For a view the phone showed offline from its cache: when it reached the server (`at` is the phone's time).
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff = relationship("Staff")
    worker = relationship("Worker")


@event.listens_for(AccessLog, "before_update")
@event.listens_for(AccessLog, "before_delete")
def _refuse_change(mapper, connection, target):
    raise PermissionError("the access log is append-only")
