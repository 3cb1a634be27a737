"""Static assets on a weak connection: fingerprinted URLs cached for a year, and compressed responses.

Every `url_for("static", ...)` gets `?v=<hash of the file>`, so a changed file has a new URL and an
unchanged one is never fetched again (Cache-Control immutable). Pages, fragments and assets are sent
brotli- or gzip-compressed (Flask-Compress) when the browser accepts it.
"""
import hashlib
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from flask import Flask, request
from flask_compress import Compress

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


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript", "application/javascript",
                                                 "application/json", "application/manifest+json", "text/csv",
                                                 "image/svg+xml"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    compress.init_app(app)

    @app.url_defaults
    def versioned_static(endpoint, values):
        if endpoint == "static" and "v" not in values and (version := fingerprint(values.get("filename", ""))):
            values["v"] = version

    @app.after_request
    def cache_forever(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
