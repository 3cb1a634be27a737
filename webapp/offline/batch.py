"""The phone's queue in one round trip: a batch of queued writes, each applied as if it had been sent alone.

The phone sends its queue in order, in chunks of at most `MAX_ENTRIES` entries and `MAX_BYTES` of JSON:
`{"entries": [{"id": <client UUID>, "url": <the write's URL>, "body": <its form, urlencoded>}, …]}`. Each entry
is dispatched to the app as a request of its own — the batch's cookie, CSRF header and address, `Dagdeel-Replay`,
a fresh app context — so its view, its access rules, its CSRF check and its `@idempotent` guard decide exactly as
for a single write; nothing of a write's rules lives here. An entry may only name an `@idempotent` endpoint, and
its body must carry its own UUID (without one the view would run unguarded).

The answer has one line per entry, in order: "applied" (the UUID of its `Dagdeel-Applied` header), "refused"
(a 4xx other than 401, with the text of the refusal's role="alert" element), "kept" (a 401, a 5xx or anything
else: the entry stays queued) or "not attempted". After a kept entry nothing more is attempted, so the order of
the queue holds; nor after half the phone's wait (`QUEUE_TIMEOUT_MS`), so the answer comes back before the phone
gives up on it. Either way the phone sends the rest again later: what was applied is recognised by its UUID.
"""
import json
import time
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.test import EnvironBuilder

from .. import parse
from .queueable import is_idempotent
from .replay import HEADER

MAX_ENTRIES = 50
MAX_BYTES = 64 * 1024
MAX_REASON = 300  # characters of a refusal's text, as the phone keeps it
FORWARDED = ("Cookie", "X-CSRFToken", "User-Agent", "Referer", "Origin", "Accept-Language")


def entries(raw: bytes) -> list[dict]:
    """The batch's entries, each with a `url` and a `body` string (and an `id`), or a Dutch BadInput."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise parse.BadInput(_("De wachtrij kwam onleesbaar aan: probeer het opnieuw.")) from None
    items = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise parse.BadInput(_("De wachtrij kwam onleesbaar aan: probeer het opnieuw."))
    if len(items) > MAX_ENTRIES:
        raise parse.BadInput(_("Te veel acties tegelijk (hoogstens %(n)s).", n=MAX_ENTRIES))
    if not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("id", "url", "body")) for e in items):
        raise parse.BadInput(_("De wachtrij kwam onleesbaar aan: probeer het opnieuw."))
    return items


def apply_all(items: list[dict]) -> list[dict]:
    """Apply the entries in order, each as a request of its own; stop at the first that must stay queued."""
    deadline = time.monotonic() + current_app.config["QUEUE_TIMEOUT_MS"] / 2000
    results, stopped = [], False
    for entry in items:
        if stopped or (results and time.monotonic() > deadline):  # the first is always tried: the queue moves on
            results.append({"id": entry["id"], "outcome": "not attempted"})
            continue
        result = {"id": entry["id"], **apply(entry)}
        results.append(result)
        stopped = result["outcome"] == "kept"
    return results


def apply(entry: dict) -> dict:
    """One entry: refused here when it names no queueable write, else answered by the app as a single write."""
    try:
        path, query = _target(entry)
    except parse.BadInput as refusal:
        return {"outcome": "refused", "status": refusal.status, "reason": str(refusal)}
    response = dispatch(current_app._get_current_object(), path, query, entry["body"])
    applied = response.headers.get(HEADER)
    if 200 <= response.status_code < 300 and applied == entry["id"]:
        return {"outcome": "applied", "status": response.status_code, "applied": applied}
    if 400 <= response.status_code < 500 and response.status_code != 401:
        reason = alert_text(response.get_data(as_text=True))
        return {"outcome": "refused", "status": response.status_code, "reason": reason}
    return {"outcome": "kept", "status": response.status_code}


def _target(entry: dict) -> tuple[str, str]:
    """The path (inside the app) and query of an entry's write, when it is a queueable write carrying its UUID."""
    url = parse.local_path(entry["url"])
    root = request.script_root
    if url is None or not url.startswith(root + "/"):
        raise parse.NotFound(_("Deze actie bestaat niet (meer)."))
    parts = urlsplit(url[len(root):])
    try:
        endpoint, _args = current_app.url_map.bind_to_environ(request.environ).match(parts.path, method="POST")
    except (HTTPException, RequestRedirect):
        raise parse.NotFound(_("Deze actie bestaat niet (meer).")) from None
    if not is_idempotent(current_app, endpoint):
        raise parse.BadInput(_("Deze actie kan niet via de wachtrij: doe hem opnieuw op het scherm."))
    if parse_qs(entry["body"]).get("client_id") != [entry["id"]] or parse.client_id(entry["id"]) != entry["id"]:
        raise parse.BadInput(_("Ongeldige actie-id: vernieuw de pagina."))
    return parts.path, parts.query


def dispatch(app: Flask, path: str, query: str, body: str):
    """The app's answer to the write as its own request: this request's session, CSRF header and address, in an app
    context of its own (its own `g` and database session), past any WSGI middleware (this request went through it)."""
    headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
    environ = EnvironBuilder(path=path, query_string=query, method="POST", base_url=request.root_url,
                             headers={**headers, "Dagdeel-Replay": "1"}, data=body.encode(),
                             content_type="application/x-www-form-urlencoded",
                             environ_base={"REMOTE_ADDR": request.remote_addr}).get_environ()
    with app.app_context():
        return app.response_class.from_app(lambda env, start: Flask.wsgi_app(app, env, start), environ, buffered=True)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"form", "button", "script", "style"}


class _Alert(HTMLParser):
    """The text of the first role="alert" element, without its forms, buttons, scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.skip = 0  # elements open inside the alert (itself included); of those, skipped ones
        self.done, self.parts = False, []

    def handle_starttag(self, tag, attrs):
        if self.done or tag in VOID:
            return
        if self.depth:
            self.depth += 1
            self.skip += bool(self.skip or tag in SKIPPED)
        elif ("role", "alert") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID:
            return
        self.depth -= 1
        self.skip -= bool(self.skip)
        self.done = not self.depth

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def alert_text(html: str) -> str:
    """A refusal's reason, read as the phone reads it from a single write's answer (outbox.js `alertText`)."""
    parser = _Alert()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())[:MAX_REASON]
