"""`flask demo`: loads "Roskilde (demo)" once, into an empty database only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Municipality, Role, User
from app.db import utcnow
from app.extensions import db as ext_db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, CheckinMethod, Meeting, Rsvp
from app.programme.demo import former_emails
from app.timeutil import LOCAL_TZ, to_local
from tests.conftest import post_form
from tests.factories import make_user

DEMO_EMAILS = {
    "admin@example.org",
    "facilitator@example.org",
    "facilitator2@example.org",
    *(f"ung{n}@example.org" for n in range(1, 21)),
    *former_emails(),  # former participants (app/programme/demo.py), so the reports have cohorts to show
}
DEMO_USERS = 23 + len(former_emails())


@pytest.fixture
def runner(app):  # noqa: ANN001
    return app.test_cli_runner()


def _counts(db) -> tuple[int, int]:  # noqa: ANN001
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Municipality)),
        db.session.scalar(select(func.count()).select_from(User)),
    )


def test_demo_loads_roskilde_with_its_logins(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "nextwork-demo" in result.output
    town = db.session.scalar(select(Municipality))
    assert (town.name, town.is_demo) == ("Roskilde (demo)", True)
    users = db.session.scalars(select(User)).all()
    assert {u.email for u in users} == DEMO_EMAILS
    assert all(u.municipality_id == town.id and u.active for u in users)
    roles = {u.email: u.role for u in users}
    assert roles["admin@example.org"] is Role.ADMIN
    assert roles["facilitator@example.org"] is roles["facilitator2@example.org"] is Role.FACILITATOR
    assert sum(role is Role.PARTICIPANT for role in roles.values()) == 20 + len(former_emails())
    assert _counts(db) == (1, DEMO_USERS)


def test_demo_password_works_on_the_real_login_form(runner, db, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    wrong = post_form(client, "/login", {"email": "ung1@example.org", "password": "not-the-demo-password"})
    assert wrong.status_code == 200
    response = post_form(client, "/login", {"email": "ung1@example.org", "password": "nextwork-demo"})
    assert response.status_code == 302
    assert client.get("/week").status_code == 200


def test_demo_twice_is_refused(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0
    assert "already loaded" in again.output
    assert _counts(db) == (1, DEMO_USERS)


def test_if_empty_on_a_non_empty_database_succeeds_without_changes(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "not loaded" in result.output
    assert _counts(db) == (1, DEMO_USERS)


def test_if_empty_on_an_empty_database_loads_the_demo(runner, db):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert _counts(db) == (1, DEMO_USERS)


@pytest.mark.parametrize("args", [["demo"], ["demo", "--if-empty"]])
def test_demo_refuses_a_database_with_real_users(runner, db, args):
    user = make_user(email="real.person@kommune.dk")
    result = runner.invoke(args=args)
    if "--if-empty" in args:
        assert result.exit_code == 0
    else:
        assert result.exit_code != 0
        assert "real users" in result.output
    assert _counts(db) == (1, 1)
    assert db.session.scalar(select(User.email)) == user.email
    assert db.session.scalar(select(Municipality).where(Municipality.is_demo.is_(True))) is None


@pytest.mark.parametrize(
    "local_now",
    [
        None,  # the real clock
        datetime(2025, 3, 25, 11, 59),  # a Tuesday, the meeting is on: it is the next one
        datetime(2025, 3, 25, 12, 0),  # the same meeting has just ended: it is history
        datetime(2025, 10, 26, 2, 30),  # the night the clocks go back
    ],
)
def test_demo_has_two_groups_of_ten_with_six_past_and_eight_coming_meetings(runner, db, monkeypatch, local_now):
    now = utcnow() if local_now is None else local_now.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    monkeypatch.setattr("app.meetings.demo.utcnow", lambda: now)
    assert runner.invoke(args=["demo"]).exit_code == 0
    groups = {g.name: g for g in db.session.scalars(select(Group))}
    assert set(groups) == {"Tirsdagsgruppen", "Torsdagsgruppen"}
    expected = {
        "Tirsdagsgruppen": ("facilitator@example.org", range(1, 11), 1, (10, 0)),
        "Torsdagsgruppen": ("facilitator2@example.org", range(11, 21), 3, (13, 0)),
    }
    for name, (facilitator, numbers, weekday, start) in expected.items():
        group = groups[name]
        assert group.place == "Jobcentret, Køgevej 80, Roskilde"
        everyone = db.session.scalars(select(Membership).where(Membership.group_id == group.id)).all()
        rows = [m for m in everyone if m.left_at is None]
        assert {m.user.email for m in everyone if m.left_at is not None} <= set(former_emails())  # they left
        assert all(m.left_at is None for m in rows)
        members = {m.user.email for m in rows if m.role is MemberRole.MEMBER}
        assert members == {f"ung{n}@example.org" for n in numbers}
        assert {m.user.email for m in rows if m.role is MemberRole.FACILITATOR} == {facilitator}

        meetings = db.session.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
        ).all()
        assert len(meetings) == 14
        assert all((to_local(m.starts_at).weekday(), to_local(m.starts_at).hour, to_local(m.starts_at).minute)
                   == (weekday, *start) for m in meetings)  # fmt: skip
        past, coming = meetings[:6], meetings[6:]
        assert all(m.ends_at <= now for m in past) and all(m.ends_at > now for m in coming)
        assert min(m.joined_at for m in rows) < past[0].starts_at  # they were in the group at those meetings
        assert coming[0].agenda and not any(m.agenda for m in coming[1:])

        ids = {m.id: m for m in meetings}
        rsvps = [r for r in db.session.scalars(select(Rsvp)) if r.meeting_id in ids]
        attendance = [a for a in db.session.scalars(select(Attendance)) if a.meeting_id in ids]
        answered_next = {coming[0].id} if name == "Tirsdagsgruppen" else set()  # some have answered the next one
        assert {r.meeting_id for r in rsvps} == {m.id for m in past} | answered_next
        if answered_next:
            answered = {r.user.email: r.answer.value for r in rsvps if r.meeting_id == coming[0].id}
            assert list(answered.values()).count("yes") == 5 and list(answered.values()).count("no") == 1
            assert "ung1@example.org" not in answered  # Amira has the answer buttons to try
        rsvps = [r for r in rsvps if r.meeting_id != coming[0].id]
        assert {a.meeting_id for a in attendance} == {m.id for m in past}
        assert all(r.answered_at < ids[r.meeting_id].starts_at for r in rsvps)
        yes = {(r.meeting_id, r.user_id) for r in rsvps if r.answer.value == "yes"}
        no = [r for r in rsvps if r.answer.value == "no"]
        assert len(yes) > 3 * len(no) > 0 and any(r.reason for r in no)
        assert {(a.meeting_id, a.user_id) for a in attendance} <= yes  # only those who said yes came
        assert len(attendance) > len(yes) / 2
        for a in attendance:
            meeting = ids[a.meeting_id]
            assert (
                meeting.starts_at - timedelta(minutes=30) <= a.checked_in_at <= meeting.starts_at + timedelta(hours=1)
            )
            assert (a.marked_by_id is not None) == (a.method is CheckinMethod.MANUAL)
            if a.method is CheckinMethod.CODE:
                assert a.checked_in_at >= meeting.checkin_opened_at
        assert {a.method for a in attendance} == {CheckinMethod.CODE, CheckinMethod.MANUAL}


def test_demo_participant_sees_the_next_meeting_and_history(runner, db, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    post_form(client, "/login", {"email": "ung1@example.org", "password": "nextwork-demo"})
    week = client.get("/week").get_data(as_text=True)
    assert "Tirsdagsgruppen" in week
    meetings = client.get("/meetings")
    assert meetings.status_code == 200
    assert meetings.get_data(as_text=True).count("/meetings/") >= 14


def test_demo_has_two_match_events_with_five_companies_each(app, db):
    from sqlalchemy import func, select

    from app.events.models import EventCompany, EventSignup, MatchEvent

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    events = db.session.scalars(select(MatchEvent).where(MatchEvent.starts_at > utcnow())).all()
    assert len(events) == 2  # coming; the former participants' event (app/programme/demo.py) is long over
    for event in events:
        companies = db.session.scalar(
            select(func.count()).select_from(EventCompany).where(EventCompany.event_id == event.id)
        )
        signups = db.session.scalar(
            select(func.count()).select_from(EventSignup).where(EventSignup.event_id == event.id)
        )
        assert companies == 5
        assert event.signups == signups > 0
        assert event.capacity is None or signups <= event.capacity


def test_demo_has_placements_some_full_one_closed_and_histories(app, db):
    from sqlalchemy import func, select

    from app.placements.models import Assignment, AssignmentStatus, Placement

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    placements = db.session.scalars(select(Placement)).all()
    assert len(placements) == 15
    assert len({p.company_id for p in placements}) >= 8
    assert sum(1 for p in placements if not p.is_open) == 1
    assert sum(1 for p in placements if p.taken == p.seats) >= 2
    for placement in placements:
        active = db.session.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.placement_id == placement.id, Assignment.status == AssignmentStatus.ACTIVE)
        )
        assert placement.taken == active <= placement.seats
    ended = db.session.scalar(select(func.count()).select_from(Assignment).where(Assignment.status == "ended"))
    assert ended >= 3


def test_demo_has_reflections_of_every_visibility_some_read_and_answered(app, db):
    from sqlalchemy import func, select

    from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    kinds = set(db.session.scalars(select(Reflection.visibility)))
    assert {k.value for k in kinds} == {"private", "facilitators", "group"}
    assert db.session.scalar(select(func.count()).select_from(ReflectionRead)) >= 3
    assert db.session.scalar(select(func.count()).select_from(ReflectionResponse)) >= 2
    private_read = db.session.scalar(
        select(func.count())
        .select_from(ReflectionRead)
        .join(Reflection, Reflection.id == ReflectionRead.reflection_id)
        .where(Reflection.visibility == "private")
    )
    assert private_read == 0


@pytest.fixture
def production(app, database_url, monkeypatch):  # noqa: ANN001
    """A production app on the (empty) test database, its context pushed so commands run in it."""
    from app import create_app
    from tests.conftest import production_settings

    for name in ("PUBLIC_BASE_URL", "TRUSTED_HOSTS", "PROXY_HOPS", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    prod = create_app("production", production_settings(database_url))
    with prod.app_context():
        yield prod
        ext_db.session.remove()
        ext_db.engine.dispose()


@pytest.mark.parametrize("args", [["demo"], ["demo", "--if-empty"]])
def test_demo_is_refused_in_production(production, args):
    result = production.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert "password that is printed in the README" in result.output
    assert "--in-production-with-published-password" in result.output
    assert _counts(ext_db) == (0, 0)


def test_demo_in_production_needs_the_flag_that_says_what_it_does(production):
    result = production.test_cli_runner().invoke(args=["demo", "--in-production-with-published-password"])
    assert result.exit_code == 0, result.output
    assert _counts(ext_db) == (1, len(DEMO_EMAILS))
