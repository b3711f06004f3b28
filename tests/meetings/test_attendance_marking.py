"""Facilitators mark someone present, or remove a check-in, with two explicit buttons (two POSTs with CSRF).
Each is idempotent: pressing it twice (a double tap, a resent form) has one effect, and never toggles back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select

from app.db import utcnow
from app.meetings import checkin
from app.meetings.models import Attendance, CheckinMethod, Meeting
from tests.conftest import post_form
from tests.meetings.conftest import Setup

Login = Callable[[FlaskClient, object], str]


def present(db: SQLAlchemy, meeting: Meeting) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Attendance.user_id).where(Attendance.meeting_id == meeting.id)))


def under_way(db: SQLAlchemy, setup: Setup) -> Meeting:
    meeting = setup.meeting
    meeting.starts_at = utcnow().replace(microsecond=0) - timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.commit()
    return meeting


def test_mark_present_and_remove_are_separate_and_idempotent(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = under_way(db, setup)
    login_as(client, setup.facilitator)
    base = f"/staff/meetings/{meeting.id}/attendance/{setup.member.id}"
    for _ in range(2):  # a double tap on "mark as present" does not un-mark
        assert post_form(client, f"{base}/present").status_code == 302
        assert present(db, meeting) == {setup.member.id}
    row = db.session.scalar(select(Attendance).where(Attendance.meeting_id == meeting.id))
    assert (row.method, row.marked_by_id) == (CheckinMethod.MANUAL, setup.facilitator.id)
    for _ in range(2):  # a double tap on "remove" does not mark again
        assert post_form(client, f"{base}/remove").status_code == 302
        assert present(db, meeting) == set()
    assert post_form(client, f"/staff/meetings/{meeting.id}/attendance/{setup.outsider.id}/present").status_code == 302
    assert present(db, meeting) == set()  # not in the group: refused with a message


def test_a_code_check_in_can_be_removed_by_the_facilitator(db: SQLAlchemy, setup: Setup) -> None:
    meeting = under_way(db, setup)
    checkin.open_checkin(setup.facilitator, meeting)
    now = utcnow()
    code = checkin.current_code(meeting, now).code
    checkin.check_in(setup.member, meeting, code, CheckinMethod.CODE, now)
    assert checkin.remove_checkin(setup.facilitator, meeting, setup.member) is True
    assert checkin.remove_checkin(setup.facilitator, meeting, setup.member) is False
    assert checkin.mark_present(setup.facilitator, meeting, setup.member) is True
    assert checkin.mark_present(setup.facilitator, meeting, setup.member) is False
    assert present(db, meeting) == {setup.member.id}


def test_marking_needs_csrf_and_staff(
    client: FlaskClient, make_client: Callable[[], FlaskClient], db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = under_way(db, setup)
    login_as(client, setup.facilitator)
    base = f"/staff/meetings/{meeting.id}/attendance/{setup.member.id}"
    assert client.post(f"{base}/present").status_code == 400  # no CSRF token
    assert present(db, meeting) == set()
    participant = make_client()
    login_as(participant, setup.member)
    assert post_form(participant, f"{base}/present").status_code == 403
    assert client.get(f"{base}/present").status_code == 405  # GET never writes
    assert post_form(client, base, {"present": "1"}).status_code in (404, 405)  # the old toggle is gone
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_the_page_has_one_clearly_labelled_button_per_state(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = under_way(db, setup)
    checkin.mark_present(setup.facilitator, meeting, setup.member)
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/meetings/{meeting.id}").get_data(as_text=True)
    member, other = setup.member.display_name, setup.other_member.display_name
    remove = re.search(rf'action="[^"]*/attendance/{setup.member.id}/remove"', page)
    mark = re.search(rf'action="[^"]*/attendance/{setup.other_member.id}/present"', page)
    assert remove and mark
    # The visible words say what the button does; the name of whom is read out too (and the visible words
    # begin the accessible name, WCAG 2.5.3).
    assert f'Fortryd tjek ind<span class="sr-only"> ({member})</span></button>' in page
    assert f'Markér til stede<span class="sr-only"> ({other})</span></button>' in page
    assert f"/attendance/{setup.member.id}/present" not in page  # no toggle: only "remove" for someone present
    assert f"/attendance/{setup.other_member.id}/remove" not in page
    assert 'name="present"' not in page
