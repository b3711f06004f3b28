"""Who is told what when something happens in a feature. Each function runs inside the feature's
transaction, before its commit (it never commits), so an event and its notifications land together.

Recipients are looked up with a fixed number of queries, however many people are told.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.db import utcnow
from app.extensions import db
from app.notifications.models import Kind
from app.notifications.services import notify, withdraw

if TYPE_CHECKING:  # the features import this module; it imports theirs only when called
    from app.events.models import MatchEvent
    from app.meetings.models import Meeting
    from app.placements.models import PlacementChange
    from app.reflections.models import Reflection, Visibility

URGENT_WITHIN = timedelta(hours=24)


def path_for(endpoint: str, **values: object) -> str:
    """The internal path of a page, also outside a request (reminders are made by the worker's CLI)."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)


def facilitators_of(user_ids: Iterable[int]) -> list[int]:
    """The active facilitators of the groups these participants are in now (one query)."""
    from app.groups.models import MemberRole, Membership

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
    from app.groups.models import Membership
    from app.meetings.models import Meeting
    from app.meetings.services import _membership_covers_meeting

    ids = list(set(meeting_ids))
    found: dict[int, list[int]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = db.session.execute(
        select(Meeting.id, Membership.user_id)
        .join(Membership, _membership_covers_meeting())
        .join(User, User.id == Membership.user_id)
        .where(Meeting.id.in_(ids), Membership.left_at.is_(None), User.active.is_(True))
    )
    for meeting_id, user_id in rows:
        found[meeting_id].append(user_id)
    return found


def _urgent(starts_at: datetime, now: datetime) -> bool:
    return starts_at - now <= URGENT_WITHIN


def meeting_moved(meeting: Meeting, old_start: datetime, old_place: str, now: datetime | None = None) -> None:
    """Tell the members that the meeting's time or place changed; the old time's queued reminders go."""
    now = now or utcnow()
    if (meeting.starts_at, meeting.place) == (old_start, old_place) or meeting.ends_at <= now:
        return
    if meeting.starts_at != old_start:  # reminders are made per start time; a new place keeps them
        withdraw(Kind.MEETING_REMINDER, meeting.id, now=now)
    withdraw(Kind.MEETING_MOVED, meeting.id, now=now)  # an older "moved" still waiting would tell the old news
    notify(meeting_members([meeting.id])[meeting.id], Kind.MEETING_MOVED,
           url=path_for("meetings.detail", meeting_id=meeting.id), object_id=meeting.id,
           urgent=_urgent(min(old_start, meeting.starts_at), now), expires_at=meeting.starts_at, now=now)  # fmt: skip


def meeting_cancelled(meeting: Meeting, now: datetime | None = None) -> None:
    """Tell the members that the meeting is cancelled; its queued reminders and "moved" pushes go (they share
    its topic on the device, and must not arrive after — or instead of — the cancellation)."""
    now = now or utcnow()
    withdraw((Kind.MEETING_REMINDER, Kind.MEETING_MOVED), meeting.id, now=now)
    if meeting.ends_at <= now:
        return
    notify(meeting_members([meeting.id])[meeting.id], Kind.MEETING_CANCELLED,
           url=path_for("meetings.detail", meeting_id=meeting.id), object_id=meeting.id,
           urgent=_urgent(meeting.starts_at, now), expires_at=meeting.starts_at, now=now)  # fmt: skip


def event_cancelled(event: MatchEvent, now: datetime | None = None) -> None:
    """Tell the signed-up participants that the match event is cancelled; its queued reminders go."""
    from app.events.models import EventSignup

    now = now or utcnow()
    withdraw(Kind.EVENT_REMINDER, event.id, now=now)
    if event.ends_at <= now:
        return
    signed_up = db.session.scalars(select(EventSignup.user_id).where(EventSignup.event_id == event.id))
    notify(signed_up, Kind.EVENT_CANCELLED, url=path_for("events.detail", event_id=event.id), object_id=event.id,
           urgent=_urgent(event.starts_at, now), expires_at=event.starts_at, now=now)  # fmt: skip


def afbud(user: User, meeting: Meeting) -> None:
    """The person will not come: their queued reminders for the meeting are withdrawn."""
    withdraw(Kind.MEETING_REMINDER, meeting.id, [user.id])


def on_placement_change(change: PlacementChange) -> None:
    """A participant chose, switched, adjusted or ended a placement: tell the facilitators of their group."""
    notify(facilitators_of([change.user_id]), Kind.PLACEMENT_CHANGE,
           url=path_for("placements.staff_person", user_id=change.user_id), object_id=change.user_id)  # fmt: skip


def _shared_with_facilitators(visibility: Visibility, until: date | None, today: date) -> bool:
    from app.reflections.models import Visibility

    return visibility is not Visibility.PRIVATE and (until is None or until >= today)


def reflection_shared(reflection: Reflection, old_visibility: Visibility, old_until: date | None, today: date) -> None:
    """Tell the author's facilitators once a reflection becomes readable for them: not on a re-save while it
    already was, never while private; at most once per reflection and facilitator. Made private again, a
    "shared" push still waiting is withdrawn."""
    if not _shared_with_facilitators(reflection.visibility, reflection.shared_until, today):
        withdraw(Kind.REFLECTION_SHARED, reflection.id)
        return
    if _shared_with_facilitators(old_visibility, old_until, today):
        return
    notify(facilitators_of([reflection.author_id]), Kind.REFLECTION_SHARED,
           url=path_for("reflections.staff_read", reflection_id=reflection.id), object_id=reflection.id,
           dedupe=f"reflection:{reflection.id}:shared")  # fmt: skip


def reflection_removed(reflection: Reflection) -> None:
    """The author deleted it: pushes about it still waiting are withdrawn (their links would be a 404)."""
    withdraw((Kind.REFLECTION_SHARED, Kind.REFLECTION_RESPONSE), reflection.id)


def reflection_response(reflection: Reflection, responder: User) -> None:
    """Tell the author (and the other facilitators who can read it) that a response was written."""
    if reflection.author_id != responder.id:
        notify([reflection.author_id], Kind.REFLECTION_RESPONSE,
               url=path_for("reflections.detail", reflection_id=reflection.id), object_id=reflection.id)  # fmt: skip
    others = [uid for uid in facilitators_of([reflection.author_id]) if uid != responder.id]
    notify(others, Kind.REFLECTION_RESPONSE,
           url=path_for("reflections.staff_read", reflection_id=reflection.id), object_id=reflection.id)  # fmt: skip


def register_hooks(app: Flask) -> None:
    """Hook notifications into the features that call hook lists (idempotent: safe for many apps)."""
    from app.placements import services as placements

    if on_placement_change not in placements.ON_CHANGE:
        placements.ON_CHANGE.append(on_placement_change)
