"""Who may read and write facilitation reflections.

Reading: every member of staff (facilitators and admins) of the group's municipality; the team reflects together.
Writing: the group's current facilitators and the municipality's admins, once the meeting has started (and unless
it did not take place). Each writes one reflection per meeting and only the author changes it. Participants never
read or write them (the routes answer 403), and another municipality's staff get a 404, never a 403."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db
from app.facilitation.models import FacilitationReflection
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Meeting


def may_read(reader: User, group: Group) -> bool:
    """Staff of the group's municipality."""
    return reader.is_staff and reader.municipality_id == group.municipality_id


def facilitates_now(user: User, group_id: int) -> bool:
    """Whether `user` is a current facilitator of the group (one query)."""
    stmt = select(
        exists(
            select(Membership.id).where(
                Membership.group_id == group_id,
                Membership.user_id == user.id,
                Membership.role == MemberRole.FACILITATOR,
                Membership.left_at.is_(None),
            )
        )
    )
    return bool(db.session.scalar(stmt))


def may_write_for(author: User, meeting: Meeting) -> bool:
    """The meeting's group's current facilitators and the admins of its municipality (whatever the meeting's time)."""
    if not may_read(author, meeting.group):
        return False
    return author.role is Role.ADMIN or (author.role is Role.FACILITATOR and facilitates_now(author, meeting.group_id))


def open_for_reflection(meeting: Meeting, now: datetime | None = None) -> bool:
    """A reflection is written once the meeting has started, and only about a meeting that took place."""
    return not meeting.cancelled and (now or utcnow()) >= meeting.starts_at


def may_change(author: User, reflection: FacilitationReflection) -> bool:
    """Only its author, while they may still write about the meeting."""
    return reflection.author_id == author.id and may_write_for(author, reflection.meeting)
