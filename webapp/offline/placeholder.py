"""A stand-in worker for rows the phone adds offline (someone who arrived or was signed up on the phone).

Pages render one row for this worker inside a <template>; app.js clones it and puts the real worker
reference and name in place of REF and NAME, so a row has one template however it is made.
"""
from types import SimpleNamespace

REF = 987654321
NAME = "__NAME__"


def worker() -> SimpleNamespace:
    return SimpleNamespace(id=REF, display_name=NAME, roepnaam="?", first_name="?", last_name="", photo_at=None,
                           current_enrolment=None, intake_pending=False)
