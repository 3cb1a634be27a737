"""Beheer: the lists and forms for sites, workshops, shelters and buses."""
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..auth import roles
from ..auth.access import allow
from ..extensions import db
from . import bp, forms, operations
from .models import Bus, Shelter, Site, Workshop


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    singular: str
    plural: str
    order: tuple


KINDS = {
    "vestigingen": Kind(Site, forms.SiteForm, "vestiging", "Vestigingen", (Site.name,)),
    "werkplaatsen": Kind(Workshop, forms.WorkshopForm, "werkplaats", "Werkplaatsen", (Workshop.name,)),
    "opvang": Kind(Shelter, forms.ShelterForm, "opvang", "Dag- en nachtopvang", (Shelter.route_order, Shelter.name)),
    "bussen": Kind(Bus, forms.BusForm, "bus", "Bussen", (Bus.name,)),
}


def _kind(kind: str) -> Kind:
    return KINDS.get(kind) or abort(404)


@bp.get("/")
@allow(roles.ADMIN)
def index():
    """The beheer menu."""
    return render_template("org/index.html", kinds=KINDS)


@bp.get("/<kind>")
@allow(roles.ADMIN)
def list_kind(kind: str):
    """List the sites, workshops, shelters or buses."""
    k = _kind(kind)
    items = db.session.scalars(select(k.model).order_by(k.model.active.desc(), *k.order)).all()
    return render_template("org/list.html", kind=kind, k=k, items=items)


@bp.route("/<kind>/nieuw", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/<kind>/<int:item_id>", methods=["GET", "POST"])
@allow(roles.ADMIN)
def edit(kind: str, item_id: int | None):
    """Create or change one site, workshop, shelter or bus."""
    k = _kind(kind)
    item = db.session.get(k.model, item_id) or abort(404) if item_id else None
    form = k.form(obj=item)
    if "site_id" in form:
        form.site_id.choices = operations.sites_choices()
        if item is None and not form.is_submitted():
            form.site_id.data = current_user.site_id
    if isinstance(form, forms.WorkshopForm) and not form.is_submitted():
        for _ in range(2):
            form.blocks.append_entry()
    if form.validate_on_submit():
        error = operations.save(item or k.model(), form)
        if error is None:
            flash(f"{k.singular.capitalize()} {form.name.data} opgeslagen.", "ok")
            return redirect(url_for("org.list_kind", kind=kind))
        form.name.errors.append(error)
    status = 422 if form.errors else 200
    return render_template("org/edit.html", kind=kind, k=k, form=form, item=item), status
