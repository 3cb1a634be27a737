"""The language of the interface: Dutch by default, or the logged-in staff member's own choice."""
from flask import Flask, has_request_context
from flask_babel import get_locale, get_translations, gettext
from flask_login import current_user

DEFAULT = "nl"
# The languages a staff member can choose, each named in its own language.
LANGUAGES = {"nl": "Nederlands", "en": "English"}


def select_locale() -> str:
    """The logged-in staff member's language, else Dutch (login page, error pages before login, CLI)."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.language if current_user.language in LANGUAGES else DEFAULT
    return DEFAULT


def language() -> str:
    """The language of this request, for <html lang> and Babel's date formats."""
    locale = get_locale()
    return locale.language if locale else DEFAULT


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the staff member's language and expose it to templates."""
    from . import translatable
    from .extensions import babel

    babel.init_app(app, default_locale=DEFAULT, locale_selector=select_locale)
    translatable.install(gettext, get_locale, lambda one, many, n: get_translations().ngettext(one, many, n))
    app.jinja_env.globals.update(language=language, languages=LANGUAGES)

