"""Where a meeting is in its life (coming, under way, over, cancelled), and where it is for one person (upcoming,
open for check-in, checked in, attended, missed, cancelled, said no). One rule for every page and service."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from app.db import utcnow
from app.meetings.models import Answer, Meeting

CHECKIN_OPENS_BEFORE = timedelta(minutes=30)  # a facilitator can open check-in from this long before the start
CHECKIN_CLOSES_AFTER = timedelta(minutes=60)  # until this long after it


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


def checkin_window(meeting: Meeting) -> tuple[datetime, datetime]:
    """From when until when check-in can be open."""
    return meeting.starts_at - CHECKIN_OPENS_BEFORE, meeting.starts_at + CHECKIN_CLOSES_AFTER


def checkin_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """A facilitator has opened check-in, the meeting is not cancelled, and it is inside the window."""
    now = now or utcnow()
    opens, closes = checkin_window(meeting)
    return meeting.checkin_opened_at is not None and not meeting.cancelled and opens <= now <= closes


class MyState(enum.StrEnum):
    """A meeting as one participant sees it."""

    UPCOMING = "upcoming"  # not started: they are coming, or have not answered yet
    SAID_NO = "said_no"  # they said they cannot come (and did not check in)
    CHECKIN_OPEN = "checkin_open"  # check-in is open and they have not checked in
    UNDER_WAY = "under_way"  # started, check-in is not open, they are not checked in and did not say no
    CHECKED_IN = "checked_in"  # checked in, the meeting is not over yet
    ATTENDED = "attended"  # checked in, the meeting is over
    MISSED = "missed"  # over, without a check-in and without saying no
    CANCELLED = "cancelled"

    @property
    def is_now(self) -> bool:
        """The meeting is happening (or about to, with check-in open): "the meeting now", not "the next meeting"."""
        return self in (MyState.CHECKIN_OPEN, MyState.CHECKED_IN, MyState.UNDER_WAY)


def my_state(meeting: Meeting, answer: Answer | None, checked_in: bool, now: datetime | None = None) -> MyState:
    """The one rule for what a meeting is for a participant, from their answer and check-in."""
    now = now or utcnow()
    state = meeting_state(meeting, now)
    if state is MeetingState.CANCELLED:
        return MyState.CANCELLED
    if checked_in:
        return MyState.ATTENDED if state is MeetingState.OVER else MyState.CHECKED_IN
    if state is not MeetingState.OVER and checkin_open(meeting, now):
        return MyState.CHECKIN_OPEN  # also after a no: whoever is in the room can check in
    if answer is Answer.NO:
        return MyState.SAID_NO
    if state is MeetingState.COMING:
        return MyState.UPCOMING
    return MyState.UNDER_WAY if state is MeetingState.UNDER_WAY else MyState.MISSED


def can_answer(meeting: Meeting, mine: MyState, now: datetime | None = None) -> bool:
    """Whether the participant can still say yes or no: before the start, unless check-in already took over."""
    return mine in (MyState.UPCOMING, MyState.SAID_NO) and meeting_state(meeting, now) is MeetingState.COMING
