"""Forms for the organisation's sites, workshops (with dagdeel blocks), shelters and buses."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from .models import PROGRAMMES

REQUIRED = "Dit veld is verplicht."


class SiteForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=80)])
    active = BooleanField("Actief", default=True)


class BlockForm(Form):
    """One dagdeel row; an empty name removes the row."""

    id = HiddenField()
    name = StringField("Dagdeel", validators=[Optional(), Length(max=40)])
    starts_at = TimeField("Van", validators=[Optional()])
    ends_at = TimeField("Tot", validators=[Optional()])

    def validate_name(self, field):
        if field.data and not (self.starts_at.data and self.ends_at.data):
            raise ValidationError("Geef begin- en eindtijd.")
        if field.data and self.starts_at.data and self.ends_at.data and self.ends_at.data <= self.starts_at.data:
            raise ValidationError("De eindtijd moet na de begintijd liggen.")


class WorkshopForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=80)])
    site_id = SelectField("Vestiging", coerce=int)
    programme = SelectField("Uitbetaling volgens", choices=[("", "geen")] + list(PROGRAMMES.items()))
    active = BooleanField("Actief", default=True)
    blocks = FieldList(FormField(BlockForm), min_entries=1)

    def validate_blocks(self, field):
        names = [b.form.name.data.strip().lower() for b in field.entries if b.form.name.data]
        if not names:
            raise ValidationError("Een werkplaats heeft minstens één dagdeel.")
        if len(names) != len(set(names)):
            raise ValidationError("Twee dagdelen hebben dezelfde naam.")


class ShelterForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=80)])
    address = StringField("Adres", validators=[Optional(), Length(max=200)])
    route_order = IntegerField("Volgorde in de ronde", default=1, validators=[NumberRange(0, 999, "Kies 0 tot 999.")])
    site_id = SelectField("Vestiging", coerce=int)
    active = BooleanField("Actief", default=True)


class BusForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=80)])
    seats = IntegerField("Zitplaatsen (zonder chauffeur)", default=8,
                         validators=[DataRequired(REQUIRED), NumberRange(1, 60, "Kies 1 tot 60 plaatsen.")])
    site_id = SelectField("Vestiging", coerce=int)
    active = BooleanField("Actief", default=True)
