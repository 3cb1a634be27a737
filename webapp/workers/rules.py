"""How a list calls a worker, pure: one rule for namesakes, used on the board, the round and the payout lists; one
rule for sorting by last name (the overleg)."""
from collections.abc import Iterable


def visible_name(roepnaam: str, first_name: str, last_name: str) -> str:
    """Roepnaam (else first name) and last name: the name the floor uses."""
    return f"{roepnaam or first_name} {last_name}".strip()


# Dutch tussenvoegsels: "de Jong" files under J, "van der Berg" under B (the way a Dutch list of names is sorted).
TUSSENVOEGSELS = frozenset({"aan", "bij", "d'", "de", "den", "der", "des", "het", "in", "onder", "op", "over", "'s",
                            "'t", "te", "ten", "ter", "uit", "uijt", "van", "vande", "vd", "voor"})


def sort_key(first_name: str, last_name: str) -> tuple[str, str]:
    """Where a worker goes on a list sorted by last name: the last name without its tussenvoegsels, then the first
    name (the one shown: roepnaam, else first name), neither minding case ("Frans de Jong" between Jansen and Kessels, not after Z)."""
    words = last_name.split()
    while len(words) > 1 and words[0].casefold() in TUSSENVOEGSELS:
        words = words[1:]
    return name_key(" ".join(words)), name_key(first_name)


def name_key(name: str) -> str:
    """A name as compared for namesakes: without case or extra spaces."""
    return " ".join(name.split()).casefold()


def namesakes(names: Iterable[str]) -> set[str]:
    """The visible names that more than one worker carries."""
    seen, twice = set(), set()
    for key in map(name_key, names):
        (twice if key in seen else seen).add(key)
    return twice


def namesake_mark(name: str, number: str, twins: set[str]) -> str:
    """What tells namesakes apart: their number (on the worker card and every payout slip); else nothing."""
    return number if name_key(name) in twins else ""


def list_name(name: str, number: str, twins: set[str]) -> str:
    """The name on a list: "Door Peters", or "Door Peters · A002" when a colleague carries the same name."""
    mark = namesake_mark(name, number, twins)
    return f"{name} · {mark}" if mark else name
