"""This phone's workshop: the Werkvloer board it opens, remembered in a cookie (also for the Via Via list)."""
from .. import params

COOKIE = "werkplaats"
A_YEAR = 365 * 86400


def remembered() -> int | None:
    """The id of the workshop this phone last opened, None when it has none."""
    return params.cookie_id(COOKIE)


def remember(response, workshop_id: int) -> None:
    """Make this workshop the phone's own."""
    response.set_cookie(COOKIE, str(workshop_id), max_age=A_YEAR, httponly=True, samesite="Lax")
