"""What a notification is about, for the inbox inside the app: the meeting's time and place, the message and who
wrote it, the placement, the match event, the day of the reflection (never its text: a facilitator's read of it is
recorded on the reflection's page, and the inbox must not go around that). A push (on the lock screen) says only
its generic text; the inbox, where only the person sees it, says what happened.

One query per kind of object on the page, however many notifications there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import format_time
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only

from app.events.models import MatchEvent
from app.extensions import db
from app.groups.models import GroupMessage
from app.meetings.models import Meeting
from app.notifications.models import Kind
from app.placements.models import Placement
from app.reflections.models import Reflection
from app.web import format_day

EXCERPT = 140

MEETING_KINDS = (Kind.MEETING_REMINDER, Kind.MEETING_MOVED, Kind.MEETING_CANCELLED, Kind.MEETING_ADDED)
EVENT_KINDS = (Kind.EVENT_REMINDER, Kind.EVENT_CANCELLED)
REFLECTION_KINDS = (Kind.REFLECTION_RESPONSE, Kind.REFLECTION_SHARED)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _meeting(meeting: Meeting) -> str:
    when = f"{format_day(meeting.starts_at)}, {format_time(meeting.starts_at, 'short')}"
    where = " · ".join(part for part in (meeting.group.name, meeting.place) if part)
    if meeting.cancelled:
        reason = f": {meeting.cancel_reason}" if meeting.cancel_reason else ""
        return _("%(when)s · %(where)s · cancelled%(reason)s", when=when, where=where, reason=reason)
    return f"{when} · {where}"


def _message(message: GroupMessage) -> str:
    text = _excerpt(message.text)
    return f"{message.author.display_name}: {text}" if message.author else text


def _placement(placement: Placement) -> str:
    return " · ".join(part for part in (placement.title, placement.company.name, placement.sector) if part)


def _event(event: MatchEvent) -> str:
    when = f"{format_day(event.starts_at)}, {format_time(event.starts_at, 'short')}"
    return " · ".join(part for part in (event.title, when, event.place) if part)


def _reflection(reflection: Reflection) -> str:
    return _("The reflection from %(day)s", day=format_day(reflection.created_at))


# kind(s) -> (model, eager loads, how to describe one)
SOURCES: list[tuple[tuple[Kind, ...], Any, tuple[Any, ...], Callable[[Any], str]]] = [
    (MEETING_KINDS, Meeting, (joinedload(Meeting.group),), _meeting),
    ((Kind.GROUP_MESSAGE,), GroupMessage, (joinedload(GroupMessage.author),), _message),
    ((Kind.NEW_PLACEMENT, Kind.SEAT_OFFERED), Placement, (joinedload(Placement.company),), _placement),
    (EVENT_KINDS, MatchEvent, (), _event),
    (REFLECTION_KINDS, Reflection, (load_only(Reflection.id, Reflection.created_at),), _reflection),  # not the text
]


def details(items: Iterable[tuple[Kind, int | None]]) -> dict[tuple[Kind, int], str]:
    """(kind, object id) -> what it is about, for the notifications that have one (at most one query per source)."""
    wanted = [(kind, object_id) for kind, object_id in items if object_id is not None]
    found: dict[tuple[Kind, int], str] = {}
    for kinds, model, loads, describe in SOURCES:
        ids = {object_id for kind, object_id in wanted if kind in kinds}
        if not ids:
            continue
        described = {
            row.id: describe(row) for row in db.session.scalars(select(model).options(*loads).where(model.id.in_(ids)))
        }
        for kind, object_id in wanted:
            if kind in kinds and object_id in described:
                found[(kind, object_id)] = described[object_id]
    return found
