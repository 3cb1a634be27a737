"""Page weight on a weak connection: fingerprinted static URLs cached for a year, compressed answers."""
import gzip
import re

import brotli


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
