"""WTForms fields that read what was typed through the one parser of its kind (`parse.py`, and
`formatting.parse_cents` for money), so a form and a hand-read request never parse a value two ways. A value
that cannot be read becomes the field's Dutch error; the field keeps what was typed for the form shown again."""
from wtforms import StringField
from wtforms.validators import Length, StopValidation, ValidationError

from . import parse
from .formatting import parse_cents


def first_problem(form) -> str | None:
    """The first thing wrong with a validated form, in the order of its fields, then the form's own, in Dutch."""
    return next(iter([str(error) for field in form for error in field.errors] + [str(e) for e in form.form_errors]), None)


class ParsedField(StringField):
    """A text input whose value `read(text)` turns into a typed value (or a ValueError with a Dutch reason,
    which `message` replaces when given). With `optional`, an empty input is None."""

    def __init__(self, label=None, validators=None, *, optional: bool = False, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.optional, self.message = optional, message

    def read(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = None
        if self.optional and not text.strip():
            return
        try:
            self.data = self.read(text)
        except ValueError as problem:  # WTForms keeps it as this field's error
            raise ValueError(str(self.message or problem)) from None

    def pre_validate(self, form):
        """A value that cannot be read has one message, why not: the validators after it (a range) are not run."""
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class CentsField(ParsedField):
    """An amount in euros as people type it ('4,60', '€ 4.60', '12'), as integer cents."""

    def read(self, text: str) -> int:
        return parse_cents(text)


class CountField(ParsedField):
    """A whole number people count (vouchers, dagdelen), 0 up to `limit`."""

    def __init__(self, label=None, validators=None, *, field: str, limit: int = 10_000, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.field, self.limit = field, limit

    def read(self, text: str) -> int:
        return parse.count(text, field=self.field, limit=self.limit)


class DayField(ParsedField):
    """A date written as YYYY-MM-DD (what `<input type="date">` sends)."""

    def __init__(self, label=None, validators=None, *, field: str = "datum", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.field = field

    def read(self, text: str):
        return parse.day(text, field=self.field)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""


class FlagField(ParsedField):
    """A checkbox or hidden 0/1 flag."""

    def read(self, text: str) -> bool:
        return parse.flag(text)


class Bounded(Length):
    """The bound of a free-text field: `maxlength` on its input (WTForms renders the flag) and, for a longer text
    sent anyway, the one Dutch refusal (`parse.too_long`), never a cut."""

    def __init__(self, limit: int):
        super().__init__(max=limit)

    def __call__(self, form, field):
        length = len(field.data or "")
        if length > self.max:
            raise ValidationError(parse.too_long(self.max, length))
