"""Staff accounts: the people who log in."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime
from . import passwords, roles


class Staff(UserMixin, db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    site = relationship("Site")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return roles.LABELS.get(self.role, self.role)

    def set_password(self, password: str) -> None:
        """Store a memory-hard hash of the password."""
        self.password_hash = passwords.hash_password(password)

    def check_password(self, password: str) -> bool:
        """True when the password matches; upgrades an outdated hash in place."""
        ok, new_hash = passwords.verify(self.password_hash, password)
        if ok and new_hash:
            self.password_hash = new_hash
        return ok

    def has_role(self, *allowed: str) -> bool:
        return self.role in allowed
