"""The check-in presenter view, for a projector or a phone held up: the code, the QR and the time to the next code,
and no personal data. It works without JavaScript (it reloads itself when the code changes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy

from app.accounts.models import Role
from app.db import utcnow
from app.meetings import checkin
from app.meetings.models import Answer, Meeting, Rsvp
from tests.factories import make_user
from tests.meetings.conftest import Setup

Login = Callable[[FlaskClient, object], str]
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
REFRESH = re.compile(r'<noscript><meta http-equiv="refresh" content="(\d+)"></noscript>')


def visible_text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


def open_now(db: SQLAlchemy, setup: Setup) -> Meeting:
    meeting = setup.meeting
    meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(minutes=5)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.add(Rsvp(meeting_id=meeting.id, user_id=setup.other_member.id, answer=Answer.NO, reason="Lægetid"))
    db.session.commit()
    checkin.open_checkin(setup.facilitator, meeting)
    checkin.mark_present(setup.facilitator, meeting, setup.member)
    return meeting


def screen(client: FlaskClient, meeting: Meeting) -> tuple[str, set[str]]:
    """The page, and the codes it may rightly show (the minute may turn during the request)."""
    before = checkin.current_code(meeting).code
    response = client.get(f"/staff/meetings/{meeting.id}/screen")
    after = checkin.current_code(meeting).code
    assert response.status_code == 200
    return response.get_data(as_text=True), {before, after}


def test_presenter_view_shows_code_qr_and_countdown_and_no_personal_data(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = open_now(db, setup)
    login_as(client, setup.facilitator)
    page, codes = screen(client, meeting)
    shown = re.search(r'class="screen-code"[^>]*>\s*<span>(\d{3})</span>\s*<span>(\d{3})</span>', page)
    assert shown and shown[1] + shown[2] in codes
    assert "<svg" in page
    seconds = re.search(r'data-countdown="(\d+)"', page)
    assert seconds and 1 <= int(seconds[1]) <= checkin.STEP_SECONDS
    refresh = REFRESH.search(page)  # without JavaScript the page reloads when the code changes
    assert refresh and 1 <= int(refresh[1]) <= checkin.STEP_SECONDS + 1
    assert f'href="/staff/meetings/{meeting.id}/screen"' in page  # and a link does the same by hand
    for private in (
        setup.member.display_name,
        setup.other_member.display_name,
        setup.facilitator.display_name,
        setup.member.email,
        "Lægetid",
    ):
        assert private not in page, private
    assert "live" not in visible_text(page).lower()  # plain words, not "live-opdatering"
    assert "Koden skifter hvert minut" in page


def test_presenter_view_obeys_the_strict_csp(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = open_now(db, setup)
    login_as(client, setup.facilitator)
    response = client.get(f"/staff/meetings/{meeting.id}/screen")
    page = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert nonce
    assert not re.search(r"\sstyle=", page) and "<style" not in page
    assert not re.search(r"\son[a-z]+=", page, re.I)  # no inline event handlers
    scripts = SCRIPT_TAG.findall(page)
    assert scripts and all(f'nonce="{nonce[1]}"' in tag and "src=" in tag for tag in scripts)


def test_staff_page_links_to_the_presenter_view_and_keeps_the_roster(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = open_now(db, setup)
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/staff/meetings/{meeting.id}/screen"' in page
    assert setup.member.display_name in page and "Lægetid" in page  # the facilitator's own screen
    assert "live-opdatering" not in page


def test_presenter_view_before_check_in_is_opened_offers_to_open_it(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = setup.meeting
    meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.commit()
    login_as(client, setup.facilitator)
    page = client.get(f"/staff/meetings/{meeting.id}/screen").get_data(as_text=True)
    assert "screen-code" not in page and "<svg" not in page
    assert f'action="/staff/meetings/{meeting.id}/checkin/open"' in page and 'name="back" value="screen"' in page
    assert REFRESH.search(page)  # it shows the code by itself once check-in is opened from the phone
    opened = client.post(
        f"/staff/meetings/{meeting.id}/checkin/open",
        data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1], "back": "screen"},
    )
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/staff/meetings/{meeting.id}/screen")
    assert "screen-code" in client.get(f"/staff/meetings/{meeting.id}/screen").get_data(as_text=True)


def test_presenter_view_of_a_cancelled_or_far_meeting_shows_no_code(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    login_as(client, setup.facilitator)
    far = client.get(f"/staff/meetings/{setup.meeting.id}/screen").get_data(as_text=True)
    assert "screen-code" not in far and "checkin/open" not in far
    setup.meeting.cancelled_at, setup.meeting.cancel_reason = utcnow(), "Konsulenten er syg"
    db.session.commit()
    cancelled = client.get(f"/staff/meetings/{setup.meeting.id}/screen").get_data(as_text=True)
    assert "aflyst" in cancelled.lower() and "Konsulenten er syg" not in cancelled


def test_presenter_view_is_for_the_municipality_staff_only(
    client: FlaskClient, db: SQLAlchemy, login_as: Login, setup: Setup
) -> None:
    meeting = open_now(db, setup)
    login_as(client, setup.member)
    assert client.get(f"/staff/meetings/{meeting.id}/screen").status_code == 403
    login_as(client, make_user(Role.FACILITATOR))
    assert client.get(f"/staff/meetings/{meeting.id}/screen").status_code == 404
