"""Who is told, and the links they get: recipients for listeners and reminders, each in one query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app, has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.meetings.models import Meeting
from app.meetings.services import membership_covers_meeting


def path_for(endpoint: str, **values: Any) -> str:
    """The internal path of a page, also outside a request (reminders are made by the worker's CLI)."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)


def facilitators_of(user_ids: Iterable[int]) -> list[int]:
    """The active facilitators of the groups these participants are in now (one query)."""
    ids = list(set(user_ids))
    if not ids:
        return []
    member = aliased(Membership)
    lead = aliased(Membership)
    stmt = (
        select(lead.user_id)
        .join(member, member.group_id == lead.group_id)
        .join(User, User.id == lead.user_id)
        .where(
            member.user_id.in_(ids),
            member.role == MemberRole.MEMBER,
            member.left_at.is_(None),
            lead.role == MemberRole.FACILITATOR,
            lead.left_at.is_(None),
            User.active.is_(True),
        )
        .distinct()
    )
    return sorted(set(db.session.scalars(stmt)) - set(ids))


def meeting_members(meeting_ids: Iterable[int]) -> dict[int, list[int]]:
    """Per meeting, the active participants who are in its group now and whose membership covers it (one query)."""
    ids = list(set(meeting_ids))
    found: dict[int, list[int]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.execute(
        select(Meeting.id, Membership.user_id)
        .join(Membership, membership_covers_meeting())
        .join(User, User.id == Membership.user_id)
        .where(Meeting.id.in_(ids), Membership.left_at.is_(None), User.active.is_(True))
    )
    for meeting_id, user_id in rows:
        found[meeting_id].append(user_id)
    return found
