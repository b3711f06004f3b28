"""Who may see a person's "Me and work" page: the person always; staff only while the person shares it, and only
the facilitators of the group the person is in now (as a reflection shared with "me and my facilitators").

Anyone else gets a 404, whether or not the page is shared: it never appears to exist.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.workidentity.models import WorkProfile


def is_their_facilitator(reader: User, person: User) -> bool:
    """Whether `reader` is now a facilitator of a group that `person` is now a member of (one query)."""
    if reader.municipality_id != person.municipality_id or not reader.is_staff:
        return False
    member = aliased(Membership)
    facilitator = aliased(Membership)
    stmt = (
        select(member.id)
        .join(facilitator, facilitator.group_id == member.group_id)
        .where(
            member.user_id == person.id,
            member.role == MemberRole.MEMBER,
            member.left_at.is_(None),
            facilitator.user_id == reader.id,
            facilitator.role == MemberRole.FACILITATOR,
            facilitator.left_at.is_(None),
        )
    )
    return db.session.scalar(stmt.limit(1)) is not None


def is_shared(profile: WorkProfile | None) -> bool:
    return profile is not None and profile.shared_at is not None


def can_read(reader: User, person: User, profile: WorkProfile | None) -> bool:
    if reader.id == person.id:
        return True
    return is_shared(profile) and is_their_facilitator(reader, person)
