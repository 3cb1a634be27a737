"""Logging in and out."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from .. import demo
from ..audit.operations import record
from ..extensions import db, limiter, login_manager
from . import bp, roles
from .access import allow, public
from .forms import LoginForm
from .models import Staff



@login_manager.user_loader
def load_staff(staff_id: str):
    staff = db.session.get(Staff, int(staff_id))
    return staff if staff and staff.active else None


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def login():
    """Log in with e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        staff = db.session.scalar(select(Staff).where(func.lower(Staff.email) == email))
        if staff and staff.active and staff.check_password(form.password.data):
            session.clear()
            session.permanent = True
            login_user(staff)
            record("login")
            db.session.commit()
            return redirect(_safe_next() or url_for("home.index"))
        form.password.errors.append("E-mailadres of wachtwoord klopt niet.")
    status = 422 if form.errors else 200
    accounts = demo.ACCOUNTS if current_app.config["DEMO"] else None
    return render_template("auth/login.html", form=form, demo_accounts=accounts, role_labels=roles.LABELS), status


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else None


@bp.post("/uitloggen")
@allow(*roles.ALL)
def logout():
    """Log out and forget the session."""
    record("logout")
    db.session.commit()
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))
