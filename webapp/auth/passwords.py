"""Password hashing (argon2id at OWASP ASVS 5.0 parameters) and the password policy."""
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ..translatable import _

# OWASP: argon2id, m = 19 MiB, t = 2, p = 1 at the least.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_LENGTH = 8
RECOMMENDED_LENGTH = 15
# Dutch ones that the (English) list from zxcvbn lacks.
DUTCH_COMMON = {"wachtwoord", "wachtwoord1", "welkom01", "welkom123", "geheim123", "voetbal1", "dagdeel123"}


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (zxcvbn's list) plus Dutch favourites."""
    return frozenset(FREQUENCY_LISTS["passwords"]) | DUTCH_COMMON


def problem(password: str) -> str | None:
    """Why a new password is refused (Dutch), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Kies een wachtwoord van minstens %(min)s tekens (liefst %(better)s of meer).", min=MIN_LENGTH,
                 better=RECOMMENDED_LENGTH)
    if password.lower() in common_passwords():
        return _("Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander.")
    return None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(stored_hash: str, password: str) -> tuple[bool, str | None]:
    """(matches, a fresh hash when the stored one uses outdated parameters)."""
    try:
        HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, HASHER.hash(password) if HASHER.check_needs_rehash(stored_hash) else None
