"""Forms of the Uitbetaling tab: the cash count and a new version of a payout rule (beheer)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, ValidationError

from ..fields import CentsField, CountField, DayField, FlagField


class CashCountForm(FlaskForm):
    """The morning's float and vouchers taken (begin), or the end-of-day count with a note (tellen)."""

    amount = CentsField()
    vouchers = CountField(field="aantal kaarten")
    note = StringField()


class RuleForm(FlaskForm):
    """A new version of a payout rule, in force from its date."""

    programme = SelectField(choices=[("lnw", "Loon naar Werken"), ("viavia", "Via Via")],
                            validate_choice=False)
    effective_from = DayField(field="ingangsdatum", message=_l("Kies de datum vanaf wanneer de regel geldt."))
    min_units = CountField(field="minimum", limit=1000)
    max_units = CountField(field="maximum", limit=1000)
    vouchers = CountField(field="kaarten", limit=1000)
    phase = CountField(field="fase", limit=99, optional=True)
    amount = CentsField()
    travel = FlagField()
    early_leave_paid = FlagField()

    def validate_programme(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Kies Loon naar Werken of Via Via."))

    def validate_max_units(self, field):
        if field.data is not None and self.min_units.data is not None and field.data < self.min_units.data:
            raise ValidationError(_l("Het maximum moet minstens het minimum zijn."))

    def rule(self) -> dict:
        """The new version's data for `operations.add_rule`."""
        return {"programme": self.programme.data, "effective_from": self.effective_from.data, "phase": self.phase.data,
                "amount_cents": self.amount.data, "min_units": self.min_units.data, "max_units": self.max_units.data,
                "vouchers": self.vouchers.data, "travel": self.travel.data, "early_leave_paid": self.early_leave_paid.data}
