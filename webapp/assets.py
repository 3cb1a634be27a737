"""Static assets on a weak connection: fingerprinted URLs cached for a year, and compressed responses.

Every `url_for("static", ...)` gets `?v=<hash of the file>`, so a changed file has a new URL and an
unchanged one is never fetched again (Cache-Control immutable). Pages, fragments and assets are sent
brotli- or gzip-compressed (Flask-Compress) when the browser accepts it.

The scripts are native ES modules. A module's relative `import "./outbox.js"` names the plain URL, so every
page carries an import map from each module's plain URL to its fingerprinted one; the CSP allows that one
inline script by its SHA-256 (`import_map_source()`), which only changes when a module does.
"""
import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from flask import Flask, request, url_for
from flask_compress import Compress
from markupsafe import Markup

STATIC = Path(__file__).parent / "static"
YEAR = 365 * 24 * 3600
compress = Compress()


def fingerprint(filename: str) -> str | None:
    """The first 10 hex digits of the file's SHA-256, or None when there is no such file."""
    path = _inside(filename)
    try:
        found = path.stat() if path else None
    except OSError:
        return None
    return _digest(path, found.st_mtime_ns) if found and S_ISREG(found.st_mode) else None


@lru_cache(maxsize=256)
def _inside(filename: str) -> Path | None:  # resolving costs a system call per path part, on every page: once
    path = (STATIC / filename).resolve()
    return path if STATIC.resolve() in path.parents else None


@lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int) -> str:  # the modification time makes an edited file hash again
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


@lru_cache(maxsize=1)
def js_modules() -> tuple[str, ...]:
    """Every ES module under static/js (the vendored htmx is a classic script, not one of them)."""
    scripts = STATIC / "js"
    return tuple(sorted(p.relative_to(STATIC).as_posix() for p in scripts.rglob("*.js") if not p.name.startswith("htmx-")))


def import_map() -> Markup:
    """The page's import map (rendered verbatim: the CSP hash is of exactly this text)."""
    return Markup(_import_map(tuple(url_for("static", filename=f) for f in js_modules())))


def import_map_source() -> str:
    """The CSP source that allows this page's import map and no other inline script."""
    digest = hashlib.sha256(str(import_map()).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@lru_cache(maxsize=8)
def _import_map(urls: tuple[str, ...]) -> str:
    return json.dumps({"imports": {url.split("?")[0]: url for url in urls}}, separators=(",", ":"))


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript", "application/javascript",
                                                 "application/json", "application/manifest+json", "text/csv",
                                                 "image/svg+xml"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    # Brotli's window: with the default 4 MiB it holds back a streamed export's first ≈ 8 MB (a year's CSV nearly
    # whole); 256 KiB lets the first bytes out after ≈ 600 KB and compresses pages and CSV as well (±0.1 %).
    app.config.setdefault("COMPRESS_BR_WINDOW", 18)
    compress.init_app(app)
    app.jinja_env.globals["import_map"] = import_map

    @app.url_defaults
    def versioned_static(endpoint, values):
        if endpoint == "static" and "v" not in values and (version := fingerprint(values.get("filename", ""))):
            values["v"] = version

    @app.after_request
    def cache_forever(response):
        # Only the file the fingerprint names: during a release, a server still on the old files may be asked
        # for a new URL, and must not have its old file kept for a year under it.
        if (request.endpoint == "static" and response.status_code == 200
                and request.args.get("v") == fingerprint(request.view_args.get("filename", ""))):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
