"""Forms for the organisation's sites, workshops (with dagdeel blocks), shelters and buses."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TimeField
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..fields import Bounded
from .models import PROGRAMMES

REQUIRED = _l("Dit veld is verplicht.")


class SiteForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Bounded(80)])
    active = BooleanField(_l("Actief"), default=True)


class BlockForm(Form):
    """One dagdeel row; an empty name removes the row."""

    id = HiddenField()
    name = StringField(_l("Dagdeel"), validators=[Optional(), Bounded(40)])
    starts_at = TimeField(_l("Van"), validators=[Optional()])
    ends_at = TimeField(_l("Tot"), validators=[Optional()])

    def validate_name(self, field):
        if field.data and not (self.starts_at.data and self.ends_at.data):
            raise ValidationError(_l("Geef begin- en eindtijd."))
        if field.data and self.starts_at.data and self.ends_at.data and self.ends_at.data <= self.starts_at.data:
            raise ValidationError(_l("De eindtijd moet na de begintijd liggen."))


class WorkshopForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Bounded(80)])
    site_id = SelectField(_l("Vestiging"), coerce=int)
    programme = SelectField(_l("Uitbetaling volgens"), choices=[("", _l("geen"))] + list(PROGRAMMES.items()))
    active = BooleanField(_l("Actief"), default=True)
    blocks = FieldList(FormField(BlockForm), min_entries=1)

    def validate_blocks(self, field):
        names = [b.form.name.data.strip().lower() for b in field.entries if b.form.name.data]
        if not names:
            raise ValidationError(_l("Een werkplaats heeft minstens één dagdeel."))
        if len(names) != len(set(names)):
            raise ValidationError(_l("Twee dagdelen hebben dezelfde naam."))


class ShelterForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Bounded(80)])
    address = StringField(_l("Adres"), validators=[Optional(), Bounded(200)])
    route_order = IntegerField(_l("Volgorde in de ronde"), default=1, validators=[NumberRange(0, 999, _l("Kies 0 tot 999."))])
    site_id = SelectField(_l("Vestiging"), coerce=int)
    active = BooleanField(_l("Actief"), default=True)


class BusForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Bounded(80)])
    seats = IntegerField(_l("Zitplaatsen (zonder chauffeur)"), default=8,
                         validators=[DataRequired(REQUIRED), NumberRange(1, 60, _l("Kies 1 tot 60 plaatsen."))])
    site_id = SelectField(_l("Vestiging"), coerce=int)
    active = BooleanField(_l("Actief"), default=True)
