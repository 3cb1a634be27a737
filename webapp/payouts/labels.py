"""The words for the payout codes a screen shows: voucher kinds and a line's state (the codes stay in the
ledger, the CSV export and the forms)."""
from flask_babel import lazy_gettext as _l

from . import bp

# Short names of the voucher kinds (rules.VOUCHER_TYPES says what each one is).
VOUCHERS = {"slaaphuis": _l("slaaphuis"), "maaltijd": _l("maaltijd")}
# The state of a line on the overview for the administration (export.ExportRow.status).
STATES = {"due": _l("te betalen"), "paid": _l("betaald"), "reversed": _l("teruggeboekt"), "duplicate": _l("dubbel"),
          "not_eligible": _l("niet uitbetaald")}


@bp.app_template_global()
def voucher_label(code: str) -> str:
    """A voucher kind in words ('slaaphuis')."""
    return str(VOUCHERS.get(code, code))


@bp.app_template_global()
def payout_state_label(code: str) -> str:
    """A payout line's state in words ('te betalen', not 'due')."""
    return str(STATES.get(code, code))
