"""A participant's contact person: the facilitators of their group now, with how to reach them. My week and /me
show them (a template global, so the accounts pages below this feature can too)."""

from __future__ import annotations

from functools import cache

from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.extensions import db
from app.groups import bp
from app.groups.models import MemberRole, Membership


@cache
def _contact_people() -> Select[User]:
    """Built once: constructing the statement (two aliases) costs several times what running it does."""
    mine, theirs = aliased(Membership), aliased(Membership)
    return (
        select(User)
        .join(theirs, theirs.user_id == User.id)
        .join(mine, mine.group_id == theirs.group_id)
        .where(
            mine.user_id == bindparam("person_id"),
            mine.role == MemberRole.MEMBER,
            mine.left_at.is_(None),
            theirs.role == MemberRole.FACILITATOR,
            theirs.left_at.is_(None),
            User.active.is_(True),
        )
        .order_by(User.display_name, User.id)
        .distinct()
    )


def contact_people(person: User) -> list[User]:
    """The current facilitators of the groups `person` is a member of now, by name (one query)."""
    return list(db.session.scalars(_contact_people(), {"person_id": person.id}))


@bp.app_template_global()
def my_contacts() -> list[User]:
    """For My week and /me: the logged-in participant's contact people (none for staff or when logged out)."""
    if not current_user.is_authenticated or current_user.is_staff:
        return []
    return contact_people(current_user)
