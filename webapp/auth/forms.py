"""Login and staff forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from flask_babel import lazy_gettext as _l

from .. import i18n
from . import passwords, roles

REQUIRED = _l("Dit veld is verplicht.")


def _password_policy(form, field):
    if field.data and (why := passwords.problem(field.data)):
        raise ValidationError(why)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(REQUIRED)])


class StaffForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Geen geldig e-mailadres.")), Length(max=254)])
    role = SelectField(_l("Rol"), choices=list(roles.LABELS.items()))
    site_id = SelectField(_l("Vestiging"), coerce=int, validate_choice=False)
    password = PasswordField(
        _l("Wachtwoord"),
        description=_l("Minstens %(min)s tekens; een zin van %(better)s+ tekens is het best.", min=passwords.MIN_LENGTH,
                       better=passwords.RECOMMENDED_LENGTH),
        validators=[Optional(), _password_policy],
    )
    # Each language named in its own words, so the choice can be read whatever the current language is.
    language = SelectField("Taal / Language", choices=list(i18n.LANGUAGES.items()), default=i18n.DEFAULT)
    active = BooleanField(_l("Actief"), default=True)
