"""The status menu of a row on the board: a status, with its time, reason and note where the status takes them."""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError

from .. import parse
from ..fields import Bounded, FlagField
from . import rules


class StatusForm(FlaskForm):
    """What one tap or the menu sends. The status itself is checked by `operations.set_status` (which the bus
    round's arrival and the import also go through); this form checks what the menu adds to it."""

    status = StringField()
    at_time = StringField()
    reason = StringField()
    note = StringField(validators=[Bounded(rules.NOTE_MAX)])
    early_leave_counts = FlagField()

    block = None  # the dagdeel the status is for (the view sets it): a time must lie within it

    def validate_at_time(self, field):
        self.time = None
        if rules.takes_time(self.status.data or "") and field.data:
            try:
                self.time = parse.time_of_day(field.data)
            except parse.BadInput as problem:
                raise ValidationError(str(problem)) from None
            block = self.block
            if block is not None and not rules.within_block(self.time, block.starts_at, block.ends_at):
                raise ValidationError(_l("Kies een tijd binnen het dagdeel, tussen %(start)s en %(end)s.",
                                         start=f"{block.starts_at:%H:%M}", end=f"{block.ends_at:%H:%M}"))

    def validate_reason(self, field):
        if rules.lacks_reason(self.status.data or "", field.data or "", self.note.data or ""):
            raise ValidationError(_l("Geef een reden."))

    def validate_early_leave_counts(self, field):
        if field.data and not rules.may_count_early_leave(current_user.role):
            raise ValidationError(_l("Alleen een werkbegeleider kan een vroeg vertrek laten meetellen."))

    def details(self) -> dict:
        """The note, time and early-leave say for `operations.set_status`, for a form that validated."""
        status = self.status.data or ""
        reason = (self.reason.data or "") if rules.takes_reason(status) else ""
        note = " · ".join(p for p in (reason, (self.note.data or "").strip()) if p)
        return {"note": note, "at_time": self.time, "early_leave_counts": bool(self.early_leave_counts.data)}
