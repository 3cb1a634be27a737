"""The staff roles (SPEC §1) and their Dutch names."""
ASSISTANT = "assistant"
SUPERVISOR = "supervisor"
COUNSELLOR = "counsellor"
ADMIN = "admin"

LABELS = {
    ASSISTANT: "Assistent werkbegeleider",
    SUPERVISOR: "Werkbegeleider",
    COUNSELLOR: "Trajectbegeleider",
    ADMIN: "Beheerder",
}
ALL = tuple(LABELS)
# Those who keep worker records: create, edit, enrol, import.
RECORD_KEEPERS = (SUPERVISOR, COUNSELLOR, ADMIN)
