"""My data: the page, the JSON download, deleting the account; staff: confirming deletions."""

from __future__ import annotations

import json

from flask import current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.accounts.forms import ConfirmForm
from app.accounts.models import Role
from app.accounts.services import normalize_email
from app.db import utcnow
from app.errors import DomainError
from app.permissions import role_required
from app.privacy import bp, services
from app.privacy.forms import DeleteAccountForm
from app.timeutil import local_today

STAFF = (Role.FACILITATOR, Role.ADMIN)
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


def _page(form: DeleteAccountForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "privacy/index.html",
        form=form,
        cancel_form=ConfirmForm(),
        waiting=services.pending_request(current_user),
        needs_confirmation=current_user.municipality.deletion_needs_confirmation,
    ), status


@bp.get("/me/data")
@login_required
def index() -> ResponseReturnValue:
    return _page(DeleteAccountForm())


@bp.get("/me/data/export.json")
@login_required
def export() -> ResponseReturnValue:
    body = json.dumps(services.export_data(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    filename = f"nextwork-my-data-{local_today(utcnow()).isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/me/data/delete")
@login_required
def delete() -> ResponseReturnValue:
    """Delete the account (or ask a facilitator to), after the person typed their own e-mail."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if normalize_email(form.email.data) != current_user.email:
            form.email.errors.append(_("That is not the e-mail of your account. Check it and try again."))
        else:
            language = current_user.language
            try:
                deleted = services.ask_to_delete(current_user._get_current_object())
            except DomainError as error:
                form.email.errors.append(error.message)
            else:
                if not deleted:
                    flash(_("We have asked your facilitator to confirm. Until then, nothing is deleted."), "success")
                    return redirect(url_for("privacy.index"))
                logout_user()
                session.clear()
                response = redirect(url_for("privacy.goodbye", lang=language))
                response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
                return response
    return _page(form, 422)


@bp.post("/me/data/delete/cancel")
@login_required
def cancel() -> ResponseReturnValue:
    if services.cancel_request(current_user):
        flash(_("You have withdrawn your request. Your account stays."), "success")
    return redirect(url_for("privacy.index"))


@bp.get("/me/data/goodbye")
def goodbye() -> ResponseReturnValue:
    return render_template("privacy/goodbye.html")


@bp.get("/staff/deletions")
@login_required
@role_required(*STAFF)
def staff_deletions() -> ResponseReturnValue:
    return render_template(
        "privacy/staff_deletions.html",
        requests=services.pending_requests(current_user),
        recent=services.recent_deletions(current_user),
        form=ConfirmForm(),
        needs_confirmation=current_user.municipality.deletion_needs_confirmation,
    )


@bp.post("/staff/deletions/<int:request_id>/confirm")
@login_required
@role_required(*STAFF)
def staff_confirm(request_id: int) -> ResponseReturnValue:
    try:
        services.confirm_request(current_user, request_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The account and its data are deleted."), "success")
    return redirect(url_for("privacy.staff_deletions"))
