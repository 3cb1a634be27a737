"""Demo: two years (this one so far and the last) of people who left (uitstroom), so that the outflow report and its cohort view mean something.

Sixty former workers (inactive, numbered U001…), each with a move within their track before they left, and
an outflow mix near the seed's 2011 figures: arbeidsrehabilitatie 35 % positief, 17 % negatief; resocialisatie
18 % positief, 44 % negatief; the rest moved, was admitted, detained or died. No nazorg items: this is history,
as an import would bring it, and it should not fill the counsellor's work list.
"""
import random
from datetime import date, timedelta

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..workers.models import Worker
from . import catalogue
from .models import Enrolment

# (first module, the module they moved on to within the track, outcomes of the people who left the track)
REHAB = ("gewenning", "algemeen", ["regulier_werk"] * 6 + ["sw"] * 3 + ["vrijwilligerswerk"] * 2 + ["opleiding"] * 2
         + ["gestopt"] * 6 + ["verhuisd"] * 7 + ["opgenomen"] * 5 + ["detentie"] * 3 + ["overleden"] * 2)
RESOC = ("lnw", "viavia", ["sw", "vrijwilligerswerk", "regulier_werk", "opleiding"] + ["gestopt"] * 10
         + ["verhuisd"] * 3 + ["opgenomen"] * 2 + ["detentie"] * 3 + ["overleden"])
FIRST = ["Huub", "Leo", "Math", "Thei", "Sjra", "Gerda", "Mia", "Trees", "Ger", "Jo", "Lambert", "Annie", "Fieke", "Noël"]
LAST = ["Brouns", "Crombach", "Debets", "Hendriks", "Kurvers", "Loontjens", "Muijrers", "Penders", "Reinders",
        "Schoonbrood", "Steijns", "Timmermans", "Vencken", "Wijnen"]


def load() -> None:
    """Add the former workers and their ended enrolments, unless they are there already (idempotent)."""
    if db.session.scalar(select(Worker.id).where(Worker.external_id == "U001")):
        return
    rng = random.Random(2011)  # the year of the seed's figures: the same demo every time
    today = clock.today()
    number = 0
    for first_code, next_code, outcomes in (REHAB, RESOC):
        first, _phase = catalogue.find(first_code, None)
        then, _phase = catalogue.find(next_code, None)
        for i, outcome in enumerate(outcomes):  # every other one last year, so both years show the mix
            number += 1
            worker = Worker(external_id=f"U{number:03d}", first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
                            active=False)
            db.session.add(worker)
            db.session.flush()
            year = date(today.year - i % 2, 1, 1)
            last = min(today - timedelta(days=3), date(year.year, 12, 31))
            end = year + timedelta(days=rng.randint(0, max(0, (last - year).days)))
            start = end - timedelta(days=rng.randint(45, 420))
            moved = start + (end - start) * rng.randint(30, 70) // 100
            db.session.add_all([
                Enrolment(worker_id=worker.id, module_id=first.id, phase_id=_first_phase(first), start_date=start,
                          end_date=moved),
                Enrolment(worker_id=worker.id, module_id=then.id, phase_id=_first_phase(then), start_date=moved,
                          end_date=end, outcome=outcome),
            ])
    db.session.flush()


def _first_phase(module) -> int | None:
    return module.phases[0].id if module.phases else None
