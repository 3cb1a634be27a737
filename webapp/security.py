"""Security headers that keep htmx working under a strict Content-Security-Policy; HTTPS behind a proxy."""
from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .assets import import_map_source

# No inline scripts or styles, no eval: htmx is configured by a <meta> tag
# (includeIndicatorStyles false, allowEval false) and the CSS lives in static/. A page's one inline script is
# its import map (not code: where each module's fingerprinted URL is), allowed by its hash.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'{import_map}",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    """Send the headers with every response; believe a configured reverse proxy about the client and HTTPS."""
    if proxies := app.config["PROXIES"]:
        # Only then X-Forwarded-For is the client's address (login limits per IP) and -Proto says HTTPS (HSTS).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    @app.after_request
    def add_headers(response):
        page = response.mimetype == "text/html"
        response.headers.setdefault("Content-Security-Policy",
                                    CSP.format(import_map=" " + import_map_source() if page else ""))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "geolocation=(), microphone=()"
        if request.is_secure and app.config["HSTS_MAX_AGE"]:
            response.headers["Strict-Transport-Security"] = f"max-age={app.config['HSTS_MAX_AGE']}"
        # Fragments and pages share URLs: caches must tell them apart.
        response.vary.add("HX-Request")
        # Pages and exports hold personal data: no browser, proxy or service worker may keep a copy.
        if response.mimetype in ("text/html", "text/csv"):
            response.headers["Cache-Control"] = "no-store"
        return response
