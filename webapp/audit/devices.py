"""The device an access-log line came from, in words: "Chrome Mobile 130 · Android 10" (ua-parser, read when shown;
the log keeps the User-Agent as it was sent)."""
from functools import lru_cache

import ua_parser


@lru_cache(maxsize=512)
def describe(user_agent: str) -> str:
    """Browser and system of a User-Agent, or "" when there is none ("cli" lines have none)."""
    if not user_agent:
        return ""
    found = ua_parser.parse(user_agent)
    parts = [f"{part.family} {part.major or ''}".strip() for part in (found.user_agent, found.os)
             if part is not None and part.family != "Other"]
    return " · ".join(parts) or user_agent[:60]
