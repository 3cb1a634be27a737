"""The language of the interface: Dutch by default, or the logged-in staff member's own choice."""
from flask import Flask, g, has_app_context, has_request_context
from flask_babel import get_locale, get_translations
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


def _template_translations():
    """This request's catalogue for the templates and the rule modules (translatable.py), looked up once per locale:
    Flask-Babel finds it again on every call (≈ 45 µs; a round page makes 300 calls, a payout list of 248 people 500
    from its rules' explanations). Kept with the locale object it was made for, so `force_locale` and `refresh()`
    (which set a new one) are followed. Outside an app context, Flask-Babel's own answer (no translation)."""
    if not has_app_context():
        return get_translations()
    babel_ctx = g.get("_flask_babel")
    locale = getattr(babel_ctx, "babel_locale", None)
    kept = g.get("_template_translations")
    if kept is None or locale is None or kept[0] is not locale:
        translations = get_translations()
        kept = g._template_translations = (getattr(g.get("_flask_babel"), "babel_locale", None), translations)
    return kept[1]


def _gettext(text: str) -> str:
    return _template_translations().ugettext(text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _template_translations().ungettext(singular, plural, n)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the staff member's language and expose it to templates."""
    from . import translatable
    from .extensions import babel

    babel.init_app(app, default_locale=DEFAULT, locale_selector=select_locale)
    translatable.install(_gettext, get_locale, _ngettext)  # the rule modules and the templates: one catalogue
    app.jinja_env.globals.update(language=language, languages=LANGUAGES)
    app.jinja_env.install_gettext_callables(  # as Flask-Babel installs them, with the catalogue looked up once
        gettext=_gettext, ngettext=_ngettext, newstyle=True,
        pgettext=lambda c, s: _template_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _template_translations().unpgettext(c, s, p, n))

