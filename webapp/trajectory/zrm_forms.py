"""Forms of the ZRM (one tap per domain) and of an entered Participatieladder rung."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from ..fields import DayField
from . import zrm_labels, zrm_rules

DAY = _l("Geef een datum, bijvoorbeeld 2026-11-23.")


class ZrmForm(FlaskForm):
    occasion = RadioField(_l("Moment"), choices=list(zrm_labels.OCCASIONS.items()),
                          validators=[InputRequired(message=_l("Kies het moment: intake, voortgang of uitstroom."))])
    assessed_on = DayField(_l("Datum"), validators=[InputRequired(message=DAY)], message=DAY, render_kw={"type": "date"})

    def domains(self):
        """The thirteen domain fields in the ZRM's order."""
        return [self[code] for code in zrm_rules.ZRM_DOMAINS]


for _code in zrm_rules.ZRM_DOMAINS:
    setattr(ZrmForm, _code, RadioField(
        zrm_labels.DOMAINS[_code], coerce=int, choices=list(zrm_labels.LEVELS.items()),
        validators=[InputRequired(message=_l("Kies een score van 1 tot 5."))]))


class LadderForm(FlaskForm):
    day = DayField(_l("Datum"), validators=[InputRequired(message=DAY)], message=DAY, render_kw={"type": "date"})
    rung = RadioField(_l("Trede"), coerce=int, choices=list(zrm_labels.RUNGS.items()),
                      validators=[InputRequired(message=_l("Kies een trede van 1 tot 6."))])
