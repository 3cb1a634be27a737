"""What each access-log action code means, in words (the code stays in the database and the filter)."""
from flask_babel import lazy_gettext as _l

from . import bp, devices

ACTIONS = {
    "login": _l("Ingelogd"),
    "login_failed": _l("Inloggen mislukt"),
    "login_locked": _l("Inloggen geblokkeerd"),
    "logout": _l("Uitgelogd"),
    "access_refused": _l("Toegang geweigerd"),
    "data_key_rotated": _l("Gegevenssleutel vervangen"),
    "view_access_report": _l("Inzageoverzicht bekeken"),
    "print_access_report": _l("Inzageoverzicht afgedrukt"),
    "export_own_data": _l("Eigen gegevens geëxporteerd"),
    "privacy_purge": _l("Bewaartermijnen toegepast"),
    "view_photo": _l("Foto bekeken"),
    "view_payouts": _l("Uitbetalingsoverzicht bekeken"),
    "print_round": _l("Ronde afgedrukt"),
    "cash_open": _l("Kas: beginbedrag ingevuld"),
    "cash_count": _l("Kas: geteld"),
    "view": _l("Kaart bekeken"),
    "view_offline": _l("Offline bekeken"),
    "view_list": _l("In een lijst bekeken"),
    "view_round": _l("Ronde bekeken"),
    "view_week": _l("Weekoverzicht bekeken"),
    "view_worklist": _l("Werklijst bekeken"),
    "view_training": _l("Training bekeken"),
    "view_meetings": _l("Overleggen geteld"),
    "training_plan": _l("Training gepland"),
    "learning_goal": _l("Leerdoelen vastgelegd"),
    "buddy_start": _l("Werkmaatje begonnen"),
    "buddy_end": _l("Werkmaatje beëindigd"),
    "placement_start": _l("Werkervaringsplaats begonnen"),
    "placement_end": _l("Werkervaringsplaats beëindigd"),
    "meeting": _l("Overleg vastgelegd"),
    "zrm": _l("ZRM afgenomen"),
    "ladder": _l("Trede Participatieladder ingevoerd"),
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
    "action_edit": _l("Actiepunt gewijzigd"),
    "action_reopen": _l("Actiepunt heropend"),
    "overleg": _l("Besproken in het overleg"),
    "view_overleg": _l("Overleg bekeken"),
    "checklist_start": _l("Checklist gestart"),
    "checklist_score": _l("Checklist ingevuld"),
    "checklist_handover": _l("Telefoon aan de medewerker gegeven"),
    "checklist_unlock": _l("Telefoon teruggenomen (wachtwoord)"),
    "checklist_unlock_failed": _l("Telefoon terugnemen mislukt (wachtwoord)"),
    "checklist_goal": _l("Checklistafspraak vastgelegd"),
    "checklist_goal_done": _l("Checklistafspraak afgerond"),
}


@bp.app_template_global()
def action_label(code: str) -> str:
    """The words for an access-log action; an unknown (older) code is shown as it is."""
    return ACTIONS.get(code, code)


@bp.app_template_global()
def device_label(user_agent: str) -> str:
    """The device of an access-log line in words (audit/devices.py)."""
    return devices.describe(user_agent)
