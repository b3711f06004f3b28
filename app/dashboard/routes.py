"""The start page for each role. Each feature contributes a card through its services."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.dashboard import bp
from app.dashboard import staff as overview
from app.events.services import upcoming_events_for
from app.meetings import services as meetings
from app.meetings.forms import CheckinForm, RsvpForm
from app.people import scope
from app.people.attention import needs_attention
from app.people.scope import my_groups
from app.permissions import role_required
from app.placements.queries import current_assignments, recent_changes

RECENT_CHANGES = 5


@bp.get("/")
def home() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role is Role.PARTICIPANT:
        return redirect(url_for("dashboard.my_week"))
    return redirect(url_for("dashboard.staff"))


@bp.get("/week")
@login_required
@role_required(Role.PARTICIPANT)
def my_week() -> ResponseReturnValue:
    next_meeting = meetings.next_meeting(current_user)
    return render_template(
        "dashboard/my_week.html",
        next=next_meeting,
        coming=meetings.who_is_coming(next_meeting.meeting, current_user) if next_meeting else None,
        rsvp_form=RsvpForm(),
        checkin_form=CheckinForm(),
        upcoming_events=upcoming_events_for(current_user),
        placements=current_assignments(current_user),
    )


@bp.get("/staff")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def staff() -> ResponseReturnValue:
    return render_template(
        "dashboard/staff.html",
        week=overview.this_week(current_user),
        attention=needs_attention(current_user),
        groups=my_groups(current_user),
        changes=recent_changes(
            current_user,
            limit=RECENT_CHANGES,
            among=scope.people_ids_statement(current_user.role is Role.ADMIN),
            among_params=scope.people_params(current_user),
        ),
    )
