"""The mark that lets the phone's queue take a write: only an endpoint declared @idempotent may carry it.

A template renders a queueable write with one helper,
`<form {{ queued_post('workers.add_agreement', worker_id=w.id, label='Afspraak ' ~ w.display_name) }}>`,
which writes `hx-post="…" data-queue data-label="…"` (a boosted form: `action="…" hx-boost="true"`; a list's one
form, whose rows' buttons each become a write of their own in the browser, static/js/rows.js: `rows=True`).
static/js/writes.js queues only elements with `data-queue`; any other htmx POST goes straight to the server. The app
refuses to start when a template marks an endpoint that is not @idempotent, computes the endpoint, or
writes the mark by hand (the same way `@allow` is enforced).
"""
from flask import current_app, g, url_for
from jinja2 import nodes
from markupsafe import Markup, escape

MARK = "data-queue"
HELPER = "queued_post"


def is_idempotent(app, endpoint: str) -> bool:
    """True when the endpoint's view applies a resent write once (`@idempotent`)."""
    return bool(getattr(app.view_functions.get(endpoint), "idempotent", False))


def queued_post(endpoint: str, *, label: str, boost: bool = False, rows: bool = False, **values) -> Markup:
    """The attributes of a write the queue may take: where it goes, the mark, and what the queue calls it
    (the action and the person, shown if the server refuses it later)."""
    if not is_idempotent(current_app, endpoint):
        raise RuntimeError(f"{endpoint} is not @idempotent: the queue may not take it")
    urls = g.setdefault("queued_urls", {})  # a list renders the same form per row: build its URL once
    key = (endpoint, tuple(sorted(values.items())))
    url = urls.get(key) or urls.setdefault(key, escape(url_for(endpoint, **values)))
    if rows:
        where = f'action="{url}" hx-boost="false" data-row-post="{url}"'
    else:
        where = f'action="{url}" hx-boost="true"' if boost else f'hx-post="{url}"'
    return Markup(f'{where} {MARK} data-label="{escape(label)}"')


def marked_endpoints(app) -> dict[str, set[str]]:
    """Every endpoint a template lets the queue take, with the templates that do."""
    env = app.jinja_env
    found: dict[str, set[str]] = {}
    for name in env.list_templates(extensions=["html"]):
        source = env.loader.get_source(env, name)[0]
        tree = env.parse(source, name=name)
        for data in tree.find_all(nodes.TemplateData):
            if MARK in data.data:
                raise RuntimeError(f"{name}: write the queue's mark with {HELPER}(), not by hand")
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == HELPER:
                if not call.args:
                    raise RuntimeError(f"{name}: {HELPER}() needs an endpoint")
                for endpoint in _literals(call.args[0], name):
                    found.setdefault(endpoint, set()).add(name)
    return found


def _literals(expr, template: str) -> list[str]:
    """The endpoint names an argument can take: a string, or either side of `'a' if … else 'b'`."""
    if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, nodes.CondExpr) and expr.expr2 is not None:
        return _literals(expr.expr1, template) + _literals(expr.expr2, template)
    raise RuntimeError(f"{template}: write the endpoint of {HELPER}() out, so it can be checked at start-up")


def check_queued_writes_are_idempotent(app) -> None:
    """Fail at start-up when a template lets the queue take a write that is not replay-safe."""
    missing = {endpoint: sorted(where) for endpoint, where in marked_endpoints(app).items()
               if not is_idempotent(app, endpoint)}
    if missing:
        raise RuntimeError(f"queued writes without @idempotent: {missing}")
