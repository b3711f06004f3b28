"""The second factor's pages: the code after the password (/login/code), and setting it up (/me/second-factor).

Staff who must use it but have not set it up are logged in, and every page sends them to set it up (the gate
below) until they have; JSON requests get a 403 that says so.
"""

from __future__ import annotations

import time

import segno
from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.accounts import bp, known_browsers, second_factor
from app.accounts.auth import log_in
from app.accounts.models import Role, User
from app.errors import json_error, wants_json
from app.extensions import db, limiter
from app.forms import clean_line
from app.permissions import role_required
from app.security import is_safe_next

PENDING = "second_factor_pending"  # the session key of a login waiting for its code: {"user_id", "at", "next"}
PENDING_FOR = 300  # seconds to type the code
# Pages staff may use before they have set up a required second factor.
OPEN_ENDPOINTS = {
    "accounts.second_factor",
    "accounts.second_factor_start",
    "accounts.second_factor_confirm",
    "accounts.logout",
    "static",
    "pwa.manifest",
    "pwa.service_worker",
    "pwa.offline",
    "health.healthz",
    "public.privacy",
    "public.security_txt",
}


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Write the code.")), Length(max=20)],
        description=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
    )


class SetupForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Write the code.")), Length(max=20)],
        description=_l("The 6 digits the app shows for NEXTWORK."),
    )


def start_pending(user: User, target: str | None) -> Response:
    """The password was right and the person has a second factor: ask for the code (nobody is logged in yet)."""
    session.clear()
    session[PENDING] = {"user_id": user.id, "at": int(time.time()), "next": target if is_safe_next(target) else None}
    return redirect(url_for("accounts.login_code"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_FOR:
        return None
    user = db.session.get(User, pending.get("user_id"))
    return user if user is not None and user.active else None


def _pending_key() -> str:
    pending = session.get(PENDING)
    return f"login-code:{pending.get('user_id') if isinstance(pending, dict) else request.remote_addr}"


def _failed(response: Response) -> bool:
    return response.status_code != 302


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_CODE"], key_func=_pending_key, methods=["POST"], deduct_when=_failed
)
def login_code() -> ResponseReturnValue:
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Please log in again."), "error")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.verify(user, form.code.data):
            target = session[PENDING].get("next")
            log_in(user, request.user_agent.string)  # clears the pending login with the rest of the old session
            response = redirect(target if is_safe_next(target) else url_for("dashboard.home"))
            return known_browsers.remember(response, user.email)
        form.code.errors.append(_("That code is not right. Codes change every 30 seconds; try the newest one."))
    return render_template("accounts/login_code.html", form=form), 200 if request.method == "GET" else 422


@bp.get("/me/second-factor", endpoint="second_factor")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def second_factor_page() -> ResponseReturnValue:
    return _second_factor_page()


def _second_factor_page(codes: list[str] | None = None) -> ResponseReturnValue:
    """The page; with `codes`, the new recovery codes, shown in the answer to the POST that made them and nowhere
    else (the session cookie is signed, not encrypted: they never go there), and not kept by the browser."""
    row = second_factor.enrolment(current_user)
    setting_up = row is not None and row.confirmed_at is None
    qr = secret = None
    if setting_up and row is not None:
        uri = second_factor.provisioning_uri(current_user, row.secret)
        qr = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=True)
        secret = " ".join(row.secret[i : i + 4] for i in range(0, len(row.secret), 4))
    response = make_response(
        render_template(
            "accounts/second_factor.html",
            row=row,
            setting_up=setting_up,
            qr=qr,
            secret=secret,
            form=SetupForm(),
            codes=codes,
            left=second_factor.recovery_codes_left(current_user) if row and row.confirmed_at else 0,
            required=second_factor.required_for(current_user),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/me/second-factor/start")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def second_factor_start() -> ResponseReturnValue:
    second_factor.start(current_user)
    return redirect(url_for("accounts.second_factor"))


@bp.post("/me/second-factor/confirm")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_CODE"], key_func=lambda: f"setup:{current_user.get_id()}")
def second_factor_confirm() -> ResponseReturnValue:
    form = SetupForm()
    codes = second_factor.confirm(current_user, form.code.data or "") if form.validate_on_submit() else None
    if codes is None:
        flash(_("That code is not right. Check that the app shows NEXTWORK, and type the newest code."), "error")
        return redirect(url_for("accounts.second_factor"))
    flash(_("Your second factor is on. You will be asked for a code when you log in."), "success")
    return _second_factor_page(codes)


@bp.post("/me/second-factor/recovery-codes")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def second_factor_new_codes() -> ResponseReturnValue:
    if not second_factor.is_enrolled(current_user):
        return redirect(url_for("accounts.second_factor"))
    codes = second_factor.new_recovery_codes(current_user)
    flash(_("New recovery codes are made. The old ones no longer work."), "success")
    return _second_factor_page(codes)


@bp.before_app_request
def send_to_set_up() -> ResponseReturnValue | None:
    """Staff who must use a second factor and have not set it up can only set it up (or log out)."""
    if request.endpoint in OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not second_factor.required_for(current_user) or second_factor.is_enrolled(current_user):
        return None
    if wants_json():
        return json_error(403, "second_factor_required", _("Set up your second factor first."))
    return redirect(url_for("accounts.second_factor"))
