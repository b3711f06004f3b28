"""The meeting schedule on the staff group pages: create a group with its weekly meetings, plan more of them.

Both live here, not in app/groups, because groups know nothing of meetings (meetings build on groups).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import show_error
from app.groups.forms import GroupForm
from app.groups.models import Group
from app.meetings import bp, schedule, services
from app.permissions import get_in_municipality_or_404, role_required

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def group_meetings(group: Group, upcoming: bool, limit: int = 12) -> list:
    """For the group page: its coming (or past) meetings, soonest first (one query)."""
    return services.group_meetings(group, upcoming=upcoming, limit=limit)


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
