"""Dutch error pages (and fragments for htmx) instead of English defaults."""
from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape

from .parse import BadInput

MESSAGES = {
    403: ("Geen toegang", "Dit scherm is niet voor jouw rol. Vraag een beheerder als je denkt dat dit niet klopt."),
    404: ("Niet gevonden", "Deze pagina of medewerker bestaat niet (meer)."),
    405: ("Niet toegestaan", "Deze actie kan zo niet."),
    413: ("Bestand te groot", "Het bestand is groter dan 8 MB. Kies een kleiner bestand."),
    429: ("Even wachten", "Te veel pogingen achter elkaar met een verkeerd e-mailadres of wachtwoord. "
                          "Wacht een kwartier en probeer het opnieuw."),
}


def init_app(app: Flask) -> None:
    """Register the Dutch error pages."""

    def render(code: int, message: str | None = None):
        title, text = MESSAGES[code]
        if is_background():  # a queued write shows the refusal, not the page around it
            text = message or text[0].lower() + text[1:]
            return f'<p class="error" role="alert">{escape(title)}: {escape(text)}</p>', code, {"HX-Reswap": "none"}
        return render_template("error.html", title=title, message=message or text), code

    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: render(code))

    @app.errorhandler(BadInput)
    def bad_input(error: BadInput):
        """A value that cannot mean anything here: a Dutch 422 (404 for an id that cannot exist), never a 500."""
        if is_background():
            # Nothing to swap: the screen keeps what the user entered; the refusal text is the whole answer.
            return f'<p class="error" role="alert">{escape(str(error))}</p>', error.status, {"HX-Reswap": "none"}
        title = MESSAGES[404][0] if error.status == 404 else "Klopt niet"
        return render_template("error.html", title=title, message=str(error)), error.status

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        app.logger.warning("CSRF refused: %s", error.description)
        if not current_user.is_authenticated and is_background():
            # The session expired: a queued write must stay queued until the user logs in again.
            return "Sessie verlopen: log opnieuw in.", 401
        return render_template(
            "error.html", title="Formulier verlopen",
            message="Dit formulier is verlopen of kwam niet van Dagdeel. Ga terug, herlaad de pagina en probeer het opnieuw.",
        ), 400


def is_background() -> bool:
    """An htmx request or a replay from the phone's queue: it wants the refusal itself, not a page."""
    return bool(request.headers.get("HX-Request") or request.headers.get("Dagdeel-Replay"))
