"""Who may reach the group pages: staff of the group's own municipality only; garbage ids never crash."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Membership
from app.meetings.models import Meeting
from app.meetings.schedule import new_meeting
from app.timeutil import local_today
from tests.conftest import post_form
from tests.factories import add_to_group, make_group, make_municipality, make_user


def _setup(db):  # noqa: ANN001
    """A group with a member and a meeting, in its own municipality."""
    town = make_municipality()
    group = make_group(town)
    member = make_user(Role.PARTICIPANT, town)
    membership = add_to_group(group, member)
    meeting = new_meeting(group, local_today(utcnow()))
    db.session.add(meeting)
    db.session.commit()
    return town, group, member, membership, meeting


def _get_pages(group, meeting) -> list[str]:  # noqa: ANN001
    return [f"/staff/groups/{group.id}", f"/staff/groups/{group.id}/edit", f"/staff/meetings/{meeting.id}"]


def _post_actions(group, membership, other_group) -> list[tuple[str, dict]]:  # noqa: ANN001
    return [
        (f"/staff/groups/{group.id}/edit", {"name": "X", "weekday": "0", "start_time": "10:00", "duration": "60"}),
        (f"/staff/groups/{group.id}/members", {"add-user_id": str(membership.user_id)}),
        (f"/staff/groups/{group.id}/facilitators", {"staff-user_id": str(membership.user_id)}),
        (f"/staff/groups/{group.id}/members/{membership.id}/end", {}),
        (f"/staff/groups/{group.id}/members/{membership.id}/move", {"move-group_id": str(other_group.id)}),
        (f"/staff/groups/{group.id}/meetings/generate", {}),
    ]


def test_participant_gets_403_on_group_pages(client, db, login_as):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, member)
    for path in ["/staff/groups/", "/staff/groups/new", *_get_pages(group, meeting)]:
        assert client.get(path).status_code == 403, path
    for path, data in _post_actions(group, membership, group):
        assert post_form(client, path, data).status_code == 403, path
    assert post_form(client, "/staff/groups/new", {"name": "Min gruppe"}).status_code == 403


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_of_another_municipality_gets_404(client, db, login_as, role):
    town, group, member, membership, meeting = _setup(db)
    stranger_town = make_municipality()
    own_group = make_group(stranger_town)
    login_as(client, make_user(role, stranger_town))
    assert group.name not in client.get("/staff/groups/").get_data(as_text=True)
    for path in _get_pages(group, meeting):
        assert client.get(path).status_code == 404, path
    for path, data in _post_actions(group, membership, own_group):
        assert post_form(client, path, data).status_code == 404, path
    db.session.expire_all()
    assert [(m.group_id, m.left_at) for m in db.session.scalars(select(Membership))] == [(group.id, None)]
    assert db.session.scalar(select(Meeting.id)) == meeting.id  # nothing planned, nothing changed
    assert db.session.get(type(group), group.id).name == group.name


def test_adding_or_moving_across_municipalities_is_404(client, db, login_as):
    town, group, member, membership, meeting = _setup(db)
    my_town = make_municipality()
    my_group = make_group(my_town)
    mine = make_user(Role.PARTICIPANT, my_town)
    my_membership = add_to_group(my_group, mine)
    stranger_staff = make_user(Role.FACILITATOR, town)
    login_as(client, make_user(Role.FACILITATOR, my_town))
    assert post_form(client, f"/staff/groups/{my_group.id}/members", {"add-user_id": str(member.id)}).status_code == 404
    data = {"staff-user_id": str(stranger_staff.id)}
    assert post_form(client, f"/staff/groups/{my_group.id}/facilitators", data).status_code == 404
    move = f"/staff/groups/{my_group.id}/members/{my_membership.id}/move"
    assert post_form(client, move, {"move-group_id": str(group.id)}).status_code == 404
    db.session.expire_all()
    rows = {(m.user_id, m.group_id, m.left_at) for m in db.session.scalars(select(Membership))}
    assert rows == {(member.id, group.id, None), (mine.id, my_group.id, None)}


def test_invite_into_a_group_of_another_municipality_does_not_join_it(client, db, login_as):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, make_user(Role.FACILITATOR))
    data = {"display_name": "Ny Ung", "email": "ny.ung@example.test", "role": "participant", "language": "da"}
    response = post_form(client, f"/staff/people/new?group={group.id}", data)
    assert response.status_code in (302, 404)
    db.session.expire_all()
    in_group = db.session.scalars(select(Membership.user_id).where(Membership.group_id == group.id)).all()
    assert in_group == [member.id]


def test_invite_into_a_foreign_group_answers_404_without_creating_anyone(client, db, login_as):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, make_user(Role.FACILITATOR))
    data = {"display_name": "Ny Ung", "email": "ny.ung@example.test", "role": "participant", "language": "da"}
    assert post_form(client, f"/staff/people/new?group={group.id}", data).status_code == 404
    assert db.session.scalar(select(User.id).where(User.email == "ny.ung@example.test")) is None


HUGE = "9" * 30
INT64_PLUS = str(2**63)
INT32_PLUS = str(2**31)  # PostgreSQL integer overflows here
# (Werkzeug's int converter reads non-ASCII digits such as "１２" as 12: the same id, so not garbage in a path.)
GARBAGE = ["abc", "-1", "0", "1.5", "1e3", HUGE, INT64_PLUS, INT32_PLUS, "%00"]


@pytest.mark.parametrize("bad", GARBAGE)
def test_garbage_ids_in_group_paths_never_crash(client, db, login_as, bad):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, make_user(Role.FACILITATOR, town))
    for path in [f"/staff/groups/{bad}", f"/staff/groups/{bad}/edit"]:
        assert client.get(path).status_code in (400, 404), path
    for path in [
        f"/staff/groups/{bad}/members",
        f"/staff/groups/{bad}/meetings/generate",
        f"/staff/groups/{group.id}/members/{bad}/end",
        f"/staff/groups/{group.id}/members/{bad}/move",
    ]:
        assert post_form(client, path, {"add-user_id": str(member.id)}).status_code in (400, 404), path


@pytest.mark.parametrize("bad", GARBAGE)
def test_garbage_meeting_ids_never_crash(client, db, login_as, bad):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert client.get(f"/staff/meetings/{bad}").status_code in (400, 404)
    login_as(client, member)
    for path in [f"/meetings/{bad}", f"/meetings/{bad}.ics", f"/meetings/{bad}/checkin"]:
        assert client.get(path).status_code in (400, 404), path


@pytest.mark.parametrize("bad", ["", "abc", "-1", "1.5", "１２", HUGE, INT64_PLUS, INT32_PLUS, "0"])
def test_garbage_ids_in_the_form_never_crash(client, db, login_as, bad):
    town, group, member, membership, meeting = _setup(db)
    login_as(client, make_user(Role.FACILITATOR, town))
    base = f"/staff/groups/{group.id}"
    for path, field in [
        (f"{base}/members", "add-user_id"),
        (f"{base}/facilitators", "staff-user_id"),
        (f"{base}/members/{membership.id}/move", "move-group_id"),
    ]:
        assert post_form(client, path, {field: bad}).status_code in (400, 404), (path, bad)
    db.session.expire_all()
    assert [(m.group_id, m.left_at) for m in db.session.scalars(select(Membership))] == [(group.id, None)]


@pytest.mark.parametrize("bad", [*GARBAGE, ""])
def test_garbage_group_in_the_invite_query_never_crashes(client, db, login_as, bad):
    login_as(client, make_user(Role.FACILITATOR))
    data = {"display_name": "Ny Ung", "email": "ny.ung@example.test", "role": "participant", "language": "da"}
    assert post_form(client, f"/staff/people/new?group={bad}", data).status_code in (302, 400, 404)
