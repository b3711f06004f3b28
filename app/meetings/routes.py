"""Participant pages: my meetings, answering, checking in, calendar files."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.extensions import limiter
from app.forms import first_error
from app.meetings import bp, calendar, checkin, services
from app.meetings.forms import CheckinForm, RsvpForm
from app.meetings.models import REASON_MAX, Answer, CheckinMethod, Meeting
from app.permissions import role_required
from app.security import external_url
from app.timeutil import to_local

FEED_LINK_KEY = "new_calendar_link"


def _meeting(meeting_id: int) -> Meeting:
    return services.get_meeting_for_participant_or_404(meeting_id, current_user)


@bp.app_template_global()
def reason_max() -> int:
    """The longest reason for not coming (the pages' maxlength; the form and the column use the same constant)."""
    return REASON_MAX


def _back(meeting_id: int) -> str:
    target = request.form.get("back")
    return url_for("dashboard.my_week") if target == "week" else url_for("meetings.detail", meeting_id=meeting_id)


@bp.get("/meetings")
@login_required
@role_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    return render_template(
        "meetings/index.html",
        upcoming=services.my_meetings(current_user, upcoming=True, limit=8),
        past=services.my_meetings(current_user, upcoming=False, limit=8),
    )


@bp.get("/meetings/<int:meeting_id>")
@login_required
@role_required(Role.PARTICIPANT)
def detail(meeting_id: int) -> ResponseReturnValue:
    mine = services.my_meeting(current_user, _meeting(meeting_id))
    return render_template(
        "meetings/detail.html",
        mine=mine,
        coming=services.who_is_coming(mine.meeting, current_user),
        rsvp_form=RsvpForm(),
        checkin_form=CheckinForm(),
    )


@bp.post("/meetings/<int:meeting_id>/rsvp")
@login_required
@role_required(Role.PARTICIPANT)
def rsvp(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    form = RsvpForm()
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(_back(meeting_id))
    reason = (form.reason.data or "") if "reason" in request.form else None  # the no button sends none
    try:
        services.answer(current_user, meeting, Answer(form.answer.data), reason)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_thanks(form.answer.data, reason), "success")
    return redirect(_back(meeting_id))


def _thanks(answer: str, reason: str | None) -> str:
    if answer == "yes":
        return _("Thanks, see you there!")
    return _("Thanks for letting us know.") if reason is None else _("Thanks. The reason is saved.")


@bp.route("/meetings/<int:meeting_id>/checkin", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
@limiter.limit("20 per minute", methods=["POST"])
def check_in(meeting_id: int) -> ResponseReturnValue:
    """GET is the page the QR code opens (code filled in, one tap to confirm); POST checks in."""
    meeting = _meeting(meeting_id)
    form = CheckinForm(data={"code": request.args.get("code", "")} if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        method = CheckinMethod.QR if request.form.get("via") == "qr" else CheckinMethod.CODE
        try:
            result = checkin.check_in(current_user, meeting, form.code.data, method)
        except DomainError as error:
            form.code.errors.append(error.message)
        else:
            if result is checkin.CheckinResult.ALREADY:
                flash(_("You are already checked in. Welcome!"), "success")
            else:
                flash(_("You are checked in. Welcome!"), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    status = 422 if request.method == "POST" else 200
    mine = services.my_meeting(current_user, meeting)
    return render_template("meetings/checkin.html", mine=mine, form=form, via_qr="code" in request.args), status


@bp.get("/meetings/<int:meeting_id>.ics")
@login_required
@role_required(Role.PARTICIPANT)
def ics(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(meeting_id)
    body = calendar.build_calendar("NEXTWORK", [calendar.meeting_event(meeting, _meeting_title(meeting))])
    return _ics_response(body, f"nextwork-{to_local(meeting.starts_at).date().isoformat()}.ics")


def _meeting_title(meeting: Meeting) -> str:
    return _("NEXTWORK meeting: %(group)s", group=meeting.group.name)


def _ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/calendar")
@login_required
@role_required(Role.PARTICIPANT)
def calendar_page() -> ResponseReturnValue:
    link = session.pop(FEED_LINK_KEY, None)
    return render_template("meetings/calendar.html", link=link, has_feed=calendar.has_feed(current_user))


@bp.post("/calendar/renew")
@login_required
@role_required(Role.PARTICIPANT)
def renew_calendar() -> ResponseReturnValue:
    token = calendar.renew_feed(current_user)
    session[FEED_LINK_KEY] = external_url("meetings.feed", token=token)
    flash(_("Your calendar link is ready. An older link no longer works."), "success")
    return redirect(url_for("meetings.calendar_page"))


@bp.get("/calendar/<token>.ics")
@limiter.limit("60 per hour")
def feed(token: str) -> ResponseReturnValue:
    """The personal feed for calendar apps: no login (they can't), the secret URL is the key."""
    owner = calendar.feed_owner(token)
    if owner is None:
        abort(404)
    events = calendar.feed_events(
        owner,
        _("NEXTWORK meeting"),
        lambda event: _("Match event: %(title)s", title=event.title),
    )
    response = _ics_response(calendar.build_calendar("NEXTWORK", events), "nextwork.ics")
    response.headers["Cache-Control"] = "private, max-age=900"
    return response
