"""The Loon naar Werken conditions for a sign-up (SPEC §4): a benefit, a postal address, registered in the
municipality. One unmet is a warning to confirm, not a refusal. And who the bus's arrival counts present there.
No I/O."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Condition:
    flag: str  # the worker's column
    held: str  # on the worker card when met
    missing: str  # in the warning, the waived list and on the card when not met
    question: str  # the first-timer form's checkbox


CONDITIONS = (
    Condition("uitkering", _l("uitkering"), _l("geen uitkering"), _l("heeft een uitkering")),
    Condition("postadres", _l("postadres"), _l("geen postadres"), _l("heeft een postadres")),
    Condition("ingeschreven", _l("ingeschreven"), _l("niet ingeschreven in de gemeente"), _l("ingeschreven in de gemeente")),
)
FLAGS = tuple(c.flag for c in CONDITIONS)


def unmet(worker) -> list[str]:
    """The conditions this worker (anything with the flags) does not meet, in words."""
    return [str(c.missing) for c in CONDITIONS if not getattr(worker, c.flag)]


VIA_VIA = "viavia"  # the module whose dagdelen are tapped on the Via Via board, not at Loon naar Werken


def arrives_at_lnw(worker) -> bool:
    """Whether the bus's arrival counts this rider present at Loon naar Werken: not someone in Via Via (a
    proefweek too: it is a Via Via enrolment), whose dagdeel is tapped on the Via Via board — counting both
    would pay one day twice. Riders in the other modules on the Loon naar Werken track (gewenning, AAT, …) do
    count at Loon naar Werken on arrival; a first-timer has no enrolment and always does. The server decides
    here, once: the arrival applies it whatever a phone sends, and the round's rows give it to the phone
    (`data-lnw`) for the arrival it draws offline."""
    current = worker.current_enrolment
    return current is None or current.module.code != VIA_VIA


def lnw_flag(worker) -> str:
    """`arrives_at_lnw` as the phone reads it from a row's `data-lnw`: "1" or "0"."""
    return "1" if arrives_at_lnw(worker) else "0"
