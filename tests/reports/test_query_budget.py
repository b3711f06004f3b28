"""The report page and its CSV make the same number of SQL statements with 10 participants as with 1,000: every
figure is a grouped query, never one per person (the named CSV's access-log rows are one batched INSERT)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.accounts.models import Role, User
from app.events.models import CompanyInterest, EventAttendance, EventSignup
from app.extensions import db as _db
from app.groups.models import MemberRole, Membership
from app.meetings.models import Attendance, CheckinMethod, Meeting
from app.placements.models import Assignment, AssignmentStatus, ChangeKind, HoursChange, PlacementChange
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import Point, Status
from tests.factories import make_company, make_event, make_group, make_municipality, make_placement, make_user
from tests.reports.world import _at
from tests.test_query_budget import counting


def build(size: int) -> tuple[User, object]:
    """A municipality with `size` participants in one group, each with a period, a placement with an hours change,
    a switch, meetings and check-ins, a match event, an exit and a follow-up."""
    town = make_municipality()
    admin = make_user(Role.ADMIN, town)
    group = make_group(town)
    company = make_company(town)
    first, second = make_placement(town, company=company, seats=size), make_placement(town, seats=size)
    event = make_event(town, starts_at=_at(date(2026, 2, 10)), companies=[company])
    meetings = [
        Meeting(
            group_id=group.id,
            series_date=day,
            starts_at=_at(day),
            ends_at=_at(day, 12),
            place="",
            checkin_secret=secrets.token_hex(8),
        )
        for day in (date(2026, 1, 12) + timedelta(weeks=w) for w in range(6))
    ]
    _db.session.add_all(meetings)
    _db.session.flush()
    users = [
        {
            "email": f"p{size}-{n}@example.test",
            "display_name": f"P {n}",
            "role": Role.PARTICIPANT,
            "municipality_id": town.id,
            "language": "da",
            "active": True,
        }
        for n in range(size)
    ]
    _db.session.execute(insert(User), users)
    ids = list(_db.session.scalars(select(User.id).where(User.email.like(f"p{size}-%"))))
    start = date(2025, 12, 1)
    _db.session.execute(
        insert(Membership),
        [{"group_id": group.id, "user_id": uid, "role": MemberRole.MEMBER, "joined_at": _at(start)} for uid in ids],
    )
    _db.session.execute(
        insert(ProgrammePeriod),
        [
            {
                "municipality_id": town.id,
                "user_id": uid,
                "started_on": start,
                "ended_on": date(2026, 3, 1) if n % 2 else None,
            }
            for n, uid in enumerate(ids)
        ],
    )
    periods = dict(_db.session.execute(select(ProgrammePeriod.user_id, ProgrammePeriod.id)).all())
    outcomes = []
    for n, uid in enumerate(ids):
        if n % 2:
            outcomes.append(
                {
                    "period_id": periods[uid],
                    "point": Point.EXIT,
                    "status": Status.JOB,
                    "as_of": date(2026, 3, 1),
                    "confirmed_at": _at(date(2026, 3, 2)),
                }
            )
        outcomes.append(
            {
                "period_id": periods[uid],
                "point": Point.M6,
                "status": Status.EDUCATION,
                "as_of": date(2026, 6, 2),
                "confirmed_at": _at(date(2026, 6, 2)),
            }
        )
    _db.session.execute(insert(ProgrammeOutcome), outcomes)
    for uid in ids:
        old = Assignment(
            user_id=uid,
            placement_id=first.id,
            start_date=date(2026, 1, 5),
            end_date=date(2026, 1, 25),
            status=AssignmentStatus.ENDED,
            weekly_hours=15,
        )
        new = Assignment(user_id=uid, placement_id=second.id, start_date=date(2026, 1, 26), weekly_hours=10)
        _db.session.add_all([old, new])
    _db.session.flush()
    assignments = _db.session.execute(select(Assignment.id, Assignment.user_id, Assignment.start_date)).all()
    _db.session.execute(
        insert(HoursChange),
        [{"assignment_id": aid, "to_hours": 10, "effective_date": day} for aid, _u, day in assignments]
        + [
            {"assignment_id": aid, "from_hours": 10, "to_hours": 15, "effective_date": day + timedelta(days=7)}
            for aid, _u, day in assignments
        ],
    )
    _db.session.execute(
        insert(PlacementChange),
        [
            {
                "municipality_id": town.id,
                "user_id": uid,
                "assignment_id": aid,
                "kind": ChangeKind.SWITCHED if day.day == 26 else ChangeKind.CHOSE,
            }
            for aid, uid, day in assignments
        ],
    )
    _db.session.execute(
        insert(Attendance),
        [
            {"meeting_id": m.id, "user_id": uid, "method": CheckinMethod.CODE, "checked_in_at": m.starts_at}
            for uid in ids
            for m in meetings[::2]
        ],
    )
    _db.session.execute(insert(EventSignup), [{"event_id": event.id, "user_id": uid} for uid in ids])
    _db.session.execute(insert(EventAttendance), [{"event_id": event.id, "user_id": uid} for uid in ids[::2]])
    _db.session.execute(
        insert(CompanyInterest), [{"event_id": event.id, "company_id": company.id, "user_id": uid} for uid in ids]
    )
    _db.session.commit()
    return admin, group


def statements(client, login_as, db, size: int) -> tuple[int, int, str]:  # noqa: ANN001
    admin, _group = build(size)
    login_as(client, admin)
    url = "/staff/reports?scope=municipality&first=2026-01-01&last=2026-06-30"
    client.get(url)  # warm up (the first request loads what every page loads)
    with counting(db.engine) as page:
        html = client.get(url).get_data(as_text=True)
    from tests.conftest import csrf_token

    token = csrf_token(client, url)
    with counting(db.engine) as export:
        response = client.post(
            "/staff/reports/export",
            data={
                "csrf_token": token,
                "scope": "municipality",
                "first": "2026-01-01",
                "last": "2026-06-30",
                "named": "1",
            },
        )
    assert response.status_code == 200
    assert response.data.count(b"\r\n") == size + 1
    return len(page), len(export), html


def test_report_queries_do_not_grow_with_the_participants(client, login_as, db, app, monkeypatch):
    # Building 1,000 participants can take minutes on a loaded machine: the login's "last seen" write (at most every
    # LOGIN_SESSION_TOUCH_EVERY) would then land inside a counted request and look like a growing query count.
    monkeypatch.setitem(app.config, "LOGIN_SESSION_TOUCH_EVERY", timedelta(days=1))
    small_page, small_export, small_html = statements(client, login_as, db, 10)
    large_page, large_export, large_html = statements(client, login_as, db, 1000)
    assert 'data-figure="participants">10<' in small_html
    assert 'data-figure="participants">1000<' in large_html or 'data-figure="participants">1.000<' in large_html
    assert small_page == large_page
    assert small_export == large_export
