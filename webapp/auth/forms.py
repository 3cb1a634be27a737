"""Login and staff forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from . import passwords, roles

REQUIRED = "Dit veld is verplicht."


def _password_policy(form, field):
    if field.data and (why := passwords.problem(field.data)):
        raise ValidationError(why)


class LoginForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED)])
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED)])


class StaffForm(FlaskForm):
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Geen geldig e-mailadres."), Length(max=254)])
    role = SelectField("Rol", choices=list(roles.LABELS.items()))
    site_id = SelectField("Vestiging", coerce=int, validate_choice=False)
    password = PasswordField(
        "Wachtwoord",
        description=f"Minstens {passwords.MIN_LENGTH} tekens; een zin van {passwords.RECOMMENDED_LENGTH}+ tekens is het best.",
        validators=[Optional(), _password_policy],
    )
    active = BooleanField("Actief", default=True)
