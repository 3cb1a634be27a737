"""Which attendance statuses exist and which count as an attended dagdeel (SPEC §3). No I/O."""

STATUSES = {
    "aanwezig": "aanwezig",
    "te_laat": "te laat",
    "vroeg_weg": "vroeg weg",
    "afwezig_bericht": "afwezig met bericht",
    "afwezig_zonder_bericht": "afwezig zonder bericht",
    "naar_huis": "naar huis gestuurd",
}
ATTENDED = frozenset({"aanwezig", "te_laat"})


def counts_as_attended(status: str, early_leave_counts: bool = False) -> bool:
    """An attended dagdeel: present or late; left early only when a supervisor granted it."""
    return status in ATTENDED or (status == "vroeg_weg" and early_leave_counts)
