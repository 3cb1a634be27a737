"""Translatable text for the pure rule modules (no Flask import there): they write `_("…")` / `_l("…")` with
this module's functions, which look the text up in the catalogue the app installs (webapp/i18n.py) and
return the Dutch text itself when none is installed, as in a unit test of a rule."""
from babel.support import LazyProxy

_lookup = None  # the app's gettext (Flask-Babel), installed at start-up
_plural = None  # the app's ngettext
_language = None  # the app's current language (Flask-Babel's get_locale)


def install(gettext, get_locale, plural=None) -> None:
    """Let the pure modules' text (and day names) follow the request's language."""
    global _lookup, _language, _plural
    _lookup, _language, _plural = gettext, get_locale, plural


def language() -> str:
    """The current language code ('nl' outside a request, or when nothing is installed)."""
    locale = _language() if _language else None
    return str(locale) if locale else "nl"


def _(__text: str, /, **values) -> str:
    """The text in the current language, with its `%(name)s` placeholders filled in."""
    translated = _lookup(__text) if _lookup else __text
    return translated % values if values else translated


def ngettext(singular: str, plural: str, num: int, /, **values) -> str:
    """The singular or plural text for `num` in the current language; `%(num)s` and the placeholders filled in."""
    values = {"num": num, **values}
    if _plural:
        return _plural(singular, plural, num) % values
    return (singular if num == 1 else plural) % values


def _l(text: str) -> LazyProxy:
    """The text, translated only when it is shown (for module-level labels)."""
    return LazyProxy(_, text, enable_cache=False)
