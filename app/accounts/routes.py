"""Login, logout, invitations, profile and password — thin views over accounts.services."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.accounts import bp, known_browsers, second_factor, services, sessions
from app.accounts.auth import current_token, log_in
from app.accounts.device_names import device_name
from app.accounts.forms import ChangePasswordForm, LoginForm, ProfileForm, SetPasswordForm
from app.accounts.second_factor_routes import start_pending
from app.accounts.services import InviteState, normalize_email
from app.errors import DomainError
from app.extensions import limiter
from app.forms import show_error
from app.security import is_safe_next


def _login_account_key() -> str:
    return "login-account:" + normalize_email(request.form.get("email", ""))[:254]


def _failed(response: Response) -> bool:
    """Count only failed attempts against the limits; a successful login redirects."""
    return response.status_code != 302


def _known_browser() -> bool:
    """This browser has logged in to the account before: the per-IP limit does not hold it back (see
    known_browsers); the per-account limit still does."""
    return known_browsers.knows(request.form.get("email", ""))


def _cfg(key: str) -> str:
    return current_app.config[key]


def _home_url() -> str:
    return url_for("dashboard.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: _cfg("RATELIMIT_LOGIN_PER_IP"), methods=["POST"], deduct_when=_failed, exempt_when=_known_browser
)
@limiter.limit(
    lambda: _cfg("RATELIMIT_LOGIN_PER_ACCOUNT"), key_func=_login_account_key, methods=["POST"], deduct_when=_failed
)
def login() -> ResponseReturnValue:
    target = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(target if is_safe_next(target) else _home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and second_factor.is_enrolled(user):
            return start_pending(user, target)  # the code next, on /login/code
        if user is not None:
            log_in(user, request.user_agent.string)
            response = redirect(target if is_safe_next(target) else _home_url())
            return known_browsers.remember(response, user.email)
        form.password.errors.append(_("The e-mail or the password is not right."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    sessions.end_session(current_token())
    logout_user()
    response = redirect(url_for("accounts.login"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def invite(token: str) -> ResponseReturnValue:
    found = services.lookup_invite(token)
    if found.invite is None or found.state is not InviteState.VALID:
        status = 404 if found.state is InviteState.INVALID else 410
        return render_template("accounts/invite_unusable.html", state=found.state.value), status
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.redeem_invite(token, form.password.data)
        except DomainError as error:
            form.password.errors.append(error.message)
        else:
            if second_factor.is_enrolled(user):  # a reset link sets the password; it never skips the second factor
                response = start_pending(user, None)
            else:
                log_in(user, request.user_agent.string)
                response = known_browsers.remember(redirect(_home_url()), user.email)
            flash(_("Your password is set. Welcome!"), "success")
            return response
    return render_template("accounts/invite.html", form=form, user=found.invite.user)


@bp.route("/me", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                display_name=form.display_name.data,
                language=form.language.data,
                phone=form.phone.data or "" if current_user.is_staff else None,
                shown_to_group=form.shown_to_group.data if not current_user.is_staff else None,
            )
        except DomainError as error:
            form.language.errors.append(error.message)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("accounts.profile"))
    devices = sessions.open_sessions(current_user)
    return render_template(
        "accounts/profile.html",
        form=form,
        devices=devices,
        token=current_token(),
        is_current=sessions.is_current,
        device_name=device_name,
    )


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as error:
            show_error(form, error, "password")
        else:
            log_in(current_user._get_current_object(), request.user_agent.string)
            flash(_("Your password is changed. You are logged out on all other devices."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.post("/me/logout-all")
@login_required
def logout_all() -> ResponseReturnValue:
    services.log_out_everywhere(current_user)
    logout_user()
    flash(_("You are logged out on all devices."), "success")
    response = redirect(url_for("accounts.login"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
