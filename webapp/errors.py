"""Dutch error pages (and fragments for htmx) instead of English defaults."""
from contextlib import contextmanager

from flask import Flask, flash, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from wtforms import FieldList, FormField, RadioField, SelectMultipleField

from .extensions import db
from .parse import BadInput


class Refused(Exception):
    """An operation that cannot be done, with the Dutch reason for the user. `code` names the kind of refusal
    for a view that reacts to it ("conditions": confirm first; "photo": the upload was the problem), and
    `details` carries what it needs (the unmet conditions); views never read the message to decide."""

    def __init__(self, message: str, *, code: str | None = None, **details):
        super().__init__(message)
        self.message, self.code, self.details = message, code, details


@contextmanager
def refused_as(code: str):
    """A value parsed at the edge (`parse.text`, `parse.day`) for a hand-read form: its Dutch BadInput becomes the
    form's refusal of that field (`Refused.code`), shown beside the field with what was typed kept."""
    try:
        yield
    except BadInput as error:
        raise Refused(str(error), code=code) from error

MESSAGES = {
    403: (_l("Geen toegang"), _l("Dit scherm is niet voor jouw rol. Vraag een beheerder als je denkt dat dit niet klopt.")),
    404: (_l("Niet gevonden"), _l("Deze pagina of medewerker bestaat niet (meer).")),
    405: (_l("Niet toegestaan"), _l("Deze actie kan zo niet.")),
    413: (_l("Bestand te groot"), _l("Het bestand is groter dan 8 MB. Kies een kleiner bestand.")),
    429: (_l("Even wachten"), _l("Te veel pogingen achter elkaar met een verkeerd e-mailadres of wachtwoord. "
                                 "Wacht een kwartier en probeer het opnieuw.")),
}


def init_app(app: Flask) -> None:
    """Register the Dutch error pages."""

    def render(code: int, message: str | None = None):
        title, text = (str(part) for part in MESSAGES[code])
        if is_background():  # a queued write shows the refusal, not the page around it
            text = message or text[0].lower() + text[1:]
            return f'<p class="error" role="alert">{escape(title)}: {escape(text)}</p>', code, {"HX-Reswap": "none"}
        return render_template("error.html", title=title, message=message or text), code

    def own_words(error) -> str | None:
        """The Dutch reason a view gave with `abort(403, description=…)` (werkzeug's English default otherwise)."""
        given = getattr(error, "code", None) == 403 and "description" in vars(error)  # never a library's words
        return error.description if given else None

    app.jinja_env.globals.update(form_problems=form_problems, coded_problems=coded_problems, messages=messages)
    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: render(code, own_words(error)))

    @app.before_request
    def no_nul_bytes():
        """A NUL byte is never part of anything typed here (PostgreSQL cannot even store one in text): refused at the
        edge, for every parameter of every route, as a Dutch 422 — before a view passes it to a query."""
        if any("\x00" in key or "\x00" in value for key, value in request.values.items(multi=True)):
            raise BadInput(_("Er staat een ongeldig teken (NUL) in wat er gestuurd is."))

    @app.errorhandler(BadInput)
    def bad_input(error: BadInput):
        """A value that cannot mean anything here: a Dutch 422 (404 for an id that cannot exist), never a 500."""
        title = MESSAGES[404][0] if error.status == 404 else _("Klopt niet")
        return refusal_answer(str(error), error.status, title)

    @app.errorhandler(Refused)
    def refused(refusal: Refused):
        """An operation said no and the view has no screen of its own to show it on: the same Dutch 422."""
        return refusal_answer(refusal.message, title=_("Dat kan niet"))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        app.logger.warning("CSRF refused: %s", error.description)
        if not current_user.is_authenticated and is_background():
            # The session expired: a queued write must stay queued until the user logs in again.
            return _("Sessie verlopen: log opnieuw in."), 401
        return render_template(
            "error.html", title=_("Formulier verlopen"),
            message=_("Dit formulier is verlopen of kwam niet van Dagdeel. Ga terug, herlaad de pagina en probeer het opnieuw."),
        ), 400


def refusal_answer(message: str, status: int = 422, title: str = "Klopt niet"):
    """A refusal (bad input or an operation's no) as the answer: for a background request only the reason in a
    `role="alert"` element and nothing to swap (the screen keeps what the user entered, the queue shows the
    text as a conflict), for a page the Dutch error page. Never recorded as applied (it is a 4xx)."""
    if is_background():
        return f'<p class="error" role="alert">{escape(message)}</p>', status, {"HX-Reswap": "none"}
    return render_template("error.html", title=title, message=message), status


def refused_page(message: str, template: str, *, in_place: bool = False, **context):
    """A refusal shown on the view's own page (a plain form's, or a boosted one's): the page as it is now with
    the reason on top (a flashed error, `role="alert"`, which the queue takes as the conflict's text), a 422,
    so nothing is recorded as applied and the same UUID may come again. A boosted form stays at the page's address
    (not the form's, which a reload would GET). `in_place`: the page says it again beside the button (focused,
    `autofocus`), so the phone does not scroll to the top."""
    flash(message, "error")
    headers = {"HX-Push-Url": "false"}
    if in_place:
        headers["HX-Reswap"] = "innerHTML show:none"
    return render_template(template, **context), 422, headers


def refused_form(form, refusal: Refused, fields: dict | None = None) -> None:
    """A form's write refused: undo what it wrote, and put the Dutch reason beside the field its `code` names (in
    `fields`, else the form's field of that name), or above the form. The view shows the form again with a 422."""
    db.session.rollback()
    target = (fields or {}).get(refusal.code) or getattr(form, refusal.code or "", None)
    if target is None:
        form.form_errors.append(refusal.message)
    else:
        target.errors = [*target.errors, refusal.message]


def form_problems(form) -> list[tuple[str | None, str]]:
    """What the error summary of a refused WTForms form lists (`_macros.html` error_summary): per message the id of
    the element to go to — the field, the first option of a group of radios or checkboxes (rendered with WTForms'
    ids, `<name>-0`), the fields of a list's entries — in the order of the form, then the form's own messages (None:
    nowhere to go)."""
    found = []
    for f in form:
        target = f"{f.id}-0" if isinstance(f, RadioField | SelectMultipleField) else f.id
        found += [(target, f"{f.label.text}: {message}") for message in messages(f)]  # which field, said
        if isinstance(f, FieldList | FormField):  # iterating them gives their entries' (their form's) fields
            found += [problem for problem in form_problems(f) if problem[0]]
    return found + [(None, str(error)) for error in getattr(form, "form_errors", [])]


def messages(field) -> list[str]:
    """A WTForms field's messages (possibly translated lazily), not a sub-form's lists of them."""
    errors = [] if isinstance(field.errors, dict) else field.errors  # a FormField's: its fields' own
    return [str(error) for error in errors if isinstance(error, str) or hasattr(error, "__html__")]


def coded_problems(errors: dict, ids: dict) -> list[tuple[str | None, str]]:
    """The error summary's list for a hand-read form whose refusals name a field by their code (`Refused.code`):
    `ids` maps each code to the id of its input."""
    return [(ids.get(code), str(message)) for code, message in errors.items()]


def is_background() -> bool:
    """An htmx request or a replay from the phone's queue: it wants the refusal itself, not a page."""
    return bool(request.headers.get("HX-Request") or request.headers.get("Dagdeel-Replay"))
