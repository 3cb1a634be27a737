"""Login and staff forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, Optional, Regexp, ValidationError

from flask_babel import lazy_gettext as _l

from .. import i18n
from ..fields import Bounded
from . import passwords, roles

REQUIRED = _l("Dit veld is verplicht.")


def _password_policy(form, field):
    if field.data and (why := passwords.problem(field.data)):
        raise ValidationError(why)


class MultiCheckboxField(SelectMultipleField):
    """A choice of several, as checkboxes (one tap each on a phone) instead of a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(REQUIRED)])


class StaffForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Bounded(120)])
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Geen geldig e-mailadres.")), Bounded(254)])
    role = SelectField(_l("Rol"), choices=list(roles.LABELS.items()))
    # What the staff member sees of workers, rounds, boards and payouts (trajectory/access.py).
    site_ids = MultiCheckboxField(_l("Vestigingen"), coerce=int, validate_choice=False,
                                  description=_l("Assistenten en werkbegeleiders zien alleen de medewerkers, rondes, "
                                                 "werkvloeren en uitbetalingen van deze vestigingen."))
    all_sites = BooleanField(_l("Alle vestigingen"),
                             description=_l("Voor een trajectbegeleider die de hele organisatie begeleidt. Een "
                                            "beheerder ziet altijd alle vestigingen."))
    password = PasswordField(
        _l("Wachtwoord"),
        description=_l("Minstens %(min)s tekens; een zin van %(better)s+ tekens is het best.", min=passwords.MIN_LENGTH,
                       better=passwords.RECOMMENDED_LENGTH),
        validators=[Optional(), _password_policy],
    )
    # Each language named in its own words, so the choice can be read whatever the current language is.
    language = SelectField("Taal / Language", choices=list(i18n.LANGUAGES.items()), default=i18n.DEFAULT)
    active = BooleanField(_l("Actief"), default=True)
