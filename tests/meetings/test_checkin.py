"""Check-in with a rotating code: window, previous code, expired code, members only, one row."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import func, select

from app.errors import DomainError
from app.meetings import checkin
from app.meetings.checkin import CheckinResult, CurrentCode, code_for_step
from app.meetings.models import Attendance, CheckinMethod, Meeting
from tests.conftest import post_form
from tests.meetings.conftest import Setup

RFC_6238_SHA256_KEY = b"12345678901234567890123456789012"  # the SHA-256 seed of RFC 6238's test vectors


def code_at(meeting, moment, steps_back=0):
    return code_for_step(meeting.checkin_secret, int(moment.timestamp()) // 60 - steps_back)


def attendance_count(db, meeting):
    return db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.meeting_id == meeting.id))


@pytest.fixture
def opened(db, setup):
    """Check-in opened by the facilitator five minutes before the start."""
    now = setup.meeting.starts_at - timedelta(minutes=5)
    checkin.open_checkin(setup.facilitator, setup.meeting, now=now)
    return setup.meeting, now


def test_correct_code_checks_in(db, setup, opened):
    meeting, now = opened
    assert checkin.check_in(setup.member, meeting, code_at(meeting, now), CheckinMethod.CODE, now) is (
        CheckinResult.CHECKED_IN
    )
    assert attendance_count(db, meeting) == 1


def test_previous_code_still_works_but_older_is_expired(db, setup, opened):
    meeting, now = opened
    assert checkin.check_in(setup.member, meeting, code_at(meeting, now, 1), CheckinMethod.CODE, now)
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.other_member, meeting, code_at(meeting, now, 2), CheckinMethod.CODE, now)
    assert "expired" in caught.value.message
    assert attendance_count(db, meeting) == 1


def test_the_code_is_rfc_6238_totp_of_the_meeting_secret() -> None:
    meeting = Meeting(checkin_secret=RFC_6238_SHA256_KEY.hex())
    # RFC 6238 appendix B: SHA-256, counter 37037036 (T = 1111111109 s at its 30 s step) gives 68084774;
    # six digits are its last six. With our 60 s step that counter runs from 37037036 * 60 s for a minute.
    last_second = datetime.fromtimestamp(37037036 * 60 + 59, UTC)
    assert checkin.current_code(meeting, last_second) == CurrentCode("084774", 1)
    totp = TOTP(RFC_6238_SHA256_KEY, 6, SHA256(), 60)
    for moment in (last_second, datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)):
        assert checkin.current_code(meeting, moment).code == totp.generate(moment.timestamp()).decode()


def test_a_real_meeting_shows_totp_of_its_own_secret(db: SQLAlchemy, setup: Setup) -> None:
    meeting, now = setup.meeting, setup.meeting.starts_at
    expected = TOTP(bytes.fromhex(meeting.checkin_secret), 6, SHA256(), 60).generate(now.timestamp()).decode()
    assert checkin.current_code(meeting, now).code == expected


def test_an_expired_code_is_refused(db: SQLAlchemy, setup: Setup, opened: tuple[Meeting, datetime]) -> None:
    meeting, now = opened
    shown_two_minutes_ago = checkin.current_code(meeting, now - timedelta(minutes=2)).code
    oldest_expired = code_at(meeting, now, checkin.RECENT_STEPS)
    for code in (shown_two_minutes_ago, oldest_expired):
        with pytest.raises(DomainError) as caught:
            checkin.check_in(setup.member, meeting, code, CheckinMethod.CODE, now)
        assert "expired" in caught.value.message
    recent = {code_at(meeting, now, back) for back in range(checkin.RECENT_STEPS + 1)}
    too_old = code_at(meeting, now, checkin.RECENT_STEPS + 1)
    if too_old not in recent:  # one chance in ~30,000 that an older code equals a recent one
        with pytest.raises(DomainError) as caught:
            checkin.check_in(setup.member, meeting, too_old, CheckinMethod.CODE, now)
        assert "not right" in caught.value.message
    assert attendance_count(db, meeting) == 0


def test_wrong_code_has_its_own_message(db, setup, opened):
    meeting, now = opened
    valid = {code_at(meeting, now, back) for back in range(0, 40)}
    wrong = next(c for c in (f"{n:06d}" for n in range(1000000)) if c not in valid)
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.member, meeting, wrong, CheckinMethod.CODE, now)
    assert "not right" in caught.value.message


def test_outside_the_window_is_refused(db, setup, opened):
    meeting, _ = opened
    late = meeting.starts_at + timedelta(minutes=61)
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.member, meeting, code_at(meeting, late), CheckinMethod.CODE, late)
    assert "closed" in caught.value.message
    early = meeting.starts_at - timedelta(minutes=31)
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.member, meeting, code_at(meeting, early), CheckinMethod.CODE, early)
    assert "not opened" in caught.value.message


def test_not_opened_by_facilitator_is_refused(db, setup):
    meeting = setup.meeting
    now = meeting.starts_at
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.member, meeting, code_at(meeting, now), CheckinMethod.CODE, now)
    assert "not opened" in caught.value.message


def test_facilitator_cannot_open_outside_window(db, setup):
    with pytest.raises(DomainError):
        checkin.open_checkin(setup.facilitator, setup.meeting, now=setup.meeting.starts_at - timedelta(minutes=31))


def test_non_member_is_refused(db, setup, opened):
    meeting, now = opened
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.outsider, meeting, code_at(meeting, now), CheckinMethod.CODE, now)
    assert "not in the group" in caught.value.message
    assert attendance_count(db, meeting) == 0


def test_cancelled_meeting_is_refused(db, setup, opened):
    meeting, now = opened
    meeting.cancelled_at = now
    db.session.commit()
    with pytest.raises(DomainError) as caught:
        checkin.check_in(setup.member, meeting, code_at(meeting, now), CheckinMethod.CODE, now)
    assert "cancelled" in caught.value.message


def test_double_checkin_gives_one_row(db, setup, opened):
    meeting, now = opened
    code = code_at(meeting, now)
    assert checkin.check_in(setup.member, meeting, code, CheckinMethod.CODE, now) is CheckinResult.CHECKED_IN
    assert checkin.check_in(setup.member, meeting, code, CheckinMethod.CODE, now) is CheckinResult.ALREADY
    assert attendance_count(db, meeting) == 1


def _open_now(db, setup, monkeypatch):
    """Move the fixture meeting so that it starts in 5 minutes (real clock) and open check-in."""
    from app.db import utcnow

    setup.meeting.starts_at = utcnow() + timedelta(minutes=5)
    setup.meeting.ends_at = setup.meeting.starts_at + timedelta(hours=2)
    db.session.commit()
    checkin.open_checkin(setup.facilitator, setup.meeting)


def test_qr_url_checks_in_the_logged_in_member(client, make_client, db, login_as, setup, monkeypatch):
    _open_now(db, setup, monkeypatch)
    staff = make_client()
    login_as(staff, setup.facilitator)
    screen = staff.get(f"/staff/meetings/{setup.meeting.id}").get_data(as_text=True)
    assert "<svg" in screen
    qr_path = re.search(r"/meetings/\d+/checkin\?code=\d{6}", screen)
    assert qr_path is None  # the URL is inside the QR image, not printed; take the code from the page instead
    code = re.search(r'class="code"[^>]*>(\d{3}) (\d{3})<', screen)
    assert code
    login_as(client, setup.member)
    landing = client.get(f"/meetings/{setup.meeting.id}/checkin?code={code[1]}{code[2]}")
    assert landing.status_code == 200 and f'value="{code[1]}{code[2]}"' in landing.get_data(as_text=True)
    assert attendance_count(db, setup.meeting) == 0  # GET never writes
    done = post_form(client, f"/meetings/{setup.meeting.id}/checkin", {"code": code[1] + code[2], "via": "qr"})
    assert done.status_code == 302
    row = db.session.scalar(select(Attendance).where(Attendance.meeting_id == setup.meeting.id))
    assert (row.user_id, row.method) == (setup.member.id, CheckinMethod.QR)
    roster = staff.get(f"/staff/meetings/{setup.meeting.id}").get_data(as_text=True)
    assert "✓" in roster


def test_wrong_code_over_http_keeps_input_and_explains(client, db, login_as, setup, monkeypatch):
    _open_now(db, setup, monkeypatch)
    login_as(client, setup.member)
    response = post_form(client, f"/meetings/{setup.meeting.id}/checkin", {"code": "12345x"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="12345x"' in body and 'class="error"' in body


def test_non_member_gets_404_on_checkin_page(client, db, login_as, setup):
    login_as(client, setup.outsider)
    assert client.get(f"/meetings/{setup.meeting.id}/checkin?code=123456").status_code == 404
    assert post_form(client, f"/meetings/{setup.meeting.id}/checkin", {"code": "123456"}).status_code == 404
