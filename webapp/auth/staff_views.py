"""Staff management for the beheerder: create, change role, deactivate."""
from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..org.models import Site
from . import bp, operations, roles
from .access import allow
from .forms import StaffForm
from .models import Staff


def _form(staff: Staff | None = None) -> StaffForm:
    form = StaffForm(obj=staff)
    sites = db.session.scalars(select(Site).order_by(Site.name)).all()
    form.site_id.choices = [(0, "—")] + [(s.id, s.name) for s in sites]
    if staff is not None and form.site_id.data is None:
        form.site_id.data = 0
    return form


@bp.get("/beheer/personeel")
@allow(roles.ADMIN)
def staff_index():
    """List all staff accounts."""
    staff = db.session.scalars(select(Staff).order_by(Staff.active.desc(), Staff.name)).all()
    return render_template("auth/staff_index.html", staff=staff)


@bp.route("/beheer/personeel/nieuw", methods=["GET", "POST"])
@allow(roles.ADMIN)
def staff_create():
    """Create a staff account."""
    form = _form()
    if form.validate_on_submit():
        error = operations.create_staff(form.data)
        if error is None:
            flash(f"Account voor {form.name.data} aangemaakt.", "ok")
            return redirect(url_for("auth.staff_index"))
        form.email.errors.append(error)
    return render_template("auth/staff_form.html", form=form, staff=None), 422 if form.errors else 200


@bp.route("/beheer/personeel/<int:staff_id>", methods=["GET", "POST"])
@allow(roles.ADMIN)
def staff_edit(staff_id: int):
    """Change a staff member's name, role, site, password or active state."""
    staff = db.session.get(Staff, staff_id) or abort(404)
    form = _form(staff)
    if form.validate_on_submit():
        error = operations.update_staff(staff, form.data)
        if error is None:
            flash(f"{staff.name} bijgewerkt.", "ok")
            return redirect(url_for("auth.staff_index"))
        form.email.errors.append(error)
    return render_template("auth/staff_form.html", form=form, staff=staff), 422 if form.errors else 200
