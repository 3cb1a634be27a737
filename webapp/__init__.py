"""Dagdeel: the work-floor app for the Relim methodiek."""
import gc
import os

from flask import Flask

from . import assets, config, errors, formatting, i18n, params, security
from .auth.access import can, check_every_view_declares_roles
from .auth.cookie import SessionInterface
from .extensions import csrf, db, htmx, limiter, login_manager, migrate
from .offline.queueable import check_queued_writes_are_idempotent

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py (or the test's dict)."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    config.finish(app.config)

    app.session_interface = SessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    formatting.register(app)
    security.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    params.init_app(app)  # before the blueprints: their `<int:…>` routes use the bounded converter
    _register_blueprints(app)
    check_every_view_declares_roles(app)
    app.add_template_global(can)
    check_queued_writes_are_idempotent(app)

    from . import cli

    cli.register(app)
    if app.config["DEMO"] and not app.config.get("TESTING"):
        with app.app_context():
            cli.prepare_demo()
    if app.config.get("GC_FREEZE", not app.config.get("TESTING")):
        _settle_heap()
    return app


def _settle_heap() -> None:
    """Take the objects that live as long as the process (modules, mappers, compiled routes, the method catalogue)
    out of the cyclic garbage collector's full walks. Without this, every few requests a full collection walked them
    all in the middle of a request: the work list at 1,000 workers had p50 34 ms but p95 130 ms of CPU time, and the
    tail was those collections (bench/worklist.py; issue 15). This is what `gc.freeze` is for; with gunicorn
    `--preload` the frozen pages also stay shared between the workers."""
    gc.collect()
    gc.freeze()


def _register_blueprints(app: Flask) -> None:
    from . import attendance, audit, auth, home, offline, org, payouts, privacy, rounds, trajectory, workers
    from .offline.views import init_app as init_offline

    for feature in (home, auth, org, workers, trajectory, audit, privacy, rounds, attendance, payouts, offline):
        app.register_blueprint(feature.bp)
    init_offline(app)
    audit.sink.init_app(app)
