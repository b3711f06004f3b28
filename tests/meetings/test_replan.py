"""Re-planning keeps every week of the series: the planner plans by series slot (the local date the weekly
schedule gives a meeting), and a moved or extra meeting never fills another week's slot."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

from app.db import utcnow
from app.groups.models import Group
from app.meetings import schedule
from app.meetings.models import Meeting
from app.timeutil import local_to_utc, to_local
from tests.conftest import post_form
from tests.meetings.conftest import Setup

SUNDAYS = 6  # both DST changes in Europe/Copenhagen fall on the last Sunday of March and of October


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def meetings_of(db: SQLAlchemy, group: Group) -> list[Meeting]:
    db.session.expire_all()
    return list(db.session.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)))


def assert_every_week_once(db: SQLAlchemy, group: Group, slots: list[date]) -> None:
    """Each slot has exactly one series meeting, and it lies (local time) in the slot's own week."""
    series = [m for m in meetings_of(db, group) if m.series_date is not None]
    by_slot = Counter(m.series_date for m in series)
    for slot in slots:
        assert by_slot[slot] == 1, f"week of {slot}: {by_slot[slot]} series meetings"
    for meeting in series:
        assert monday(to_local(meeting.starts_at).date()) == monday(meeting.series_date), meeting.series_date


@pytest.mark.parametrize("dst_sunday", [date(2027, 3, 28), date(2027, 10, 31)], ids=["march", "october"])
def test_extra_meeting_and_moves_then_replan_keeps_every_week(db: SQLAlchemy, setup: Setup, dst_sunday: date) -> None:
    group, staff = setup.group, setup.facilitator
    group.weekday, group.start_time = SUNDAYS, time(10, 0)
    db.session.commit()
    now = local_to_utc(dst_sunday - timedelta(days=25), time(12, 0))  # a Wednesday, 3½ weeks before the change
    planned = schedule.generate_meetings(group, weeks=8, now=now)
    slots = [m.series_date for m in planned]
    assert slots[0] == dst_sunday - timedelta(weeks=3) and slots[3] == dst_sunday and len(slots) == 8
    slot_meeting = {m.series_date: m for m in planned}
    week_before, dst_week, week_after = (dst_sunday + timedelta(weeks=n) for n in (-1, 0, 1))

    # 1. The DST Sunday's meeting moves to "today" (as in the issue: 8 Dec moved to today).
    moved_away = slot_meeting[dst_week]
    tomorrow = to_local(now).date() + timedelta(days=1)
    schedule.move_meeting(staff, moved_away, day=tomorrow, at=time(14, 0), place="Biblioteket", agenda="", now=now)
    # 2. An extra meeting in the DST week itself: it must not stand in for the moved weekly meeting.
    extra = schedule.add_extra_meeting(
        staff, group, day=dst_week - timedelta(days=2), at=time(17, 0), place="Café", agenda="Ekstra", now=now
    )
    # 3. The Sunday before moves to Monday 00:30 local: the next week. In UTC that is still Sunday.
    to_next_week = slot_meeting[week_before]
    schedule.move_meeting(
        staff, to_next_week, day=week_before + timedelta(days=1), at=time(0, 30), place="", agenda="", now=now
    )
    assert to_next_week.starts_at.date() == week_before  # the UTC date would wrongly keep it in its week
    # 4. The Sunday after moves to Monday 00:30 local of its own week. In UTC that is the Sunday before.
    within_week = slot_meeting[week_after]
    schedule.move_meeting(
        staff, within_week, day=dst_week + timedelta(days=1), at=time(0, 30), place="", agenda="", now=now
    )
    assert within_week.starts_at.date() == dst_week  # the UTC date would wrongly put it in the week before
    # 5. A cancelled weekly meeting keeps its week: re-planning does not bring it back.
    cancelled = slot_meeting[slots[-1]]
    schedule.cancel_meeting(staff, cancelled, "Konsulenten er på kursus", now=now)

    replanned = schedule.generate_meetings(group, weeks=8, now=now)

    assert sorted(m.series_date for m in replanned) == [week_before, dst_week]
    for meeting in replanned:
        assert to_local(meeting.starts_at).time() == time(10, 0) and to_local(meeting.ends_at).time() == time(12, 0)
    by_slot = {m.series_date: m for m in replanned}
    winter_offset, summer_offset = timedelta(hours=1), timedelta(hours=2)
    before_change, after_change = (
        (summer_offset, winter_offset) if dst_sunday.month == 10 else (winter_offset, summer_offset)
    )
    assert by_slot[week_before].starts_at == datetime.combine(week_before, time(10), UTC) - before_change
    assert by_slot[dst_week].starts_at == datetime.combine(dst_week, time(10), UTC) - after_change
    assert schedule.generate_meetings(group, weeks=8, now=now) == []  # no duplicates when planning again
    assert_every_week_once(db, group, slots)

    everything = meetings_of(db, group)
    assert len(everything) == 8 + 2 + 1 + 1  # the series, the two re-planned weeks, the extra one, the fixture's
    kept = {m.id: m for m in everything}
    assert to_local(kept[moved_away.id].starts_at) == datetime.combine(tomorrow, time(14), to_local(now).tzinfo)
    assert kept[moved_away.id].series_date is None and kept[to_next_week.id].series_date is None
    assert kept[within_week.id].series_date == week_after
    assert kept[extra.id].series_date is None and kept[cancelled.id].series_date == slots[-1]
    assert len({m.starts_at for m in everything if m.group_id == group.id}) == len(everything)


