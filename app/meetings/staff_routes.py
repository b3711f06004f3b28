"""Facilitator pages for one meeting: who answered and came, check-in code and QR, changes."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import DomainError
from app.meetings import bp, checkin, schedule, services
from app.meetings.forms import CancelForm, MeetingEditForm
from app.meetings.models import Meeting
from app.permissions import get_in_municipality_or_404, role_required
from app.timeutil import to_local

STAFF = (Role.FACILITATOR, Role.ADMIN)


def _meeting(meeting_id: int) -> Meeting:
    return services.get_meeting_for_staff_or_404(meeting_id, current_user)


def _to_meeting(meeting_id: int) -> ResponseReturnValue:
    return redirect(url_for("meetings.staff_detail", meeting_id=meeting_id))


@bp.get("/staff/meetings/<int:meeting_id>")
@login_required
@role_required(*STAFF)
def staff_detail(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    local = to_local(meeting.starts_at)
    edit_form = MeetingEditForm(
        data={"day": local.date(), "at": local.time(), "place": meeting.place, "agenda": meeting.agenda}
    )
    code = qr = None
    if checkin.is_open(meeting):
        code = checkin.current_code(meeting)
        url = url_for("meetings.check_in", meeting_id=meeting.id, code=code.code, _external=True)
        qr = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return render_template(
        "meetings/staff_detail.html",
        meeting=meeting,
        roster=services.roster(meeting),
        code=code,
        qr=qr,
        can_open=checkin.in_window(meeting, utcnow()) and not meeting.cancelled,
        edit_form=edit_form,
        cancel_form=CancelForm(),
    )


@bp.post("/staff/meetings/<int:meeting_id>/checkin/open")
@login_required
@role_required(*STAFF)
def open_checkin(meeting_id: int) -> ResponseReturnValue:
    try:
        checkin.open_checkin(current_user, _meeting(meeting_id))
    except DomainError as error:
        flash(error.message, "error")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/attendance/<int:user_id>")
@login_required
@role_required(*STAFF)
def mark(meeting_id: int, user_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    person = get_in_municipality_or_404(User, user_id, current_user)
    try:
        checkin.mark_attendance(current_user, meeting, person, request.form.get("present") == "1")
    except DomainError as error:
        flash(error.message, "error")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/edit")
@login_required
@role_required(*STAFF)
def edit(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = MeetingEditForm()
    if form.validate_on_submit():
        try:
            schedule.move_meeting(
                current_user,
                meeting,
                day=form.day.data,
                at=form.at.data,
                place=form.place.data or "",
                agenda=form.agenda.data or "",
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("The meeting is updated."), "success")
            return _to_meeting(meeting_id)
    else:
        flash(_("Check the date and time."), "error")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/cancel")
@login_required
@role_required(*STAFF)
def cancel(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Write a short reason for the group."), "error")
        return _to_meeting(meeting_id)
    schedule.cancel_meeting(current_user, meeting, form.reason.data)
    flash(_("The meeting is cancelled. It stays in the list as cancelled."), "success")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/reinstate")
@login_required
@role_required(*STAFF)
def reinstate(meeting_id: int) -> ResponseReturnValue:
    schedule.reinstate_meeting(current_user, _meeting(meeting_id))
    flash(_("The meeting is on again."), "success")
    return _to_meeting(meeting_id)
