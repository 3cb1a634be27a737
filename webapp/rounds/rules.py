"""The Loon naar Werken conditions for a sign-up (SPEC §4): a benefit, a postal address, registered in the
municipality. One unmet is a warning to confirm, not a refusal. No I/O."""
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
