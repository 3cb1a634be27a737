"""Logging in and out."""
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import joinedload

from .. import demo, i18n, parse
from ..audit.operations import record
from ..extensions import db, limiter, login_manager
from . import bp, queries, roles
from .access import allow, public
from .forms import LoginForm
from .models import Staff


@login_manager.user_loader
def load_staff(session_id: str):
    """The staff member of a session ('id:version'), while the account is active and the version current."""
    staff_id, _sep, version = session_id.partition(":")
    try:
        # with the sites in the same query: nearly every page asks them (trajectory/access.py)
        staff = (db.session.get(Staff, parse.ident(staff_id), options=[joinedload(Staff.sites)])
                 if version.isdigit() else None)
    except parse.BadInput:
        return None
    return staff if staff and staff.active and staff.session_version == int(version) else None


def _ip_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account() -> str:
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _failed(response) -> bool:
    """Only a wrong e-mail address or password counts towards a limit: correct logins never lock anyone out."""
    return g.get("login_failed", False)


def _locked(limit) -> None:
    record("login_locked", detail=request.form.get("email", "")[:254])
    db.session.commit()


@bp.get("/login")
@public
def login_elsewhere():
    """The address people type from other apps: the login page is /inloggen."""
    return redirect(url_for("auth.login"), 301)


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], deduct_when=_failed, on_breach=_locked)
@limiter.limit(_account_limit, key_func=_account, methods=["POST"], deduct_when=_failed, on_breach=_locked)
@public
def login():
    """Log in with e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        staff = queries.by_email(email)
        if staff and staff.active and staff.check_password(form.password.data):
            session.clear()
            session.permanent = True
            login_user(staff)
            # A fresh CSRF secret now, in this response's cookie: otherwise the first screens after login (and the
            # service worker's prefetch of them) each make their own, and the last one to answer wins.
            g.pop("csrf_token", None)
            generate_csrf()
            record("login")
            db.session.commit()
            return redirect(parse.local_path(request.args.get("next")) or url_for("home.index"))
        g.login_failed = True
        record("login_failed", detail=email[:254])
        db.session.commit()
        form.password.errors.append(_("E-mailadres of wachtwoord klopt niet."))
    status = 422 if form.errors else 200
    accounts = demo.ACCOUNTS if current_app.config["DEMO"] else None
    return render_template("auth/login.html", form=form, demo_accounts=accounts, role_labels=roles.LABELS), status


@bp.post("/uitloggen")
@allow(*roles.ALL)
def logout():
    """Log out: this session and every other session of the account end."""
    record("logout")
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/taal")
@allow(*roles.ALL)
def set_language():
    """Choose the language of one's own screens (Nederlands or English)."""
    choice = request.form.get("language", "")
    if choice not in i18n.LANGUAGES:
        raise parse.BadInput(_("Kies Nederlands of English."))
    current_user.language = choice
    db.session.commit()
    return redirect(parse.local_path(request.form.get("next")) or url_for("home.index"))
