"""The meeting schedule on the staff group pages: create a group with its weekly meetings, plan more of them, add
an extra meeting; the group page's meeting lists.

Both live here, not in app/groups, because groups know nothing of meetings (meetings build on groups).
"""

from __future__ import annotations

from uuid import uuid4

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import required_data, show_error
from app.groups.forms import GroupForm
from app.groups.models import Group
from app.idempotency import AlreadyDone
from app.meetings import bp, schedule, services
from app.meetings.forms import ExtraMeetingForm
from app.meetings.models import Meeting
from app.permissions import get_in_municipality_or_404, role_required

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def group_meetings(group: Group, upcoming: bool, limit: int = 12) -> list[Meeting]:
    """For the group page: its coming (or past) meetings, soonest first (one query)."""
    return services.group_meetings(group, upcoming=upcoming, limit=limit)


@bp.app_template_global()
def group_meeting_rows(group: Group, upcoming: bool, limit: int = 12) -> list[services.MeetingRow]:
    """For the group page: its coming (or past, newest first) meetings with their state and who came (3 queries)."""
    return services.meeting_rows(services.group_meetings(group, upcoming=upcoming, limit=limit))


@bp.route("/staff/groups/new", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def new_group() -> ResponseReturnValue:
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = schedule.create_group_with_meetings(current_user, **form.values())
        except DomainError as error:
            show_error(form, error, "name")
        else:
            flash(_("The group is created, with meetings for the next 8 weeks."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None)


@bp.post("/staff/groups/<int:group_id>/meetings/generate")
@login_required
@role_required(*STAFF)
def generate_meetings(group_id: int) -> ResponseReturnValue:
    group = get_in_municipality_or_404(Group, group_id, current_user)
    created = schedule.generate_meetings(group)
    flash(ngettext("%(num)d new meeting planned.", "%(num)d new meetings planned.", len(created)), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.route("/staff/groups/<int:group_id>/meetings/new", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def new_extra_meeting(group_id: int) -> ResponseReturnValue:
    group = get_in_municipality_or_404(Group, group_id, current_user)
    if request.method == "GET":
        form = ExtraMeetingForm(data={"place": group.place, "at": group.start_time, "key": uuid4().hex})
    else:
        form = ExtraMeetingForm()
    if form.validate_on_submit():
        try:
            meeting = schedule.add_extra_meeting(
                current_user,
                group,
                day=required_data(form.day.data),
                at=required_data(form.at.data),
                place=form.place.data or "",
                agenda=form.agenda.data or "",
                key=form.key.data,
            )
        except AlreadyDone as done:
            flash(_("That was already done."), "success")
            if done.result_id is None:
                return redirect(url_for("groups.detail", group_id=group.id))
            return redirect(url_for("meetings.staff_detail", meeting_id=done.result_id))
        except DomainError as error:
            show_error(form, error, "day")
        else:
            flash(_("The extra meeting is added. The members are told."), "success")
            return redirect(url_for("meetings.staff_detail", meeting_id=meeting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("meetings/extra.html", form=form, group=group), status
