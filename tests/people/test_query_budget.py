"""The facilitator's workspace makes the same number of SQL statements with 10 and with 1,000 participants:
the overview (attention list, this week), a person page, the group roster and the people list."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db as _db
from app.groups.models import MemberRole, Membership
from app.meetings.models import Answer, Attendance, CheckinMethod, Rsvp
from app.meetings.schedule import new_meeting
from app.placements.models import Assignment, AssignmentStatus, HoursChange
from app.reflections.models import Reflection, Visibility
from app.timeutil import local_today
from tests.factories import make_group, make_municipality, make_placement, make_user
from tests.test_query_budget import counting


def build(people: int) -> tuple[User, User, int]:
    """A group of `people` participants with meetings, answers, check-ins, placements and shared reflections."""
    now = utcnow()
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    group = make_group(town)
    long_ago = now - timedelta(days=90)
    users = [
        User(email=f"u{n}-{town.id}@example.test", display_name=f"Ung {n:04}", role=Role.PARTICIPANT, municipality=town)
        for n in range(people)
    ]
    _db.session.add_all(users)
    _db.session.flush()
    _db.session.add(
        Membership(group_id=group.id, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=long_ago)
    )
    _db.session.add_all(
        Membership(group_id=group.id, user_id=u.id, role=MemberRole.MEMBER, joined_at=long_ago) for u in users
    )
    today = local_today(now)
    past = [new_meeting(group, today - timedelta(weeks=w)) for w in range(1, 4)]
    coming = [new_meeting(group, today + timedelta(days=1 + 7 * w)) for w in range(2)]
    _db.session.add_all(past + coming)
    _db.session.flush()
    placement = make_placement(town, seats=people + 1)
    for n, u in enumerate(users):
        if n % 2:
            _db.session.add(Rsvp(meeting_id=coming[0].id, user_id=u.id, answer=Answer.YES, answered_at=now))
        for meeting in past[: n % 3]:
            _db.session.add(
                Attendance(
                    meeting_id=meeting.id, user_id=u.id, method=CheckinMethod.CODE, checked_in_at=meeting.starts_at
                )
            )
        if n % 4 == 0:
            a = Assignment(user_id=u.id, placement_id=placement.id, start_date=date(2026, 9, 1), weekly_hours=10)
            if n % 8 == 0:
                a.status, a.end_date, a.ended_at = AssignmentStatus.ENDED, today, now - timedelta(days=1)
            _db.session.add(a)
            _db.session.flush()
            _db.session.add(HoursChange(assignment_id=a.id, to_hours=10, effective_date=date(2026, 9, 1)))
        if n % 5 == 0:
            _db.session.add(Reflection(author_id=u.id, text="Delt", visibility=Visibility.FACILITATORS))
    _db.session.commit()
    return facilitator, users[0], group.id


PAGES = {
    "overview": lambda person, group: "/staff",
    "person page": lambda person, group: f"/staff/people/{person.id}",
    "roster": lambda person, group: f"/staff/groups/{group}",
    "people list": lambda person, group: "/staff/people/",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_same_number_of_queries_with_10_and_1000_participants(db, make_client, login_as, page):
    counts = {}
    for size in (10, 1000):
        facilitator, person, group = build(size)
        client = make_client()
        login_as(client, facilitator)
        path = PAGES[page](person, group)
        assert client.get(path).status_code == 200
        with counting(_db.engine) as statements:
            assert client.get(path).status_code == 200
        counts[size] = statements
    extra = Counter(counts[1000]) - Counter(counts[10])
    print(f"\nquery budget {page}: {len(counts[10])} with 10, {len(counts[1000])} with 1,000")
    assert len(counts[10]) == len(counts[1000]), extra.most_common(3)
