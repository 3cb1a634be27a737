"""The session cookie, which holds who is logged in, their CSRF secret and whether a worker has the phone.

Flask writes the cookie on every answer to refresh the idle timeout. Answers to requests that ran at the same
time then race: the service worker's prefetch of today's screens, sent with the cookie of before, can answer after
"Geef de telefoon aan Bas" and write back a cookie without the worker's turn (or, at login, without the CSRF
secret). A queued write replayed from the phone's queue can do the same. Both therefore write the cookie only when
they changed the session themselves; the pages a person opens and the taps htmx sends still refresh the idle
timeout."""
from flask import request
from flask.sessions import SecureCookieSessionInterface

PREFETCH = "Dagdeel-Prefetch"  # the header of the service worker's prefetch (templates/offline/sw.js)
REPLAY = "Dagdeel-Replay"  # the header of a write sent from the phone's queue (static/js/outbox.js)


class SessionInterface(SecureCookieSessionInterface):
    def should_set_cookie(self, app, session) -> bool:
        if (request.headers.get(PREFETCH) or request.headers.get(REPLAY)) and not session.modified:
            return False
        return super().should_set_cookie(app, session)
