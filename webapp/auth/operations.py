"""State changes on staff accounts."""
from flask_babel import lazy_gettext as _l, gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from ..org.models import Site
from . import roles
from .models import Staff

EMAIL_TAKEN = _l("Er is al een account met dit e-mailadres.")


def _email_taken(email: str, other_than: int | None = None) -> bool:
    query = select(Staff.id).where(func.lower(Staff.email) == email.lower())
    if other_than:
        query = query.where(Staff.id != other_than)
    return db.session.scalar(query) is not None


def create_staff(data: dict) -> Staff:
    """Create an account; Refused without a password or when the e-mail address is taken."""
    if not data.get("password"):
        raise Refused(_("Geef een wachtwoord voor het nieuwe account."))
    email = data["email"].strip().lower()
    if _email_taken(email):
        raise Refused(EMAIL_TAKEN)
    staff = Staff(email=email, name=data["name"].strip(), role=data["role"], active=data.get("active", True),
                  language=data.get("language") or "nl")
    _set_sites(staff, data)
    staff.set_password(data["password"])
    db.session.add(staff)
    record("staff_create", detail=f"{email} ({roles.LABELS[staff.role]})")
    db.session.commit()
    return staff


def update_staff(staff: Staff, data: dict) -> None:
    """Change an account; refuses to let the last active admin lock everyone out."""
    email = data["email"].strip().lower()
    if _email_taken(email, other_than=staff.id):
        raise Refused(EMAIL_TAKEN)
    if staff.role == roles.ADMIN and (data["role"] != roles.ADMIN or not data["active"]) and _last_admin(staff):
        raise Refused(_("Dit is de laatste actieve beheerder; maak eerst een andere beheerder aan."))
    changes = [f"{k}: {getattr(staff, k)} → {data[k]}" for k in ("role", "active") if getattr(staff, k) != data[k]]
    before = _sites_label(staff)
    staff.name, staff.email, staff.role, staff.active = data["name"].strip(), email, data["role"], data["active"]
    _set_sites(staff, data)
    if _sites_label(staff) != before:
        changes.append(f"vestigingen: {before} → {_sites_label(staff)}")
    staff.language = data.get("language") or staff.language
    if data.get("password"):
        staff.set_password(data["password"])
        changes.append("wachtwoord gewijzigd")
    record("staff_update", detail=f"{email}: {', '.join(changes) or 'gegevens'} (door {current_user.email})")
    db.session.commit()


def _set_sites(staff: Staff, data: dict) -> None:
    """The sites the staff member works for (`site_ids`, from the form's checkboxes) and the "alle vestigingen" grant."""
    chosen = set(data.get("site_ids") or ())
    staff.sites = [site for site in db.session.scalars(select(Site).order_by(Site.name)) if site.id in chosen]
    staff.all_sites = bool(data.get("all_sites"))


def _sites_label(staff: Staff) -> str:
    """The sites as the access log names them."""
    return "alle" if staff.all_sites else ", ".join(site.name for site in staff.sites) or "geen"


def _last_admin(staff: Staff) -> bool:
    others = select(Staff.id).where(Staff.role == roles.ADMIN, Staff.active.is_(True), Staff.id != staff.id)
    return db.session.scalar(others.limit(1)) is None
