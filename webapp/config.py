"""Configuration defaults; the environment and instance/config.py override them."""
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

STATIC_JS = Path(__file__).parent / "static" / "js"


def vendored_htmx_file() -> str:
    """Name of the vendored htmx file, as recorded by scripts/vendor_htmx.sh."""
    for line in (STATIC_JS / "VENDORED.txt").read_text().splitlines():
        if line.startswith("file "):
            return "js/" + line.split(" ", 1)[1]
    raise RuntimeError("webapp/static/js/VENDORED.txt names no htmx file")


def database_url(instance_path: str) -> str:
    """DATABASE_URL if given (postgresql:// uses psycopg 3), else SQLite in instance/."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "dagdeel.sqlite")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def data_keys(instance_path: str) -> str:
    """DAGDEEL_DATA_KEYS (Fernet keys, newest first) from the environment, else one generated once into instance/."""
    if os.environ.get("DAGDEEL_DATA_KEYS"):
        return os.environ["DAGDEEL_DATA_KEYS"]
    path = Path(instance_path) / "data_key"
    if not path.exists():
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


def defaults(instance_path: str) -> dict:
    """The configuration every Dagdeel starts from."""
    idle_hours = float(os.environ.get("DAGDEEL_IDLE_HOURS", "12"))
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SECRET_KEY": secret_key(instance_path),
        # Keys of the fields encrypted at rest (webapp/crypto.py), newest first.
        "DATA_KEYS": data_keys(instance_path),
        # Retention (webapp/privacy/retention.py says why): former workers anonymised after N years, log lines kept 5.
        "RETENTION_WORKER_YEARS": int(os.environ.get("DAGDEEL_RETENTION_WORKER_YEARS", "2")),
        "RETENTION_ACCESS_LOG_YEARS": int(os.environ.get("DAGDEEL_RETENTION_ACCESS_LOG_YEARS", "5")),
        # A copy of every access-log line outside the database: `syslog://host:514` or a file path (audit/sink.py).
        "ACCESS_LOG_SINK": os.environ.get("DAGDEEL_ACCESS_LOG_SINK", ""),
        "DEMO": os.environ.get("DAGDEEL_DEMO") == "1",
        # Idle timeout: the session cookie is refreshed on every request.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=idle_hours),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure (HTTPS-only) cookies: decided in finish() from DEMO and the environment unless set explicitly.
        "SESSION_COOKIE_SECURE": None,
        "REMEMBER_COOKIE_SECURE": None,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Strict-Transport-Security on every answer served over HTTPS (a year); 0 sends none.
        "HSTS_MAX_AGE": int(os.environ.get("DAGDEEL_HSTS_SECONDS", str(365 * 86400))),
        # Behind a reverse proxy (nginx, Caddy): how many proxies' X-Forwarded-For/-Proto/-Host to believe.
        "PROXIES": int(os.environ.get("DAGDEEL_PROXIES", "0")),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Failed logins only (a busy office's correct logins never count): per IP address, and per account.
        "LOGIN_RATE_LIMIT": "10 per minute; 30 per 15 minutes",
        "LOGIN_ACCOUNT_RATE_LIMIT": "5 per 15 minutes; 20 per day",
        "WTF_CSRF_TIME_LIMIT": None,  # the session lifetime bounds the token
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,  # a phone photo or a CSV file
        "HTMX_FILE": vendored_htmx_file(),
        # How long a phone waits for an answer before a write stays queued (htmx uses the same).
        "QUEUE_TIMEOUT_MS": 8000,
        # How long a page load waits for the network before the service worker shows the phone's kept copy.
        "PAGE_TIMEOUT_MS": 4000,
        # How far back a phone's clock is believed for an offline tap (webapp/parse.py: device_time).
        "DEVICE_TIME_WINDOW_HOURS": float(os.environ.get("DAGDEEL_DEVICE_TIME_WINDOW_HOURS", "24")),
        # ISO timestamp that freezes the app's clock (tests, demos); unset in production.
        "DAGDEEL_NOW": os.environ.get("DAGDEEL_NOW"),
    }


def secure_cookies(demo: bool) -> bool:
    """Cookies only over HTTPS in production; plain http for the demo (`make run`) and `flask run`."""
    if os.environ.get("DAGDEEL_SECURE_COOKIES") == "1":
        return True
    if os.environ.get("DAGDEEL_INSECURE_COOKIES") == "1":
        return False
    # Flask's command line marks itself so (for the rest of the process); only its `run` serves requests.
    dev_server = os.environ.get("FLASK_RUN_FROM_CLI") == "true" and "run" in sys.argv[1:]
    return not (demo or dev_server)


def finish(config) -> None:
    """Settings that follow from others, once the instance's or test's configuration is in."""
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config[key] is None:
            config[key] = secure_cookies(config["DEMO"])
