"""Staff management for the beheerder: create, change role, deactivate."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..errors import Refused
from ..org import queries as org_queries
from . import bp, operations, queries, roles
from .access import allow
from .forms import StaffForm
from .models import Staff


def _form(staff: Staff | None = None) -> StaffForm:
    form = StaffForm(obj=staff)
    form.site_ids.choices = [(s.id, s.name) for s in org_queries.sites()]
    if staff is not None and not form.is_submitted():
        form.site_ids.data = [s.id for s in staff.sites]
    return form


@bp.get("/beheer/personeel")
@allow(roles.ADMIN)
def staff_index():
    """List all staff accounts."""
    return render_template("auth/staff_index.html", staff=queries.everyone())


@bp.route("/beheer/personeel/nieuw", methods=["GET", "POST"])
@allow(roles.ADMIN)
def staff_create():
    """Create a staff account."""
    form = _form()
    if form.validate_on_submit():
        try:
            operations.create_staff(form.data)
        except Refused as refusal:
            form.email.errors.append(refusal.message)
        else:
            flash(_("Account voor %(name)s aangemaakt.", name=form.name.data), "ok")
            return redirect(url_for("auth.staff_index"))
    return render_template("auth/staff_form.html", form=form, staff=None), 422 if form.errors else 200


@bp.route("/beheer/personeel/<int:staff_id>", methods=["GET", "POST"])
@allow(roles.ADMIN)
def staff_edit(staff_id: int):
    """Change a staff member's name, role, sites, password or active state."""
    staff = queries.get_or_404(staff_id)
    form = _form(staff)
    if form.validate_on_submit():
        try:
            operations.update_staff(staff, form.data)
        except Refused as refusal:
            form.email.errors.append(refusal.message)
        else:
            flash(_("%(name)s bijgewerkt.", name=staff.name), "ok")
            return redirect(url_for("auth.staff_index"))
    return render_template("auth/staff_form.html", form=form, staff=staff), 422 if form.errors else 200
