"""Planning a round ahead: its day, its bus, its stops in order, and who rides along."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, ValidationError

from ..fields import DayField, FlagField, ParsedField


class PositionField(ParsedField):
    """A stop's place in the order typed on the plan form (0 when empty or not a small number)."""

    def read(self, text: str) -> int:
        text = text.strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else 0


class PlanForm(FlaskForm):
    """The fixed part of the plan form; `plan_form` adds a tick (`stop-<id>`) and a place in the order
    (`order-<id>`) per shelter."""

    date = DayField(message=_l("Kies een geldige datum."))
    bus_id = StringField()
    staff = SelectMultipleField(validate_choice=False)

    def validate_bus_id(self, field):
        self.bus = next((b for b in self.buses if str(b.id) == field.data), None)
        if self.bus is None:
            raise ValidationError(_l("Kies een bus."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.stops():
            self.form_errors.append(_l("Kies minstens één opvang."))
            return False
        return valid

    def stops(self) -> list:
        """The ticked shelters in the order typed (ties: route order)."""
        order = sorted((self[f"order-{s.id}"].data or 0, s.route_order, s.id, s) for s in self.shelters
                       if self[f"stop-{s.id}"].data)
        return [s for *_, s in order]

    def staff_on_bus(self, staff) -> list[int]:
        """The ids of the ticked staff among those who can ride."""
        return [s.id for s in staff if str(s.id) in (self.staff.data or [])]


def plan_form(buses, shelters) -> PlanForm:
    """The plan form for these buses and shelters."""
    per_shelter = {f"stop-{s.id}": FlagField() for s in shelters} | {f"order-{s.id}": PositionField() for s in shelters}
    form = type("ShelterPlanForm", (PlanForm,), per_shelter)()
    form.buses, form.shelters = buses, shelters
    return form
