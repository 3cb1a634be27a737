"""The texts the browser scripts show, from the same catalogue as every other UI string.

base.html renders them as a JSON data block (`<script type="application/json" id="dagdeel-strings">`, never
executed, so the strict CSP allows it); `static/js/strings.js` reads it: `t("unsent_offline")`,
`t("logout_unsent", {n: 3})` fills `%(n)s`.
"""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "unsent_offline": _l("Niet verzonden: geen verbinding. Wat je invulde staat er nog; probeer het opnieuw als je "
                         "weer online bent."),
    "unsent_timeout": _l("Niet verzonden: de server antwoordde niet op tijd. Wat je invulde staat er nog; probeer het "
                         "opnieuw."),
    "unsent_error": _l("Niet opgeslagen: de server kon het nu niet verwerken. Wat je invulde staat er nog; probeer "
                       "het opnieuw."),
    "needs_connection": _l("Zoeken lukt alleen met verbinding; probeer het opnieuw als je weer online bent."),
    "sending": _l("verzenden…"),
    "waiting": _l("wacht op verzending"),
    "too_many": _l("Je koos %(chosen)s mensen voor %(max)s plaatsen. Laat er %(extra)s achter."),
    "cancel_waiting": _l("Intrekken"),  # a sign-up waiting on the phone, taken back before it is sent
    "signed_count": _l("%(n)s aangemeld"),  # a stop's count (rounds/show.html), counted again offline
    "chosen_count": _l("%(n)s gekozen voor %(seats)s plaatsen"),  # rounds/_signup.html chosen_count, recounted
    "someone": _l("Deze persoon"),
    "has_unmet": _l("%(name)s heeft %(unmet)s"),
    "confirm_unmet": _l("Let op: %(unmet)s. Dat is een voorwaarde voor Loon naar Werken. Toch aanmelden?"),
    "refused": _l("De server weigerde deze actie (fout %(status)s)."),
    "seen": _l("Gezien"),
    "logout_unsent": _l("%(n)s actie(s) zijn nog niet verzonden. Toch uitloggen? Ze gaan dan verloren."),
    "arrived_here": _l("aangekomen op deze telefoon"),
    "waiting_one": _l("wacht"),  # after the number: "1 wacht"
    "waiting_many": _l("wachten"),  # "3 wachten"
}


def js_strings() -> dict[str, str]:
    """The catalogue in the request's language."""
    return {key: str(text) for key, text in STRINGS.items()}
