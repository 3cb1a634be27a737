"""The counsellor's conversation forms: the intake and the evaluatiegesprek."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import Bounded, CountField, DayField
from .operations import MAX_EXTENSION, OUTCOMES

DATE_REQUIRED = _l("Geef de datum van het gesprek, bijvoorbeeld 23-11-2026.")
EXTENSION = _l("Verlengen kan met 1 tot %(n)s maanden.", n=MAX_EXTENSION)
LONG = Bounded(5000)


def needs_a_date(form, field):
    """The one thing a conversation form requires (an empty post gets no parse error to show)."""
    if field.data is None and not field.errors:
        raise ValidationError(DATE_REQUIRED)


def text(label, description=None):
    return TextAreaField(label, description=description, validators=[Optional(), LONG])


class IntakeForm(FlaskForm):
    """Nothing is required but the date: the counsellor writes down what the conversation gave."""

    date = DayField(_l("Datum"), message=DATE_REQUIRED, validators=[needs_a_date], render_kw={"type": "date"})
    motivation = text(_l("Waarom hier?"), _l("Wat beweegt je, waarom wil je meedoen?"))
    wishes = text(_l("Wat wil je?"), _l("Wensen voor werk en leven."))
    education = text(_l("School en opleiding"))
    work_history = text(_l("Werk tot nu toe"))
    attention_points = text(_l("Aandachtspunten"), _l("Eén per regel."))
    goals = text(_l("Eerste doelen"), _l("Klein en haalbaar, één per regel."))
    # Sensitive: counsellors only.
    diagnosis = text(_l("Diagnose"))
    addiction = text(_l("Verslaving"))
    admissions = text(_l("Opnames"))


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReviewForm(FlaskForm):
    """The evaluatiegesprek: who was there, what was said, the plan, the afspraken, and one outcome."""

    date = DayField(_l("Datum"), message=DATE_REQUIRED, validators=[needs_a_date], render_kw={"type": "date"})
    present = CheckboxesField(_l("Wie waren erbij?"), validate_choice=False, choices=[
        ("worker", _l("Medewerker")), ("supervisor", _l("Werkbegeleider")), ("counsellor", _l("Trajectbegeleider"))])
    summary = text(_l("Kort verslag"))
    attention_points = text(_l("Aandachtspunten"), _l("Eén per regel."))
    goals = text(_l("Doelen"), _l("Eén per regel."))
    agreements = text(_l("Afspraken"), _l("Eén per regel; ze komen op de kaart."))
    outcome = RadioField(_l("Uitkomst"), validate_choice=False, choices=[
        ("verlengen", _l("Verlengen")), ("volgende_fase", _l("Volgende fase")), ("andere_module", _l("Andere module")),
        ("proefweek", _l("Proefweek Via Via")), ("uitstroom", _l("Uitstroom"))])
    months = CountField(_l("Hoeveel maanden?"), field="maanden", limit=MAX_EXTENSION, optional=True, default=1,
                        message=EXTENSION, validators=[Optional(), NumberRange(1, MAX_EXTENSION, EXTENSION)],
                        render_kw={"inputmode": "numeric"})
    module_phase = SelectField(_l("Welke module?"), validate_choice=False)
    outflow_code = SelectField(_l("Reden van uitstroom"), validate_choice=False)
    note = TextAreaField(_l("Toelichting"), description=_l("Bij uitstroom, of waarom een proefweek toch start."),
                         validators=[Optional(), Bounded(300)])

    def validate(self, extra_validators=None) -> bool:
        """Each outcome asks for its own field; the fields of the other outcomes are not read."""
        super().validate(extra_validators)
        needs = {"verlengen": (self.months, _l("Hoeveel maanden verlengen?")),
                 "andere_module": (self.module_phase, _l("Kies de module waar het traject verder gaat.")),
                 "uitstroom": (self.outflow_code, _l("Kies een reden van uitstroom."))}
        if self.outcome.data not in OUTCOMES:
            self.outcome.errors = [_l("Kies een uitkomst van het gesprek.")]
        wanted, message = needs.get(self.outcome.data, (None, None))
        for field, _message in needs.values():
            if field is not wanted:
                field.errors = []
        if wanted is not None and not wanted.errors:
            given = getattr(wanted, "choices", None)
            choices = {str(value) for value, _label in _flat(given)} if given is not None else None
            if wanted.data in (None, "") or (choices is not None and wanted.data not in choices):
                wanted.errors = [message]
        return not any(field.errors for field in self)


def _flat(choices):
    """The (value, label) pairs of a select's choices, also when they are grouped ({group: [(value, label)]})."""
    if isinstance(choices, dict):
        return [pair for group in choices.values() for pair in group]
    return list(choices)
