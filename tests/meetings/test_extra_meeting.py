"""A one-off extra meeting: staff add it to a group at a local date and time; it is not part of the weekly series,
the members are told, and it gets reminders and a calendar file like any meeting."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.meetings import schedule
from app.meetings.models import Meeting
from app.notifications import reminders
from app.notifications.models import Kind, Notification
from app.timeutil import local_to_utc, to_local
from tests.conftest import post_form
from tests.factories import make_user
from tests.meetings.conftest import Setup

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)
Login = Callable[[FlaskClient, object], str]


def add(setup: Setup, day: date, at: time, now: datetime = NOW, **values: str) -> Meeting:
    return schedule.add_extra_meeting(
        setup.facilitator,
        setup.group,
        day=day,
        at=at,
        place=values.get("place", "Biblioteket"),
        agenda=values.get("agenda", ""),
        now=now,
    )


def test_extra_meeting_keeps_local_wall_clock_on_both_sides_of_dst(db: SQLAlchemy, setup: Setup) -> None:
    winter = add(setup, date(2027, 3, 24), time(17, 0))  # UTC+1
    summer = add(setup, date(2027, 3, 31), time(17, 0))  # UTC+2 (DST began 28 March)
    assert winter.starts_at == datetime(2027, 3, 24, 16, tzinfo=UTC)
    assert summer.starts_at == datetime(2027, 3, 31, 15, tzinfo=UTC)
    # Across the DST night the meeting keeps its wall-clock length, as the weekly ones do.
    night = add(setup, date(2027, 3, 27), time(23, 0))
    assert (to_local(night.starts_at).time(), to_local(night.ends_at).time()) == (time(23), time(1))
    for meeting in (winter, summer):
        assert to_local(meeting.ends_at).time() == time(19, 0)  # the group's 120 minutes
        assert meeting.series_date is None  # not part of the weekly series
        assert (meeting.place, meeting.group_id) == ("Biblioteket", setup.group.id)
    assert len({m.checkin_secret for m in (winter, summer, night)}) == 3


def test_extra_meeting_does_not_take_a_week_from_the_series(db: SQLAlchemy, setup: Setup) -> None:
    setup.group.weekday = 2  # Wednesdays
    db.session.commit()
    extra = add(setup, date(2027, 3, 3), time(10, 0))  # exactly where the series' first Wednesday falls
    planned = schedule.generate_meetings(setup.group, weeks=2, now=NOW)
    assert [m.series_date for m in planned] == [date(2027, 3, 3), date(2027, 3, 10)]
    assert extra.series_date is None


def test_extra_meeting_refuses_the_past_a_double_and_other_municipalities(db: SQLAlchemy, setup: Setup) -> None:
    with pytest.raises(DomainError) as caught:
        add(setup, date(2027, 2, 28), time(10))
    assert caught.value.field == "day"
    add(setup, date(2027, 3, 5), time(10))
    with pytest.raises(DomainError) as caught:  # a second press of the button, or the same time twice
        add(setup, date(2027, 3, 5), time(10))
    assert "already" in caught.value.message
    stranger = make_user(Role.FACILITATOR)
    with pytest.raises(DomainError):
        schedule.add_extra_meeting(
            stranger, setup.group, day=date(2027, 3, 6), at=time(10), place="", agenda="", now=NOW
        )
    with pytest.raises(DomainError):
        schedule.add_extra_meeting(
            setup.member, setup.group, day=date(2027, 3, 6), at=time(10), place="", agenda="", now=NOW
        )
    setup.group.active = False
    db.session.commit()
    with pytest.raises(DomainError):
        add(setup, date(2027, 3, 7), time(10))
    assert len(list(db.session.scalars(select(Meeting).where(Meeting.series_date.is_(None))))) == 1


def test_members_are_told_and_reminded_of_an_extra_meeting(db: SQLAlchemy, setup: Setup) -> None:
    meeting = add(setup, date(2027, 3, 10), time(10))
    told = set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.kind == Kind.MEETING_ADDED, Notification.object_id == meeting.id
            )
        )
    )
    assert told == {setup.member.id, setup.other_member.id}
    evening_before = local_to_utc(date(2027, 3, 9), time(18, 30))
    assert reminders.schedule_due(evening_before) == 2
    reminded = db.session.scalars(
        select(Notification.user_id).where(
            Notification.kind == Kind.MEETING_REMINDER, Notification.object_id == meeting.id
        )
    )
    assert set(reminded) == {setup.member.id, setup.other_member.id}


def test_staff_add_an_extra_meeting_from_the_group_page(
    client: FlaskClient, make_client: Callable[[], FlaskClient], db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    login_as(client, setup.facilitator)
    group_page = client.get(f"/staff/groups/{setup.group.id}").get_data(as_text=True)
    assert f'href="/staff/groups/{setup.group.id}/meetings/new"' in group_page
    form = client.get(f"/staff/groups/{setup.group.id}/meetings/new")
    assert form.status_code == 200 and 'value="Jobcentret"' in form.get_data(as_text=True)  # the group's place
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', form.get_data(as_text=True))
    assert key
    day = (to_local(utcnow()) + timedelta(days=10)).date()
    values = {"day": day.isoformat(), "at": "16:15", "place": "Biblioteket", "agenda": "Vi øver jobsamtaler"}
    response = post_form(client, f"/staff/groups/{setup.group.id}/meetings/new", {**values, "key": key[1]})
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting).where(Meeting.series_date.is_(None)))
    assert meeting is not None and response.headers["Location"].endswith(f"/staff/meetings/{meeting.id}")
    again = post_form(client, f"/staff/groups/{setup.group.id}/meetings/new", {**values, "key": key[1]})
    assert again.status_code == 302 and again.headers["Location"] == response.headers["Location"]  # sent twice
    assert len(list(db.session.scalars(select(Meeting.id).where(Meeting.series_date.is_(None))))) == 1
    assert to_local(meeting.starts_at).replace(tzinfo=None) == datetime.combine(day, time(16, 15))
    assert (meeting.place, meeting.agenda) == ("Biblioteket", "Vi øver jobsamtaler")
    staff_page = client.get(f"/staff/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ekstra møde" in staff_page
    assert "Ekstra møde" in client.get(f"/staff/groups/{setup.group.id}").get_data(as_text=True)

    member = make_client()
    login_as(member, setup.member)
    assert "Vi øver jobsamtaler" in member.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    ics = member.get(f"/meetings/{meeting.id}.ics")
    assert ics.status_code == 200 and day.isoformat() in ics.headers["Content-Disposition"]


def test_extra_meeting_form_refuses_the_past_and_strangers(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    login_as(client, setup.facilitator)
    yesterday = (to_local(utcnow()) - timedelta(days=1)).date().isoformat()
    values = {"day": yesterday, "at": "10:00", "place": "", "agenda": "", "key": "k" * 32}
    response = post_form(client, f"/staff/groups/{setup.group.id}/meetings/new", values)
    assert response.status_code == 422
    assert db.session.scalar(select(Meeting.id).where(Meeting.series_date.is_(None))) is None
    login_as(client, make_user(Role.FACILITATOR))
    assert client.get(f"/staff/groups/{setup.group.id}/meetings/new").status_code == 404
    login_as(client, setup.member)
    assert client.get(f"/staff/groups/{setup.group.id}/meetings/new").status_code == 403
