"""Privacy a worker can check (issue 18): who saw their data, and all of their own data in one export."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from . import models, views, wording  # noqa: E402,F401
