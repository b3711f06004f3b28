"""Calendar files: one .ics per meeting, and a personal feed behind a secret, renewable URL."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from icalendar import Calendar, Event
from sqlalchemy import delete, select

from app.accounts.models import User
from app.accounts.sessions import token_hash
from app.db import utcnow
from app.extensions import db
from app.meetings.models import CalendarFeed, Meeting
from app.meetings.services import my_meetings
from app.transaction import transactional

if TYPE_CHECKING:
    from app.events.models import MatchEvent

PRODID = "-//NEXTWORK//nextwork app//DA"


@transactional
def renew_feed(user: User) -> str:
    """Create (or replace) the user's secret feed token; the old URL stops working. Commits."""
    token = secrets.token_urlsafe(24)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.add(CalendarFeed(user_id=user.id, token_hash=token_hash(token)))
    return token


def has_feed(user: User) -> bool:
    return db.session.scalar(select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)) is not None


def feed_owner(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.active else None


def _event(
    uid: str, title: str, start: datetime, end: datetime, place: str, description: str, cancelled: bool
) -> Event:
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", utcnow())
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", title)
    if place:
        item.add("location", place)
    if description:
        item.add("description", description)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def meeting_event(meeting: Meeting, title: str) -> Event:
    return _event(
        f"meeting-{meeting.id}@nextwork",
        title,
        meeting.starts_at,
        meeting.ends_at,
        meeting.place,
        meeting.agenda,
        meeting.cancelled,
    )


def build_calendar(name: str, events: Iterable[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for item in events:
        cal.add_component(item)
    return cal.to_ical()


def feed_events(user: User, meeting_title: str, event_title: Callable[[MatchEvent], str]) -> list[Event]:
    """The user's own group meetings (coming and the last few) and the match events they signed up for."""
    from app.events.services import signed_up_events

    meetings = my_meetings(user, upcoming=True, limit=60) + my_meetings(user, upcoming=False, limit=10)
    items = [meeting_event(m.meeting, meeting_title) for m in meetings]
    for event in signed_up_events(user):
        items.append(
            _event(
                f"match-event-{event.id}@nextwork",
                event_title(event),
                event.starts_at,
                event.ends_at,
                event.place,
                event.description,
                event.cancelled_at is not None,
            )
        )
    return items
