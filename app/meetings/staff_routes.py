"""Facilitator pages for one meeting: who answered and came, check-in code and QR, the check-in screen for the
room, changes."""

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
from app.meetings.state import has_ended, meeting_state
from app.permissions import get_in_municipality_or_404, role_required
from app.security import external_url
from app.timeutil import to_local

STAFF = (Role.FACILITATOR, Role.ADMIN)
SCREEN_RELOAD_SECONDS = 15  # the check-in screen before check-in opens: it shows the code soon after opening


def _meeting(meeting_id: int) -> Meeting:
    return services.get_meeting_for_staff_or_404(meeting_id, current_user)


def _to_meeting(meeting_id: int) -> ResponseReturnValue:
    return redirect(url_for("meetings.staff_detail", meeting_id=meeting_id))


def _qr(meeting: Meeting, code: checkin.CurrentCode) -> str:
    """The QR code (inline SVG) of the check-in link with the current code filled in."""
    url = external_url("meetings.check_in", meeting_id=meeting.id, code=code.code)
    return segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=True)


@bp.get("/staff/meetings/<int:meeting_id>")
@login_required
@role_required(*STAFF)
def staff_detail(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    now = utcnow()
    local = to_local(meeting.starts_at)
    edit_form = MeetingEditForm(
        data={"day": local.date(), "at": local.time(), "place": meeting.place, "agenda": meeting.agenda}
    )
    code = checkin.current_code(meeting, now) if checkin.is_open(meeting, now) else None
    return render_template(
        "meetings/staff_detail.html",
        meeting=meeting,
        state=meeting_state(meeting, now),
        ended=has_ended(meeting, now),
        roster=services.roster(meeting),
        code=code,
        qr=_qr(meeting, code) if code else None,
        can_open=checkin.in_window(meeting, now) and not meeting.cancelled,
        attendance_shown=checkin.window(meeting)[0] <= now,
        edit_form=edit_form,
        cancel_form=CancelForm(),
    )


@bp.get("/staff/meetings/<int:meeting_id>/screen")
@login_required
@role_required(*STAFF)
def screen(meeting_id: int) -> ResponseReturnValue:
    """The check-in screen for the room (a projector, or the phone held up): the code, the QR and the time to the
    next code. Nothing personal: no names, no answers or reasons. Reloads itself when the code changes."""
    meeting = _meeting(meeting_id)
    now = utcnow()
    opens, closes = checkin.window(meeting)
    code = checkin.current_code(meeting, now) if checkin.is_open(meeting, now) else None
    return render_template(
        "meetings/screen.html",
        meeting=meeting,
        code=code,
        qr=_qr(meeting, code) if code else None,
        can_open=checkin.in_window(meeting, now) and not meeting.cancelled,
        opens=opens,
        closed=now > closes,
        step=checkin.STEP_SECONDS,
        # Without JavaScript the page reloads itself: just after the code changes, else now and then.
        reload_after=code.seconds_left + 1 if code else SCREEN_RELOAD_SECONDS,
    )


@bp.post("/staff/meetings/<int:meeting_id>/checkin/open")
@login_required
@role_required(*STAFF)
def open_checkin(meeting_id: int) -> ResponseReturnValue:
    try:
        checkin.open_checkin(current_user, _meeting(meeting_id))
    except DomainError as error:
        flash(error.message, "error")
    if request.form.get("back") == "screen":
        return redirect(url_for("meetings.screen", meeting_id=meeting_id))
    return _to_meeting(meeting_id)


def _person(meeting_id: int, user_id: int) -> tuple[Meeting, User]:
    return _meeting(meeting_id), get_in_municipality_or_404(User, user_id, current_user)


@bp.post("/staff/meetings/<int:meeting_id>/attendance/<int:user_id>/present")
@login_required
@role_required(*STAFF)
def mark_present(meeting_id: int, user_id: int) -> ResponseReturnValue:
    meeting, person = _person(meeting_id, user_id)
    try:
        checkin.mark_present(current_user, meeting, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is marked as present.", name=person.display_name), "success")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/attendance/<int:user_id>/remove")
@login_required
@role_required(*STAFF)
def remove_checkin(meeting_id: int, user_id: int) -> ResponseReturnValue:
    meeting, person = _person(meeting_id, user_id)
    try:
        checkin.remove_checkin(current_user, meeting, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is no longer checked in.", name=person.display_name), "success")
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


@bp.get("/staff/meetings/<int:meeting_id>/cancel/confirm")
@login_required
@role_required(*STAFF)
def confirm_cancel(meeting_id: int) -> ResponseReturnValue:
    """Cancelling tells every member at once, so it asks first (with the reason for the group)."""
    meeting = _meeting(meeting_id)
    if meeting.cancelled or has_ended(meeting):
        return _to_meeting(meeting_id)
    return render_template("meetings/cancel.html", meeting=meeting, form=CancelForm())


@bp.post("/staff/meetings/<int:meeting_id>/cancel")
@login_required
@role_required(*STAFF)
def cancel(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Write a short reason for the group."), "error")
        return _to_meeting(meeting_id)
    schedule.cancel_meeting(current_user, meeting, form.reason.data or "")
    if has_ended(meeting):
        flash(_("Recorded: the meeting did not take place."), "success")
    else:
        flash(_("The meeting is cancelled. It stays in the list as cancelled."), "success")
    return _to_meeting(meeting_id)


@bp.post("/staff/meetings/<int:meeting_id>/reinstate")
@login_required
@role_required(*STAFF)
def reinstate(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    schedule.reinstate_meeting(current_user, meeting)
    flash(_("Recorded: the meeting took place.") if has_ended(meeting) else _("The meeting is on again."), "success")
    return _to_meeting(meeting_id)
