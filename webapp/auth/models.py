"""Staff accounts: the people who log in."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime
from . import passwords, roles

# The sites (vestigingen) a staff member works for: what they see of workers, rounds, boards and payouts
# (trajectory/access.py). `Staff.all_sites` grants every site; an admin always has every site.
staff_site = db.Table(
    "staff_site",
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


class Staff(UserMixin, db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # "Alle vestigingen": an admin's grant to see every site (organisation-wide counsellors).
    all_sites: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Part of every session's identity (get_id): raising it ends all sessions and remember cookies of the account.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The interface language of this account (webapp/i18n.py LANGUAGES); Dutch unless the user chose otherwise.
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")

    sites = relationship("Site", secondary=staff_site, order_by="Site.name")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session (and a remember cookie): the id and the session version."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of this account, on every device (logout, password change)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def role_label(self) -> str:
        return str(roles.LABELS.get(self.role, self.role))

    def set_password(self, password: str) -> None:
        """Store a memory-hard hash of the password; sessions started with the old one end."""
        self.password_hash = passwords.hash_password(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        """True when the password matches; upgrades an outdated hash in place."""
        ok, new_hash = passwords.verify(self.password_hash, password)
        if ok and new_hash:
            self.password_hash = new_hash
        return ok

    def has_role(self, *allowed: str) -> bool:
        return self.role in allowed
