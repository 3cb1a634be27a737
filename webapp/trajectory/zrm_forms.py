"""Forms of the ZRM (one tap per domain) and of an entered Participatieladder rung."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired, StopValidation

from ..fields import DayField
from . import zrm_labels, zrm_rules
from .support_forms import choice_id

DAY = _l("Geef een datum, bijvoorbeeld 23-11-2026.")


class TapField(RadioField):
    """A row of tap targets (trajectory/_tap_choices.html): no choice, or one not offered, is one Dutch message."""

    def __init__(self, label=None, choices=None, message="", coerce=str, **kwargs):
        super().__init__(label, choices=choices, coerce=coerce, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in {value for value, _words in self.choices}:
            raise StopValidation(str(self.message))


class ZrmForm(FlaskForm):
    occasion = TapField(_l("Moment"), list(zrm_labels.OCCASIONS.items()),
                        _l("Kies het moment: intake, voortgang of uitstroom."))
    assessed_on = DayField(_l("Datum"), validators=[InputRequired(message=DAY)], message=DAY, render_kw={"type": "date"})

    def domains(self):
        """The thirteen domain fields in the ZRM's order."""
        return [self[code] for code in zrm_rules.ZRM_DOMAINS]


for _code in zrm_rules.ZRM_DOMAINS:
    setattr(ZrmForm, _code, TapField(zrm_labels.DOMAINS[_code], list(zrm_labels.LEVELS.items()),
                                     _l("Kies een score van 1 tot 5."), coerce=choice_id))


class LadderForm(FlaskForm):
    day = DayField(_l("Datum"), validators=[InputRequired(message=DAY)], message=DAY, render_kw={"type": "date"})
    rung = TapField(_l("Trede"), list(zrm_labels.RUNGS.items()), _l("Kies een trede van 1 tot 6."), coerce=choice_id)
