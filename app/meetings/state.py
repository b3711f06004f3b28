"""Where a meeting is in its life: coming, under way, over, or cancelled. One rule for every page and service."""

from __future__ import annotations

import enum
from datetime import datetime

from app.db import utcnow
from app.meetings.models import Meeting


class MeetingState(enum.StrEnum):
    COMING = "coming"  # not started: people answer whether they come; it can be moved or cancelled
    UNDER_WAY = "under_way"  # started, not ended: check-in; it can still be changed or cancelled
    OVER = "over"  # ended: who came; nothing to answer, move or cancel
    CANCELLED = "cancelled"


def meeting_state(meeting: Meeting, now: datetime | None = None) -> MeetingState:
    now = now or utcnow()
    if meeting.cancelled:
        return MeetingState.CANCELLED
    if now < meeting.starts_at:
        return MeetingState.COMING
    if now < meeting.ends_at:
        return MeetingState.UNDER_WAY
    return MeetingState.OVER


def has_ended(meeting: Meeting, now: datetime | None = None) -> bool:
    """Over, whether it was held or cancelled."""
    return (now or utcnow()) >= meeting.ends_at
