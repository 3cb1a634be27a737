"""Beheer: the lists and forms for sites, workshops, shelters and buses."""
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..auth import roles
from ..auth.access import allow
from ..errors import Refused
from . import bp, forms, operations, queries
from .models import Bus, Shelter, Site, Workshop


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    singular: str
    plural: str
    order: tuple


KINDS = {
    "vestigingen": Kind(Site, forms.SiteForm, _l("vestiging"), _l("Vestigingen"), (Site.name,)),
    "werkplaatsen": Kind(Workshop, forms.WorkshopForm, _l("werkplaats"), _l("Werkplaatsen"), (Workshop.name,)),
    "opvang": Kind(Shelter, forms.ShelterForm, _l("opvang"), _l("Dag- en nachtopvang"), (Shelter.route_order, Shelter.name)),
    "bussen": Kind(Bus, forms.BusForm, _l("bus"), _l("Bussen"), (Bus.name,)),
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
    return render_template("org/list.html", kind=kind, k=k, items=queries.listed(k.model, *k.order))


@bp.route("/<kind>/nieuw", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/<kind>/<int:item_id>", methods=["GET", "POST"])
@allow(roles.ADMIN)
def edit(kind: str, item_id: int | None):
    """Create or change one site, workshop, shelter or bus."""
    k = _kind(kind)
    item = queries.get_or_404(k.model, item_id) if item_id else None
    form = k.form(obj=item)
    if "site_id" in form:
        form.site_id.choices = operations.sites_choices()
        if item is None and not form.is_submitted():
            form.site_id.data = current_user.sites[0].id if current_user.sites else None
    if isinstance(form, forms.WorkshopForm) and not form.is_submitted():
        for _row in range(2):
            form.blocks.append_entry()
    if form.validate_on_submit():
        try:
            operations.save(item or k.model(), form)
        except Refused as refusal:
            form.name.errors.append(refusal.message)
        else:
            # The kind, then the name as typed: "Bus ‘Bus 2’ opgeslagen.", never "Bus Bus 2".
            flash(_("%(kind)s ‘%(name)s’ opgeslagen.", kind=str(k.singular).capitalize(), name=form.name.data), "ok")
            return redirect(url_for("org.list_kind", kind=kind))
    status = 422 if form.errors else 200
    return render_template("org/edit.html", kind=kind, k=k, form=form, item=item), status
