"""A meeting that has ended is shown as past on the staff pages: who came instead of who is coming, and nothing to
cancel, move or answer any more. The services refuse the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy

from app.db import utcnow
from app.errors import DomainError
from app.meetings import schedule
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from app.meetings.state import MeetingState, meeting_state
from app.timeutil import to_local
from tests.conftest import post_form
from tests.meetings.conftest import Setup, add_meeting

Login = Callable[[FlaskClient, object], str]
WHO_IS_COMING, CANCEL, CHANGE = "Hvem kommer", "Aflys mødet", "Ændr mødet"


def at(db: SQLAlchemy, setup: Setup, starts: datetime) -> Meeting:
    meeting = add_meeting(db, setup.group, starts)
    db.session.add(Rsvp(meeting_id=meeting.id, user_id=setup.member.id, answer=Answer.YES))
    db.session.add(Rsvp(meeting_id=meeting.id, user_id=setup.other_member.id, answer=Answer.NO, reason="Jobsamtale"))
    db.session.commit()
    return meeting


def test_state_follows_the_clock_and_cancellation(db: SQLAlchemy, setup: Setup) -> None:
    meeting = setup.meeting
    start, end = meeting.starts_at, meeting.ends_at
    assert meeting_state(meeting, start - timedelta(seconds=1)) is MeetingState.COMING
    assert meeting_state(meeting, start) is MeetingState.UNDER_WAY
    assert meeting_state(meeting, end - timedelta(seconds=1)) is MeetingState.UNDER_WAY
    assert meeting_state(meeting, end) is MeetingState.OVER
    meeting.cancelled_at = start - timedelta(days=1)
    assert meeting_state(meeting, end) is MeetingState.CANCELLED


def test_past_meeting_page_shows_who_came_and_nothing_to_cancel(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    past = at(db, setup, utcnow() - timedelta(hours=3))  # 2 hours long: ended an hour ago
    db.session.add(
        Attendance(meeting_id=past.id, user_id=setup.member.id, method=CheckinMethod.CODE, checked_in_at=past.starts_at)
    )
    db.session.commit()
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/meetings/{past.id}").get_data(as_text=True)
    assert WHO_IS_COMING not in page and CANCEL not in page and CHANGE not in page
    assert "Hvem kom" in page and "1 af 2 kom" in page
    assert "Åbn for at tjekke ind" not in page
    assert "Fortryd tjek ind" in page  # a facilitator can still correct who came
    assert "Jobsamtale" in page  # the no with its reason stays on the facilitator's own page


def test_coming_and_ongoing_meetings_still_offer_answers_and_cancelling(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    login_as(client, setup.facilitator)
    coming = client.get(f"/staff/meetings/{setup.meeting.id}").get_data(as_text=True)
    assert WHO_IS_COMING in coming and CANCEL in coming and CHANGE in coming
    ongoing = at(db, setup, utcnow() - timedelta(minutes=20))
    page = client.get(f"/staff/meetings/{ongoing.id}").get_data(as_text=True)
    assert "Hvem er her" in page and CANCEL in page and WHO_IS_COMING not in page
    assert "I gang" in page


def test_a_meeting_that_has_ended_cannot_be_moved_only_recorded_as_not_held(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    past = at(db, setup, utcnow() - timedelta(hours=3))
    local = to_local(past.starts_at)
    with pytest.raises(DomainError):  # the same time, only a new agenda: still a change to a past meeting
        schedule.move_meeting(
            setup.facilitator, past, day=local.date(), at=local.time(), place=past.place, agenda="Nyt"
        )
    db.session.expire_all()
    assert db.session.get(Meeting, past.id).agenda == ""
    # A meeting that did not take place (nobody cancelled it in time) is recorded as such, so nobody counts as absent.
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/meetings/{past.id}").get_data(as_text=True)
    assert "Blev mødet ikke holdt?" in page
    post_form(client, f"/staff/meetings/{past.id}/cancel", {"reason": "Konsulenten var syg"})
    page = client.get(f"/staff/meetings/{past.id}").get_data(as_text=True)
    assert "Ikke holdt" in page and "Konsulenten var syg" in page and CANCEL not in page
    db.session.expire_all()
    assert db.session.get(Meeting, past.id).cancelled


def test_group_page_lists_show_past_meetings_as_past(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    past = at(db, setup, utcnow() - timedelta(days=7))
    db.session.add(
        Attendance(meeting_id=past.id, user_id=setup.member.id, method=CheckinMethod.CODE, checked_in_at=past.starts_at)
    )
    ongoing = at(db, setup, utcnow() - timedelta(minutes=20))
    cancelled_past = at(db, setup, utcnow() - timedelta(days=14))
    cancelled_past.cancelled_at = cancelled_past.starts_at - timedelta(days=1)
    db.session.commit()
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/groups/{setup.group.id}").get_data(as_text=True)
    coming, _, earlier = page.partition("Tidligere møder")
    assert f"/staff/meetings/{ongoing.id}" in coming and "I gang" in coming
    assert f"/staff/meetings/{past.id}" in earlier and "1 af 2 kom" in earlier
    assert f"/staff/meetings/{cancelled_past.id}" in earlier and "Aflyst" in earlier
    assert WHO_IS_COMING not in page and CANCEL not in page
