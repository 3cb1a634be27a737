"""Page weight on a weak connection: fingerprinted static URLs cached for a year, compressed answers."""
import base64
import gzip
import hashlib
import json
import re

import brotli

from webapp.assets import STATIC


def test_static_urls_carry_a_fingerprint_and_are_cached_for_a_year(client, auth):
    auth.login("assistant")
    page = client.get("/ronde/").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert urls and all(re.search(r"\?v=[0-9a-f]{10}$", u) for u in urls), urls
    css = next(u for u in urls if "app.css" in u)
    response = client.get(css)
    assert response.status_code == 200
    assert {"public", "immutable", "max-age=31536000"} <= {p.strip() for p in response.headers["Cache-Control"].split(",")}
    unversioned = client.get("/static/css/app.css")
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")  # only a fingerprinted URL is forever
    # a server of the previous release, asked for the next release's URL, serves its own file: not for a year
    other_release = client.get("/static/css/app.css?v=0123456789")
    assert other_release.status_code == 200 and "immutable" not in other_release.headers.get("Cache-Control", "")


def test_the_service_worker_caches_the_same_fingerprinted_shell(client):
    sw = client.get("/sw.js").get_data(as_text=True)
    assert re.search(r'/static/js/app\.js\?v=[0-9a-f]{10}"', sw)


def test_pages_and_assets_are_sent_compressed_when_the_phone_accepts_it(client, auth):
    auth.login("assistant")
    plain = client.get("/ronde/").get_data()
    br = client.get("/ronde/", headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert brotli.decompress(br.get_data()).replace(b" ", b"")[:200] == plain.replace(b" ", b"")[:200]
    gz = client.get("/ronde/", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and len(gz.get_data()) < len(plain) / 2
    assert gzip.decompress(gz.get_data()).startswith(b"<!doctype html>") or b"<html" in gzip.decompress(gz.get_data())[:300]
    js = client.get("/static/js/app.js", headers={"Accept-Encoding": "br"})
    assert js.headers["Content-Encoding"] == "br"
    assert b"durable queue" in brotli.decompress(b"".join(js.response))


def _import_map(page: str) -> tuple[str, dict]:
    source = re.search(r'<script type="importmap">(.*?)</script>', page, re.S).group(1)
    return source, json.loads(source)["imports"]


def test_every_module_is_in_the_shell_and_loaded_fingerprinted(client, auth):
    """Each ES module under static/js is cached by the service worker and reached by its fingerprinted URL: the
    entry module directly, the others through the page's import map (a relative import names the plain URL)."""
    modules = sorted(p.relative_to(STATIC).as_posix() for p in (STATIC / "js").rglob("*.js") if not p.name.startswith("htmx-"))
    assert {"js/app.js", "js/outbox.js", "js/queue/store.js", "js/optimistic/round.js"} <= set(modules)
    auth.login("assistant")
    page = client.get("/ronde/").get_data(as_text=True)
    _, imports = _import_map(page)
    sw = client.get("/sw.js").get_data(as_text=True)
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", sw).group(1))
    for module in modules:
        plain = f"/static/{module}"
        versioned = imports[plain]
        assert re.fullmatch(re.escape(plain) + r"\?v=[0-9a-f]{10}", versioned), versioned
        assert versioned in shell, module
        assert client.get(versioned).status_code == 200
    entry = re.search(r'<script type="module" src="([^"]+)"', page).group(1)
    assert entry == imports["/static/js/app.js"]
    for source in (STATIC / "js").rglob("*.js"):  # every import is relative, so the map covers it
        for spec in re.findall(r'^import .*? from "([^"]+)";', source.read_text(), re.M):
            assert spec.startswith("./") or spec.startswith("../"), (source, spec)


def test_the_import_map_is_the_one_inline_script_the_csp_allows(client, auth):
    auth.login("assistant")
    response = client.get("/ronde/")
    source, _ = _import_map(response.get_data(as_text=True))
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    script_src = next(d for d in response.headers["Content-Security-Policy"].split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' 'sha256-{digest}'"
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.get_data(as_text=True))
    assert sorted(inline) == sorted([' type="importmap"', ' type="application/json" id="dagdeel-strings"'])


def test_the_scripts_texts_come_from_the_catalogue(client, auth):
    auth.login("assistant")
    page = client.get("/ronde/").get_data(as_text=True)
    strings = json.loads(re.search(r'<script type="application/json" id="dagdeel-strings">(.*?)</script>', page, re.S).group(1))
    assert strings["waiting"] == "wacht op verzending"
    assert strings["logout_unsent"] == "%(n)s actie(s) zijn nog niet verzonden. Toch uitloggen? Ze gaan dan verloren."
    for source in (STATIC / "js").rglob("*.js"):
        if not source.name.startswith("htmx-"):
            code = re.sub(r"^\s*//.*$|//.*$", "", source.read_text(), flags=re.M)
            assert not re.search(r'"[^"]*\b(niet|wacht|verzend|opnieuw|Toch)\b[^"]*"', code, re.I), source


def test_no_merge_conflict_markers_in_the_static_files():
    """A leftover `<<<<<<< HEAD` makes the browser drop the CSS rule after it (the work list's filter row did)."""
    for source in [*(STATIC / "css").rglob("*.css"), *(STATIC / "js").rglob("*.js")]:
        assert not re.search(r"^(<{7} |={7}$|>{7} )", source.read_text(), re.M), source
