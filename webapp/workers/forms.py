"""Forms for worker records, agreements and incidents."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Optional

from ..fields import Bounded

REQUIRED = _l("Dit veld is verplicht.")


class UploadField(FileField):
    """A file input that holds only what was uploaded with this request, never the record's current value."""

    def process_data(self, value):
        self.data = None


class WorkerForm(FlaskForm):
    first_name = StringField(_l("Voornaam"), validators=[DataRequired(REQUIRED), Bounded(80)])
    roepnaam = StringField(_l("Roepnaam"), validators=[Optional(), Bounded(80)])
    last_name = StringField(_l("Achternaam"), validators=[Optional(), Bounded(120)])
    external_id = StringField(_l("Registratienummer"), description=_l("Leeg laten: Dagdeel kiest er een."),
                              validators=[Optional(), Bounded(40)])
    phone = StringField(_l("Telefoon"), validators=[Optional(), Bounded(40)])
    shelter_id = SelectField(_l("Opvang"), coerce=int)
    # Not sent (a form of before this field): the worker keeps theirs (views._form); 0 is "no counsellor".
    counsellor_id = SelectField(_l("Trajectbegeleider"), coerce=int)
    uitkering = BooleanField(_l("Heeft een uitkering"))
    postadres = BooleanField(_l("Heeft een postadres"))
    ingeschreven = BooleanField(_l("Ingeschreven in de gemeente"))
    travel_euros = StringField(_l("Reiskosten per dag (€)"), default="0,00", validators=[Optional()])
    photo = UploadField(_l("Foto"), validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Alleen een foto (jpg, png)."))])


class EnrolForm(FlaskForm):
    module_phase = SelectField(_l("Module / fase"), validators=[DataRequired(REQUIRED)])
    start_date = DateField(_l("Vanaf"), validators=[DataRequired(_l("Geef een geldige datum."))])


class NoteForm(FlaskForm):
    """An agreement or an incident: a line of text."""

    text = TextAreaField(_l("Tekst"), validators=[DataRequired(_l("Schrijf kort wat er is afgesproken of gebeurd.")), Bounded(2000)])
    rides_bus = BooleanField(_l("Vaste afspraak: rijdt mee met de bus"))
