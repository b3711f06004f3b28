"""A facilitator reads a participant's "Me and work" page, read-only, while the person shares it with them."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from app.accounts.models import Role, User
from app.permissions import role_required
from app.workidentity import bp, policies, queries, services

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.get("/staff/people/<int:user_id>/work")
@login_required
@role_required(*STAFF)
def staff_view(user_id: int) -> ResponseReturnValue:
    # GET writes, on purpose: a staff read is recorded (read receipt for the person, audit row for My data).
    person, _profile = services.open_shared(current_user, user_id)
    response = render_template("workidentity/staff_view.html", work=queries.work_page(person))
    return response, 200, {"Cache-Control": "no-store"}


@bp.app_template_global()
def work_page_shared_with_me(person: User) -> bool:
    """For the staff person page: whether the person shares their "Me and work" page with the current user."""
    return person.id != current_user.id and policies.can_read(current_user, person, services.profile_of(person))
