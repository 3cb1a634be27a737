"""A stand-in worker for rows the phone adds offline (someone who arrived or was signed up on the phone).

Pages render one row for this worker inside a <template>; the scripts (static/js/optimistic/) clone it and
put the real worker reference, name, sign-up and stop in place of REF, NAME, SIGNUP and SHELTER, so a row has
one template however it is made.
"""
from types import SimpleNamespace

REF = 987654321
NAME = "__NAME__"
SIGNUP = 987654322
SHELTER = "__SHELTER__"
PEOPLE = "__PEOPLE__"  # a count the phone fills in (how many signed up, on the phone's offline proposal)
LNW = "__LNW__"  # "1" or "0": whether the arrival counts them at Loon naar Werken (rounds.rules.lnw_flag)


def worker() -> SimpleNamespace:
    return SimpleNamespace(id=REF, display_name=NAME, external_id="", roepnaam="?", first_name="?", last_name="", photo_at=None,
                           current_enrolment=None, intake_pending=False)
