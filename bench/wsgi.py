"""The app as the load test serves it with gunicorn: the bench database, the bench clock, and a login
rate limit that lets 100 simulated assistants in from one address."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp import create_app  # noqa: E402

app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"], "LOGIN_RATE_LIMIT": "100000 per minute",
                  "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-load"), "DAGDEEL_NOW": os.environ.get("DAGDEEL_NOW"),
                  "DEMO": False, "SESSION_COOKIE_SECURE": False})  # Locust speaks plain http on loopback
