"""A facilitator's message to the group: who may write it, who is told, who may read it (with CSRF on)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.groups.models import GroupMessage
from app.notifications.models import Kind
from tests.conftest import csrf_token, post_form
from tests.factories import make_user
from tests.notifications.triggers.conftest import add_device, deliveries, ids, notes, recipients
from tests.placements.support import new_key

TEXT = "Husk at tage jeres cv med på tirsdag."


def send(client, world, text: str = TEXT, key: str | None = None):  # noqa: ANN001, ANN202
    return post_form(client, f"/staff/groups/{world.group.id}/messages", {"text": text, "key": key or new_key()})


def count(db) -> int:  # noqa: ANN001
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(GroupMessage))


def test_a_facilitator_writes_and_the_current_members_are_told(db, client, login_as, world):
    for person in world.members:
        add_device(db, person)
    login_as(client, world.facilitator)
    response = send(client, world)
    assert response.status_code == 302 and response.headers["Location"] == f"/staff/groups/{world.group.id}"
    message = db.session.scalars(select(GroupMessage)).one()
    assert (message.text, message.author_id, message.group_id) == (TEXT, world.facilitator.id, world.group.id)
    assert recipients(db, Kind.GROUP_MESSAGE) == ids(*world.members)  # not the facilitators, not other groups
    assert recipients(db) == ids(*world.members)
    assert {n.url for n in notes(db)} == {f"/messages/{message.id}"}
    assert len(deliveries(db)) == 3
    assert TEXT in client.get(f"/staff/groups/{world.group.id}").get_data(as_text=True)


def test_the_same_form_sent_twice_is_one_message(db, client, login_as, world):
    login_as(client, world.facilitator)
    key = new_key()
    assert send(client, world, key=key).status_code == 302
    assert send(client, world, key=key).status_code == 302
    assert count(db) == 1 and len(notes(db)) == 3


@pytest.mark.parametrize(("text", "status"), [("", 422), ("   \x00 ", 422), ("x" * 501, 422), ("x" * 500, 302)])
def test_empty_or_too_long_is_refused_with_the_text_kept(db, client, login_as, world, text, status):
    login_as(client, world.admin)
    response = send(client, world, text)
    assert response.status_code == status
    if status == 422:
        assert count(db) == 0 and notes(db) == []
        if len(text) > 500:
            assert "x" * 501 in response.get_data(as_text=True)


def test_control_characters_are_cleaned(db, client, login_as, world):
    login_as(client, world.cofacilitator)
    assert send(client, world, "  Hej\x07 alle\r\nsammen  ").status_code == 302
    assert db.session.scalars(select(GroupMessage.text)).one() == "Hej alle\nsammen"


def test_who_may_write(db, client, login_as, world):
    cases = [
        (world.members[0], 403),  # a participant
        (world.other_facilitator, 403),  # staff of the municipality, not a facilitator of this group
        (world.far_facilitator, 404),  # another municipality: the group does not exist for them
        (world.admin, 302),  # an admin of the municipality
    ]
    for person, status in cases:
        login_as(client, person)
        assert send(client, world).status_code == status, person.role
    assert count(db) == 1


def test_anonymous_is_sent_to_login_and_no_csrf_token_is_400(db, client, login_as, world):
    response = send(client, world)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    login_as(client, world.facilitator)
    csrf_token(client)
    response = client.post(f"/staff/groups/{world.group.id}/messages", data={"text": TEXT, "key": new_key()})
    assert response.status_code == 400
    assert count(db) == 0


def test_only_members_of_the_group_can_read_it(db, client, login_as, world):
    login_as(client, world.facilitator)
    send(client, world)
    message_id = db.session.scalars(select(GroupMessage.id)).one()
    url = f"/messages/{message_id}"
    leaver = make_user(Role.PARTICIPANT, world.town)
    cases = [
        (world.members[0], 200),
        (world.other_member, 404),  # another group of the same municipality
        (world.far_member, 404),
        (leaver, 404),  # never in the group
        (world.facilitator, 403),  # staff read it on the group page
        (world.admin, 403),
    ]
    for person, status in cases:
        login_as(client, person)
        response = client.get(url)
        assert response.status_code == status, person.display_name
        if status == 200:
            assert TEXT in response.get_data(as_text=True)
    login_as(client, world.members[0])
    assert client.get("/messages/99999999").status_code == 404
    assert client.get("/messages/99999999999").status_code == 404
    assert client.application.test_client().get(url).status_code == 302  # anonymous: to the login


def test_a_member_who_left_cannot_read_it_any_more(db, client, login_as, world):
    from app.groups.services import current_membership, end_membership

    login_as(client, world.facilitator)
    send(client, world)
    message_id = db.session.scalars(select(GroupMessage.id)).one()
    end_membership(world.facilitator, current_membership(world.members[1]))
    login_as(client, world.members[1])
    assert client.get(f"/messages/{message_id}").status_code == 404
