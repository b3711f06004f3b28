"""Creating groups, adding, moving and taking out members, and co-facilitators."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Meeting
from app.timeutil import to_local
from tests.conftest import post_form
from tests.factories import add_to_group, make_group, make_municipality, make_user

NEW_GROUP = {"name": "Tirsdagsgruppen", "weekday": "1", "start_time": "10:00", "duration": "120", "place": "Jobcentret"}


def _memberships(db, user: User) -> list[Membership]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)))


def _current(db, user: User) -> list[int]:  # noqa: ANN001
    return [m.group_id for m in _memberships(db, user) if m.left_at is None]


def _flashes(client) -> list[tuple[str, str]]:  # noqa: ANN001
    with client.session_transaction() as session:
        return list(session.get("_flashes", []))


def test_facilitator_creates_a_group_with_eight_weeks_of_meetings(client, db, login_as):
    town, other_town = make_municipality(), make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    login_as(client, facilitator)
    response = post_form(client, "/staff/groups/new", {**NEW_GROUP, "municipality_id": str(other_town.id)})
    assert response.status_code == 302
    group = db.session.scalar(select(Group))
    assert response.headers["Location"] == f"/staff/groups/{group.id}"
    assert (group.name, group.municipality_id, group.weekday, group.duration_minutes, group.place) == (
        "Tirsdagsgruppen",
        town.id,
        1,
        120,
        "Jobcentret",
    )
    rows = _memberships(db, facilitator)
    assert [(m.group_id, m.role, m.left_at) for m in rows] == [(group.id, MemberRole.FACILITATOR, None)]
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)))
    assert len(meetings) == 8
    for meeting in meetings:
        local = to_local(meeting.starts_at)
        assert (local.weekday(), local.hour, local.minute) == (1, 10, 0)
        assert local.date() == meeting.series_date
        assert to_local(meeting.ends_at) - local == timedelta(minutes=120)
    assert {b.series_date - a.series_date for a, b in pairwise(meetings)} == {timedelta(weeks=1)}
    assert client.get(f"/staff/groups/{group.id}").status_code == 200


@pytest.mark.parametrize(
    "change", [{"weekday": "7"}, {"weekday": "x"}, {"duration": "abc"}, {"duration": "5"}, {"start_time": "25:00"}]
)
def test_bad_group_input_rerenders_the_form_and_creates_nothing(client, db, login_as, change):
    login_as(client, make_user(Role.FACILITATOR))
    response = post_form(client, "/staff/groups/new", {**NEW_GROUP, **change})
    assert response.status_code == 200
    assert "Tirsdagsgruppen" in response.get_data(as_text=True)  # what they typed is kept
    assert db.session.scalar(select(func.count()).select_from(Group)) == 0
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_facilitator_adds_a_participant(client, db, login_as):
    town = make_municipality()
    group = make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    login_as(client, make_user(Role.FACILITATOR, town))
    response = post_form(client, f"/staff/groups/{group.id}/members", {"add-user_id": str(person.id)})
    assert response.status_code == 302
    assert _current(db, person) == [group.id]
    assert _memberships(db, person)[0].role is MemberRole.MEMBER


def test_a_participant_in_another_group_is_refused_and_nothing_changes(client, db, login_as):
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other = make_group(town, name="Torsdagsgruppen")
    person = make_user(Role.PARTICIPANT, town, name="Amira")
    add_to_group(other, person)
    before = [(m.id, m.group_id, m.left_at) for m in _memberships(db, person)]
    login_as(client, make_user(Role.FACILITATOR, town))
    response = post_form(client, f"/staff/groups/{group.id}/members", {"add-user_id": str(person.id)})
    assert response.status_code == 302
    [(category, message)] = _flashes(client)
    assert category == "error"
    assert "Amira" in message and "Torsdagsgruppen" in message
    assert [(m.id, m.group_id, m.left_at) for m in _memberships(db, person)] == before


def test_staff_cannot_be_added_as_a_member(client, db, login_as):
    town = make_municipality()
    group = make_group(town)
    colleague = make_user(Role.FACILITATOR, town)
    login_as(client, make_user(Role.FACILITATOR, town))
    post_form(client, f"/staff/groups/{group.id}/members", {"add-user_id": str(colleague.id)})
    assert _memberships(db, colleague) == []
    assert _flashes(client)[0][0] == "error"


def test_database_allows_one_current_group_per_participant(db):
    town = make_municipality()
    first, second = make_group(town), make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    add_to_group(first, person)
    db.session.add(Membership(group_id=second.id, user_id=person.id, role=MemberRole.MEMBER))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _current(db, person) == [first.id]


def test_the_unique_index_is_partial_history_and_facilitators_are_not_limited(db):
    town = make_municipality()
    first, second = make_group(town), make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    facilitator = make_user(Role.FACILITATOR, town)
    old = add_to_group(first, person)
    old.left_at = old.joined_at + timedelta(days=1)
    db.session.commit()
    add_to_group(second, person)
    add_to_group(first, facilitator, "facilitator")
    add_to_group(second, facilitator, "facilitator")
    assert _current(db, person) == [second.id]
    assert len(_current(db, facilitator)) == 2


def test_move_ends_the_old_membership_and_starts_a_new_one(client, db, login_as):
    town = make_municipality()
    first, second = make_group(town), make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    old = add_to_group(first, person)
    login_as(client, make_user(Role.FACILITATOR, town))
    url = f"/staff/groups/{first.id}/members/{old.id}/move"
    assert post_form(client, url, {"move-group_id": str(second.id)}).status_code == 302
    ended, new = _memberships(db, person)
    assert (ended.id, ended.group_id) == (old.id, first.id) and ended.left_at is not None
    assert (new.group_id, new.role, new.left_at) == (second.id, MemberRole.MEMBER, None)
    assert new.joined_at == ended.left_at  # one step: no gap, no overlap
    back = _memberships(db, person)[1]
    post_form(client, f"/staff/groups/{second.id}/members/{back.id}/move", {"move-group_id": str(first.id)})
    rows = _memberships(db, person)
    assert [m.group_id for m in rows] == [first.id, second.id, first.id]
    assert [m.left_at is None for m in rows] == [False, False, True]


def test_move_with_a_membership_of_another_group_is_404(client, db, login_as):
    town = make_municipality()
    first, second = make_group(town), make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    membership = add_to_group(second, person)
    login_as(client, make_user(Role.FACILITATOR, town))
    url = f"/staff/groups/{first.id}/members/{membership.id}/move"
    assert post_form(client, url, {"move-group_id": str(first.id)}).status_code == 404
    assert post_form(client, f"/staff/groups/{first.id}/members/{membership.id}/end").status_code == 404
    assert _current(db, person) == [second.id]


def test_taking_someone_out_sets_left_at_and_keeps_the_row(client, db, login_as):
    town = make_municipality()
    group = make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    membership = add_to_group(group, person)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert post_form(client, f"/staff/groups/{group.id}/members/{membership.id}/end").status_code == 302
    [row] = _memberships(db, person)
    assert row.id == membership.id and row.left_at is not None
    assert post_form(client, f"/staff/groups/{group.id}/members", {"add-user_id": str(person.id)}).status_code == 302
    assert [m.left_at is None for m in _memberships(db, person)] == [False, True]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_can_be_added_as_co_facilitator(client, db, login_as, role):
    town = make_municipality()
    group = make_group(town)
    colleague = make_user(role, town)
    login_as(client, make_user(Role.FACILITATOR, town))
    data = {"staff-user_id": str(colleague.id)}
    assert post_form(client, f"/staff/groups/{group.id}/facilitators", data).status_code == 302
    post_form(client, f"/staff/groups/{group.id}/facilitators", data)  # twice is still one row
    rows = _memberships(db, colleague)
    assert [(m.group_id, m.role, m.left_at) for m in rows] == [(group.id, MemberRole.FACILITATOR, None)]


def test_a_participant_cannot_be_co_facilitator(client, db, login_as):
    town = make_municipality()
    group = make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    login_as(client, make_user(Role.FACILITATOR, town))
    post_form(client, f"/staff/groups/{group.id}/facilitators", {"staff-user_id": str(person.id)})
    assert _memberships(db, person) == []
    assert _flashes(client)[0][0] == "error"


def test_invite_a_new_participant_to_this_group(client, db, login_as):
    town = make_municipality()
    group = make_group(town)
    login_as(client, make_user(Role.FACILITATOR, town))
    data = {"display_name": "Ny Ung", "email": "ny.ung@example.test", "role": "participant", "language": "da"}
    response = post_form(client, f"/staff/people/new?group={group.id}", data)
    assert response.status_code == 302
    person = db.session.scalar(select(User).where(User.email == "ny.ung@example.test"))
    assert person.municipality_id == town.id
    assert _current(db, person) == [group.id]


def test_a_facilitator_row_cannot_be_moved_into_a_group_as_member(client, db, login_as):
    town = make_municipality()
    first, second = make_group(town), make_group(town)
    colleague = make_user(Role.FACILITATOR, town)
    row = add_to_group(first, colleague, "facilitator")
    login_as(client, make_user(Role.FACILITATOR, town))
    response = post_form(client, f"/staff/groups/{first.id}/members/{row.id}/move", {"move-group_id": str(second.id)})
    assert response.status_code in (302, 404)
    assert [(m.group_id, m.role, m.left_at) for m in _memberships(db, colleague)] == [
        (first.id, MemberRole.FACILITATOR, None)
    ]


def test_an_ended_membership_cannot_be_used_to_move_someone(client, db, login_as):
    """A stale page (someone already moved on) must not pull them out of the group they are in now."""
    town = make_municipality()
    first, second, third = make_group(town), make_group(town), make_group(town)
    person = make_user(Role.PARTICIPANT, town)
    old = add_to_group(first, person)
    login_as(client, make_user(Role.FACILITATOR, town))
    post_form(client, f"/staff/groups/{first.id}/members/{old.id}/move", {"move-group_id": str(second.id)})
    stale = post_form(client, f"/staff/groups/{first.id}/members/{old.id}/move", {"move-group_id": str(third.id)})
    assert stale.status_code in (302, 404)
    assert _current(db, person) == [second.id]


def test_move_member_service_refuses_staff(db):
    from app.errors import DomainError
    from app.groups import services

    town = make_municipality()
    group = make_group(town)
    actor, colleague = make_user(Role.FACILITATOR, town), make_user(Role.ADMIN, town)
    with pytest.raises(DomainError):
        services.move_member(actor, colleague, group)
    assert _memberships(db, colleague) == []
