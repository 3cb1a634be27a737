"""Forms for the werkmaatje, the werkervaringsplaats, meetings, planning a training series and learning goals."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import Bounded, CountField, DayField

def choice_id(value) -> int:
    """A chosen id as sent; anything that is not one becomes -1, which no list offers (the view says so in Dutch)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number < 2**31 else -1


DAY = _l("Geef een datum, bijvoorbeeld 23-11-2026.")


def _day(label, required=True):
    validators = [InputRequired(message=DAY)] if required else []
    return DayField(label, validators=validators, optional=not required, message=DAY, render_kw={"type": "date"})


def _text(label, n=120, description=None):
    return StringField(label, description=description, validators=[Optional(), Bounded(n)])


class BuddyForm(FlaskForm):
    role_id = SelectField(_l("Rol"), coerce=choice_id, validate_choice=False)
    buddy_worker_id = SelectField(_l("Een medewerker"), coerce=choice_id, validate_choice=False)
    name = _text(_l("Of een vrijwilliger (naam)"))
    start = _day(_l("Vanaf"))
    end = _day(_l("Tot (leeg: loopt nog)"), required=False)


class PlacementForm(FlaskForm):
    organisation = StringField(_l("Organisatie"), validators=[
        InputRequired(message=_l("Schrijf de naam van de organisatie.")), Bounded(120)])
    address = _text(_l("Adres"), 200)
    contact = _text(_l("Contactpersoon"), 120, _l("Naam en telefoonnummer"))
    supervisor = _text(_l("Werkbegeleider daar"))
    hours_per_week = CountField(_l("Uren per week"), field="uren per week", limit=60, optional=True)
    start = _day(_l("Vanaf"))
    end = _day(_l("Tot (leeg: loopt nog)"), required=False)


class EndForm(FlaskForm):
    end = _day(_l("Einddatum"))


class MeetingForm(FlaskForm):
    type_id = SelectField(_l("Soort overleg"), coerce=choice_id, validate_choice=False)
    held_on = _day(_l("Datum"))
    parties = TextAreaField(_l("Wie waren erbij"), description=_l("Eén per regel, bijv. ‘werkbegeleider Bakkerij Jansen’."),
                            validators=[Bounded(2000)])
    agreements = TextAreaField(_l("Afspraken"), description=_l("Eén per regel; ze komen als afspraak op de kaart."),
                               validators=[Optional(), Bounded(5000)])


class SeriesForm(FlaskForm):
    template_id = SelectField(_l("Training"), coerce=choice_id, validate_choice=False)
    first = _day(_l("Eerste bijeenkomst"))
    every_days = CountField(_l("Dagen tussen de bijeenkomsten"), field="dagen", limit=60, optional=True)
    dates = TextAreaField(_l("Of: alle data"), description=_l("Eén datum per regel (jjjj-mm-dd); leeg: elke week vanaf de eerste."),
                          validators=[Optional(), Bounded(2000)])
    trainer_staff_id = SelectField(_l("Trainer"), coerce=choice_id, validate_choice=False)
    trainer_name = _text(_l("Of trainer (naam)"), description=_l("Een naam hier gaat voor de keuze hierboven."))
    workers = SelectMultipleField(_l("Wie doen mee"), coerce=choice_id, validate_choice=False,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class GoalForm(FlaskForm):
    text = TextAreaField(_l("Persoonlijke leerdoelen"), validators=[Bounded(4000)])
