"""A full placement's waiting list, for participants: line up, or leave (also: no thanks to a held seat)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.permissions import role_required
from app.placements import bp, services, waitlist
from app.placements.forms import WaitForm


def _back(placement_id: int) -> ResponseReturnValue:
    return redirect(url_for("placements.detail", placement_id=placement_id))


@bp.post("/placements/<int:placement_id>/wait")
@login_required
@role_required(Role.PARTICIPANT)
def join_waitlist(placement_id: int) -> ResponseReturnValue:
    placement = services.get_placement_or_404(placement_id, current_user)
    if not WaitForm().validate_on_submit():
        flash(_("Please reload the page and try again."), "error")
        return _back(placement.id)
    try:
        waitlist.join(current_user, placement)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You are on the waiting list. You get a notification when a seat is free for you."), "success")
    return _back(placement.id)


@bp.post("/placements/<int:placement_id>/wait/leave")
@login_required
@role_required(Role.PARTICIPANT)
def leave_waitlist(placement_id: int) -> ResponseReturnValue:
    placement = services.get_placement_or_404(placement_id, current_user)
    if not WaitForm().validate_on_submit():
        flash(_("Please reload the page and try again."), "error")
        return _back(placement.id)
    if waitlist.leave(current_user, placement):
        flash(_("You are off the waiting list."), "success")
    return _back(placement.id)
