"""The inbox says who did it ("Amira changed their placement"), with the name as it is now: a renamed person shows
their new name, a deleted one the generic wording. The name comes from the row's actor at display time."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.notifications.kinds import KINDS
from app.notifications.models import Kind, Notification
from app.placements import services as placements
from app.privacy import services as privacy
from app.reflections import services as reflections
from app.reflections.models import Visibility
from tests.factories import add_to_group, make_group, make_municipality, make_placement, make_user
from tests.test_query_budget import counting


@pytest.fixture
def town(db):  # noqa: ANN001, ANN201
    town = make_municipality()
    group = make_group(town)
    facilitator = make_user(Role.FACILITATOR, town, name="Anne", language="en")
    amira = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
    add_to_group(group, facilitator, "facilitator")
    add_to_group(group, amira)
    return town, facilitator, amira


def _choose(town, amira: User) -> None:  # noqa: ANN001
    placement = make_placement(town)
    placements.choose(amira, placement, start=placements.next_weekday(placements.today()), hours=10, key=uuid4().hex)


def _share(amira: User) -> None:
    reflection = reflections.write(amira, text="Jeg turde ringe")
    reflections.share(amira, reflection, Visibility.FACILITATORS, None)


def _inbox(client, user: User) -> str:  # noqa: ANN001
    return client.get("/inbox").get_data(as_text=True)


def test_the_staff_inbox_names_who_changed_a_placement_and_shared_a_reflection(town, client, login_as):
    place, facilitator, amira = town
    _choose(place, amira)
    _share(amira)
    rows = list(db.session.scalars(select(Notification).where(Notification.user_id == facilitator.id)))
    assert {(n.kind, n.actor_id) for n in rows} == {
        (Kind.PLACEMENT_CHANGE, amira.id),
        (Kind.REFLECTION_SHARED, amira.id),
    }
    login_as(client, facilitator)
    page = _inbox(client, facilitator)
    assert "Amira changed their placement" in page
    assert "Amira shared a reflection with you" in page
    assert "Mark as read: Amira changed their placement" in page
    assert str(KINDS[Kind.PLACEMENT_CHANGE].title) not in page


def test_the_response_names_the_facilitator(town, client, login_as):
    _place, facilitator, amira = town
    reflection = reflections.write(amira, text="Jeg turde ringe")
    reflections.share(amira, reflection, Visibility.FACILITATORS, None)
    reflections.respond(facilitator, reflection.id, "Flot!")
    login_as(client, amira)
    assert "Anne responded to a reflection" in _inbox(client, amira)


def test_the_inbox_is_danish_for_a_danish_facilitator(town, client, login_as):
    place, facilitator, amira = town
    facilitator.language = "da"
    db.session.commit()
    _choose(place, amira)
    _share(amira)
    login_as(client, facilitator)
    page = _inbox(client, facilitator)
    assert "Amira har ændret sin praktik" in page
    assert "Amira har delt en refleksion med dig" in page


def test_a_renamed_person_is_shown_with_the_new_name(town, client, login_as):
    place, facilitator, amira = town
    _choose(place, amira)
    amira.display_name = "Amira K."
    db.session.commit()
    login_as(client, facilitator)
    assert "Amira K. changed their placement" in _inbox(client, facilitator)


def test_a_deleted_person_is_a_participant_again(town, client, login_as):
    place, facilitator, amira = town
    _choose(place, amira)
    _share(amira)
    privacy.delete_account(amira)
    assert set(db.session.scalars(select(Notification.actor_id).where(Notification.user_id == facilitator.id))) == {
        None
    }
    login_as(client, facilitator)
    page = _inbox(client, facilitator)
    assert "A participant changed their placement" in page
    assert "A reflection was shared with you" in page
    assert "Amira" not in page


def test_kinds_without_an_actor_keep_their_title():
    assert KINDS[Kind.MEETING_REMINDER].headline("Amira") == str(KINDS[Kind.MEETING_REMINDER].title)
    assert KINDS[Kind.PLACEMENT_CHANGE].headline(None) == str(KINDS[Kind.PLACEMENT_CHANGE].title)


def test_the_inbox_is_still_one_query_with_names(app, town):
    from app.notifications import inbox

    place, facilitator, amira = town
    for _ in range(3):
        _choose(place, amira)
    db.session.expire_all()
    with app.test_request_context("/?lang=en"), counting(db.engine) as queries:
        entries = inbox.latest(db.session.get(User, facilitator.id))
    assert [e.title for e in entries] == ["Amira changed their placement"] * 3
    assert len(queries) == 2  # the user, then the inbox with the names
