"""The admin's page for the municipality's settings — a thin view over accounts.settings."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import bp, settings
from app.accounts.forms import MunicipalitySettingsForm
from app.accounts.models import Role
from app.errors import DomainError
from app.forms import required_data, show_error
from app.permissions import role_required


@bp.route("/staff/settings", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN)
def municipality_settings() -> ResponseReturnValue:
    saved = settings.current(current_user.municipality) if request.method == "GET" else None
    form = MunicipalitySettingsForm(data=saved)
    if form.validate_on_submit():
        try:
            settings.update(
                current_user,
                name=form.name.data or "",
                weekly_hours_cap=required_data(form.weekly_hours_cap.data),
                quiet_start=required_data(form.quiet_start.data),
                quiet_end=required_data(form.quiet_end.data),
                deletion_needs_confirmation=bool(form.deletion_needs_confirmation.data),
            )
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The settings are saved."), "success")
            return redirect(url_for("accounts.municipality_settings"))
    return render_template("accounts/municipality_settings.html", form=form)
