"""Participants follow a sector to hear about its new placements (buttons on the placements page)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.forms import ConfirmForm
from app.accounts.models import Role
from app.errors import DomainError
from app.forms import clean_line
from app.permissions import role_required
from app.placements import bp
from app.placements import follows as sectors


def _sector() -> str:
    """The sector from the POSTed form (CSRF checked); 400 when missing or too long."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sector = clean_line(request.form.get("sector")) or ""
    if not sector or len(sector) > 80:
        abort(400)
    return sector


@bp.post("/placements/sectors/follow")
@login_required
@role_required(Role.PARTICIPANT)
def follow_sector() -> ResponseReturnValue:
    sector = _sector()
    try:
        sectors.follow(current_user, sector)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("placements.index"))
    flash(_("You follow %(sector)s. We tell you about new placements there.", sector=sector), "success")
    return redirect(url_for("placements.index", sector=sector))


@bp.post("/placements/sectors/unfollow")
@login_required
@role_required(Role.PARTICIPANT)
def unfollow_sector() -> ResponseReturnValue:
    sector = _sector()
    sectors.unfollow(current_user, sector)
    flash(_("You no longer follow %(sector)s.", sector=sector), "success")
    return redirect(url_for("placements.index", sector=sector))
