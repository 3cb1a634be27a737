"""The installable, offline-capable app: service worker, web app manifest, offline page."""
import hashlib
import uuid
from functools import lru_cache
from pathlib import Path

from flask import current_app, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login.utils import login_url

from .. import clock
from ..assets import js_modules
from ..attendance import floor
from ..auth import roles
from ..auth.access import allow, public
from ..errors import is_background, refusal_answer
from ..extensions import db
from . import batch, bp, placeholder, viewlog
from .replay import idempotent
from .js_strings import js_strings

STATIC = Path(__file__).parent.parent / "static"


@lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever a cached asset or the service worker itself changes."""
    h = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")) + [Path(__file__).parent.parent / "templates/offline/sw.js"]:
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def shell_urls() -> list[str]:
    """What every page needs, cached when the service worker installs."""
    assets = ("css/app.css", current_app.config["HTMX_FILE"], *js_modules(), "icons/icon-192.png")
    return [url_for("static", filename=f) for f in assets] + [url_for("offline.offline_page"), url_for("offline.turn_page")]


@bp.get("/sw.js")
@public
def service_worker():
    """The service worker, served from the root so that it controls every page."""
    release = version() + current_app.config.get("SW_RELEASE", "")
    response = make_response(render_template("offline/sw.js", version=release, shell=shell_urls(),
                                             login_path=url_for("auth.login"), offline_url=url_for("offline.offline_page"),
                                             turn_url=url_for("offline.turn_page"),
                                             static_path=url_for("static", filename=""),
                                             page_timeout_ms=current_app.config["PAGE_TIMEOUT_MS"]))
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
@public
def manifest():
    """The web app manifest: Dutch name, icons, standalone, starting on the Ronde tab."""
    response = make_response(render_template("offline/manifest.json"))
    response.headers["Content-Type"] = "application/manifest+json"
    return response


@bp.get("/favicon.ico")
@public
def favicon():
    """The app's icon where browsers look for it unasked (pages without a `<link rel="icon">`: the turn, print)."""
    response = current_app.send_static_file("icons/icon-192.png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/offline")
@public
def offline_page():
    """Shown when a page was never loaded on this phone and there is no network."""
    return render_template("offline/offline.html")


@bp.get("/offline/beurt")
@public
def turn_page():
    """Shown for every page while the phone is in a worker's turn (a checklist) and has no network: no kept page,
    no way to other pages; the worker gives the phone back."""
    return render_template("offline/turn.html")


@bp.post("/offline/bekeken")
@allow(*roles.ALL)
@idempotent
def viewed():
    """Log a kept page the phone showed from its cache while offline: who saw which workers there, and when."""
    viewlog.log(current_user)
    db.session.commit()
    return "", 204


@bp.post("/offline/sync")
@allow(*roles.ALL)
def sync():
    """Apply a chunk of the phone's queue in one round trip, each write as if sent alone (offline/batch.py)."""
    if request.content_length is None or request.content_length > batch.MAX_BYTES:
        return refusal_answer(_("Te veel tegelijk: hoogstens %(kb)s KB per keer.", kb=batch.MAX_BYTES // 1024), 413)
    entries = batch.entries(request.get_data(cache=False))
    db.session.commit()  # hold no transaction open while each entry runs in a session of its own
    results = batch.apply_all(entries)
    response = jsonify(results=results)
    response.headers["Cache-Control"] = "no-store"
    return response


def daily_urls() -> list[str]:
    """Today's Ronde, Werkvloer and Uitbetaling screens and training session boards, prefetched so that they open
    without network."""
    from ..org.queries import lnw_block
    from ..rounds import queries as round_queries
    from ..trajectory import training  # today's training sessions: their boards are tapped like the work floor's

    if not current_user.is_authenticated or current_user.role not in roles.DAILY:
        return []
    urls = [url_for("rounds.index"), url_for("payouts.index"), url_for("payouts.viavia")]
    for pickup in round_queries.rounds_on(clock.today()):
        urls += [url_for("rounds.show", round_id=pickup.id), url_for("rounds.arrive", round_id=pickup.id)]
    if board := floor.remembered():
        urls.append(url_for("attendance.board", workshop_id=board))
    if arrivals := lnw_block():  # the Loon naar Werken board, where the bus round's arrivals land
        urls.append(url_for("attendance.board", workshop_id=arrivals.workshop_id))
    urls += [url_for("trajectory.training_board", session_id=s.id) for s in training.today_sessions(clock.today())]
    return list(dict.fromkeys(urls))


def init_app(app) -> None:
    """Make the offline helpers (the queue's mark, a fresh client UUID, the scripts' texts) available to every
    template, and answer 401 to background writes."""
    from ..extensions import login_manager
    from . import scope
    from .queueable import queued_post

    scope.init_app(app)
    app.jinja_env.globals.update(queued_post=queued_post, new_client_id=lambda: str(uuid.uuid4()), js_strings=js_strings,
                                 kept_shown=viewlog.kept_shown)
    app.add_template_filter(viewlog.shown)

    @app.context_processor
    def offline_context():
        board = floor.remembered()
        return {"asset_version": version(), "daily_urls": daily_urls,
                "werkvloer_url": url_for("attendance.board", workshop_id=board) if board else url_for("attendance.index"),
                "rendered_at": clock.now(), "placeholder": placeholder,
                "sync_limits": f"{batch.MAX_ENTRIES} {batch.MAX_BYTES}"}

    @login_manager.unauthorized_handler
    def unauthorized():
        # The service worker's prefetch too: sent to the login page, it would use up "Je bent uitgelogd.".
        if is_background() or request.headers.get("Dagdeel-Prefetch"):
            return _("Sessie verlopen: log opnieuw in."), 401
        flash(_("Log eerst in."), "info")
        return redirect(login_url("auth.login", request.url))
