"""Forms for worker records, agreements and incidents."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

REQUIRED = "Dit veld is verplicht."


class UploadField(FileField):
    """A file input that holds only what was uploaded with this request, never the record's current value."""

    def process_data(self, value):
        self.data = None


class WorkerForm(FlaskForm):
    first_name = StringField("Voornaam", validators=[DataRequired(REQUIRED), Length(max=80)])
    roepnaam = StringField("Roepnaam", validators=[Optional(), Length(max=80)])
    last_name = StringField("Achternaam", validators=[Optional(), Length(max=120)])
    external_id = StringField("Registratienummer", description="Leeg laten: Dagdeel kiest er een.",
                              validators=[Optional(), Length(max=40)])
    phone = StringField("Telefoon", validators=[Optional(), Length(max=40)])
    shelter_id = SelectField("Opvang", coerce=int)
    uitkering = BooleanField("Heeft een uitkering")
    postadres = BooleanField("Heeft een postadres")
    ingeschreven = BooleanField("Ingeschreven in de gemeente")
    travel_euros = StringField("Reiskosten per dag (€)", default="0,00", validators=[Optional()])
    photo = UploadField("Foto", validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], "Alleen een foto (jpg, png).")])


class EnrolForm(FlaskForm):
    module_phase = SelectField("Module / fase", validators=[DataRequired(REQUIRED)])
    start_date = DateField("Vanaf", validators=[DataRequired("Geef een geldige datum.")])


class NoteForm(FlaskForm):
    """An agreement or an incident: a line of text."""

    text = TextAreaField("Tekst", validators=[DataRequired("Schrijf kort wat er is afgesproken of gebeurd."), Length(max=2000)])
    rides_bus = BooleanField("Vaste afspraak: rijdt mee met de bus")
