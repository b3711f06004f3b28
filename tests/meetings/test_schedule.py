"""Weekly meetings keep their local wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from app.accounts.models import Role
from app.meetings import schedule
from app.meetings.models import Meeting
from app.timeutil import to_local
from tests.conftest import post_form
from tests.factories import make_user


def test_generation_keeps_10_00_local_across_both_dst_changes(db, setup):
    group = setup.group
    group.weekday, group.start_time = 6, time(10, 0)  # Sundays: both DST changes fall on a Sunday
    db.session.commit()
    # From early March to early November 2026: DST starts 29 March and ends 25 October.
    created = schedule.generate_meetings(group, weeks=36, now=datetime(2026, 3, 1, 12, tzinfo=UTC))
    by_day = {m.series_date.isoformat(): m for m in created}
    assert {to_local(m.starts_at).time() for m in created} == {time(10, 0)}
    assert {to_local(m.ends_at).time() for m in created} == {time(12, 0)}
    assert by_day["2026-03-22"].starts_at == datetime(2026, 3, 22, 9, 0, tzinfo=UTC)  # winter, UTC+1
    assert by_day["2026-03-29"].starts_at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # summer, UTC+2
    assert by_day["2026-10-25"].starts_at == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # winter again
    assert all(m.series_date.weekday() == 6 for m in created)


def test_generation_is_idempotent(db, setup):
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    first = schedule.generate_meetings(setup.group, weeks=8, now=now)
    again = schedule.generate_meetings(setup.group, weeks=8, now=now)
    assert len(first) == 8 and again == []
    count = db.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.group_id == setup.group.id))
    assert count == 8 + 1  # plus the fixture's meeting


def test_facilitator_moves_a_meeting_in_local_time_and_it_shows(client, db, login_as, setup):
    login_as(client, setup.facilitator)
    day = (to_local(setup.meeting.starts_at) + timedelta(days=1)).date()
    response = post_form(
        client,
        f"/staff/meetings/{setup.meeting.id}/edit",
        {"day": day.isoformat(), "at": "14:30", "place": "Biblioteket", "agenda": "Praktikker"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Meeting, setup.meeting.id)
    assert to_local(moved.starts_at).time() == time(14, 30) and to_local(moved.starts_at).date() == day
    assert moved.ends_at - moved.starts_at == timedelta(hours=2)
    assert (moved.place, moved.agenda) == ("Biblioteket", "Praktikker")
    member = client.application.test_client()
    login_as(member, setup.member)
    page = member.get(f"/meetings/{moved.id}").get_data(as_text=True)
    assert "14.30" in page and "Biblioteket" in page and "Praktikker" in page


def test_cancelled_meeting_stays_visible_as_cancelled(client, make_client, db, login_as, setup):
    login_as(client, setup.facilitator)
    response = post_form(client, f"/staff/meetings/{setup.meeting.id}/cancel", {"reason": "Konsulenten er syg"})
    assert response.status_code == 302
    member = make_client()
    login_as(member, setup.member)
    for path in ("/meetings", f"/meetings/{setup.meeting.id}", "/week"):
        page = member.get(path).get_data(as_text=True)
        assert "Aflyst" in page or "Cancelled" in page, path
    assert "Konsulenten er syg" in member.get(f"/meetings/{setup.meeting.id}").get_data(as_text=True)


def test_cancel_needs_a_reason(client, db, login_as, setup):
    login_as(client, setup.facilitator)
    post_form(client, f"/staff/meetings/{setup.meeting.id}/cancel", {"reason": ""})
    db.session.expire_all()
    assert db.session.get(Meeting, setup.meeting.id).cancelled_at is None


def test_participant_cannot_change_meetings(client, db, login_as, setup):
    login_as(client, setup.member)
    assert post_form(client, f"/staff/meetings/{setup.meeting.id}/cancel", {"reason": "x"}).status_code == 403
    assert client.get(f"/staff/meetings/{setup.meeting.id}").status_code == 403


def test_other_municipality_staff_get_404(client, db, login_as, setup):
    login_as(client, make_user(Role.FACILITATOR))
    assert client.get(f"/staff/meetings/{setup.meeting.id}").status_code == 404
    assert post_form(client, f"/staff/meetings/{setup.meeting.id}/cancel", {"reason": "x"}).status_code == 404
    assert post_form(client, f"/staff/meetings/{setup.meeting.id}/checkin/open").status_code == 404
