"""The staff roles (SPEC §1) and their Dutch names."""
from ..translatable import _l  # Flask-free: the pure rule modules import the roles

ASSISTANT = "assistant"
SUPERVISOR = "supervisor"
COUNSELLOR = "counsellor"
ADMIN = "admin"

LABELS = {
    ASSISTANT: _l("Assistent werkbegeleider"),
    SUPERVISOR: _l("Werkbegeleider"),
    COUNSELLOR: _l("Trajectbegeleider"),
    ADMIN: _l("Beheerder"),
}
ALL = tuple(LABELS)
# Those who keep worker records: create, edit, enrol, import.
RECORD_KEEPERS = (SUPERVISOR, COUNSELLOR, ADMIN)
# Who works the day on a phone: runs the bus round, marks the work floor, pays out (the daily screens).
DAILY = (ASSISTANT, SUPERVISOR)
RUNNERS = FLOOR = PAYERS = DAILY
