"""Reading staff accounts: the loader, the lists, and finding an account by e-mail address."""
from flask import abort
from sqlalchemy import func, select

from ..extensions import db
from .models import Staff


def get_or_404(staff_id: int) -> Staff:
    """The staff member with this id, or a 404."""
    return db.session.get(Staff, staff_id) or abort(404)


def by_email(email: str) -> Staff | None:
    """The account of an e-mail address, in any capitals."""
    return db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.lower()))


def everyone() -> list[Staff]:
    """Every account, active ones first, by name."""
    return db.session.scalars(select(Staff).order_by(Staff.active.desc(), Staff.name)).all()


def by_name() -> list[Staff]:
    """Every account by name (a filter list)."""
    return db.session.scalars(select(Staff).order_by(Staff.name)).all()


def active_with_role(roles: tuple[str, ...]) -> list[Staff]:
    """The active staff who have one of these roles, by name."""
    return db.session.scalars(select(Staff).where(Staff.active.is_(True), Staff.role.in_(roles))
                              .order_by(Staff.name)).all()
