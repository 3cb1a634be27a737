"""What each access-log action code means, in words (the code stays in the database and the filter)."""
from flask_babel import lazy_gettext as _l

from . import bp

ACTIONS = {
    "login": _l("Ingelogd"),
    "login_failed": _l("Inloggen mislukt"),
    "login_locked": _l("Inloggen geblokkeerd"),
    "logout": _l("Uitgelogd"),
    "view": _l("Kaart bekeken"),
    "view_round": _l("Ronde bekeken"),
    "view_week": _l("Weekoverzicht bekeken"),
    "view_worklist": _l("Werklijst bekeken"),
    "search": _l("Gezocht"),
    "create": _l("Medewerker aangemaakt"),
    "update": _l("Medewerker gewijzigd"),
    "activate": _l("Medewerker weer actief"),
    "deactivate": _l("Medewerker gedeactiveerd"),
    "enrol": _l("Traject gewijzigd"),
    "schedule": _l("Rooster gewijzigd"),
    "agreement": _l("Afspraak vastgelegd"),
    "agreement_end": _l("Afspraak beëindigd"),
    "incident": _l("Incident vastgelegd"),
    "import": _l("Medewerker geïmporteerd"),
    "attendance_import": _l("Aanwezigheid geïmporteerd"),
    "export": _l("Geëxporteerd"),
    "signup": _l("Aangemeld voor de ronde"),
    "signup_withdraw": _l("Aanmelding ingetrokken"),
    "signup_move": _l("Overgezet naar een andere bus"),
    "signup_conflict": _l("Ingestapt in twee bussen"),
    "payout": _l("Uitbetaald"),
    "payout_duplicate": _l("Dubbel uitbetaald"),
    "payout_grant": _l("Vroeg weg toch uitbetaald"),
    "payout_reversal": _l("Teruggeboekt"),
    "payout_rule": _l("Uitbetalingsregel gewijzigd"),
    "cash_sign_off": _l("Kas afgetekend"),
    "org_save": _l("Beheergegevens opgeslagen"),
    "staff_create": _l("Account aangemaakt"),
    "staff_update": _l("Account gewijzigd"),
    "intake": _l("Intake vastgelegd"),
    "review": _l("Evaluatiegesprek vastgelegd"),
    "outflow": _l("Uitstroom vastgelegd"),
    "follow_up": _l("Nazorg afgevinkt"),
    "transition_check": _l("Criterium Via Via vastgelegd"),
    "trial_start": _l("Proefweek gestart"),
    "trial_day": _l("Proefweekdag afgevinkt"),
    "trial_end": _l("Proefweek afgesloten"),
    "domain": _l("Leefgebied gewijzigd"),
    "action": _l("Actiepunt toegevoegd"),
    "action_done": _l("Actiepunt afgevinkt"),
    "overleg": _l("Besproken in het overleg"),
    "view_overleg": _l("Overleg bekeken"),
    "checklist_start": _l("Checklist gestart"),
    "checklist_score": _l("Checklist ingevuld"),
    "checklist_handover": _l("Telefoon aan de medewerker gegeven"),
    "checklist_unlock": _l("Telefoon teruggenomen (wachtwoord)"),
    "checklist_unlock_failed": _l("Telefoon terugnemen mislukt (wachtwoord)"),
    "checklist_goal": _l("Checklistafspraak vastgelegd"),
}


@bp.app_template_global()
def action_label(code: str) -> str:
    """The words for an access-log action; an unknown (older) code is shown as it is."""
    return ACTIONS.get(code, code)
