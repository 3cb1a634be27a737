"""The words of the ZRM and the Participatieladder on screen: domain names and level names only (the licensed
criteria texts of the ZRM are not part of Dagdeel). The CSV export keeps the codes of zrm_rules.py."""
from flask_babel import lazy_gettext as _l

DOMAINS = {
    "financien": _l("Financiën"), "werk_opleiding": _l("Werk & opleiding"), "tijdsbesteding": _l("Tijdsbesteding"),
    "huisvesting": _l("Huisvesting"), "huiselijke_relaties": _l("Huiselijke relaties"),
    "geestelijke_gezondheid": _l("Geestelijke gezondheid"), "lichamelijke_gezondheid": _l("Lichamelijke gezondheid"),
    "middelengebruik": _l("Middelengebruik"), "basale_adl": _l("Basale ADL"), "instrumentele_adl": _l("Instrumentele ADL"),
    "sociaal_netwerk": _l("Sociaal netwerk"), "maatschappelijke_participatie": _l("Maatschappelijke participatie"),
    "justitie": _l("Justitie"),
}
LEVELS = {1: _l("acute problematiek"), 2: _l("niet zelfredzaam"), 3: _l("beperkt zelfredzaam"),
          4: _l("voldoende zelfredzaam"), 5: _l("volledig zelfredzaam")}
OCCASIONS = {"intake": _l("intake"), "voortgang": _l("voortgang"), "uitstroom": _l("uitstroom")}
RUNGS = {1: _l("geïsoleerd"), 2: _l("sociale contacten buitenshuis"), 3: _l("deelname georganiseerde activiteiten"),
         4: _l("onbetaald werk"), 5: _l("betaald werk met ondersteuning"), 6: _l("betaald werk")}
WHY = {"ingevoerd": _l("ingevoerd door de trajectbegeleider"),
       "aanwezig": _l("afgeleid: een dagdeel gewerkt bij ons in de 30 dagen tot deze datum"),
       "uitstroom": _l("afgeleid: uitstroom naar betaald werk")}
PREFILLED = _l("overgenomen uit leefgebieden — controleer")