def test_a_meeting_moved_back_into_its_week_before_replanning_keeps_its_slot(db: SQLAlchemy, setup: Setup) -> None:
    group, staff = setup.group, setup.facilitator
    now = datetime(2027, 5, 3, 10, tzinfo=UTC)
    planned = schedule.generate_meetings(group, weeks=4, now=now)
    meeting = planned[2]
    slot = meeting.series_date
    schedule.move_meeting(staff, meeting, day=slot - timedelta(weeks=1), at=time(9), place="", agenda="", now=now)
    schedule.move_meeting(staff, meeting, day=slot + timedelta(days=2), at=time(9), place="", agenda="", now=now)
    assert schedule.generate_meetings(group, weeks=4, now=now) == []
    assert meeting.series_date == slot
    assert_every_week_once(db, group, [m.series_date for m in planned])


def test_moving_the_8_dec_meeting_to_today_then_planning_keeps_8_dec(client, db, login_as, setup: Setup) -> None:  # noqa: ANN001
    """The issue's steps through the pages: plan, move the second week's meeting to today, plan again."""
    login_as(client, setup.facilitator)
    group_id = setup.group.id
    assert post_form(client, f"/staff/groups/{group_id}/meetings/generate").status_code == 302
    series = [m for m in meetings_of(db, setup.group) if m.series_date is not None and m.id != setup.meeting.id]
    assert len(series) == 8
    slots = [m.series_date for m in series]
    second = series[1]
    slot = second.series_date
    soon = to_local(utcnow() + timedelta(hours=1))
    response = post_form(
        client,
        f"/staff/meetings/{second.id}/edit",
        {"day": soon.date().isoformat(), "at": soon.strftime("%H:%M"), "place": "Jobcentret", "agenda": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert to_local(db.session.get(Meeting, second.id).starts_at).date() == soon.date()

    page = post_form(client, f"/staff/groups/{group_id}/meetings/generate", follow_redirects=True)
    assert "1 nyt møde" in page.get_data(as_text=True)
    again = post_form(client, f"/staff/groups/{group_id}/meetings/generate", follow_redirects=True)
    assert "0 nye møder" in again.get_data(as_text=True)
    in_slot = [m for m in meetings_of(db, setup.group) if m.series_date == slot]
    assert len(in_slot) == 1 and to_local(in_slot[0].starts_at).date() == slot
    assert_every_week_once(db, setup.group, slots)
