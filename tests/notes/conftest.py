"""A small world for the notes tests: a participant (Amira) in a group with two facilitators, another group of the
same municipality with its own facilitator and participant, an admin, and a group in another municipality."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Group
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""


@dataclass
class World:
    group: Group
    amira: User  # the participant the notes are about
    facilitator: User  # a facilitator of Amira's group
    co_facilitator: User  # the other facilitator of Amira's group
    peer: User  # another participant of Amira's group
    other_group: Group  # same municipality
    other_facilitator: User
    other_member: User
    admin: User  # an admin of the municipality, in no group
    foreign_facilitator: User  # another municipality
    foreign_admin: User


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other_group = make_group(town, name="Torsdagsgruppen")
    amira = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
    facilitator = make_user(Role.FACILITATOR, town, name="Anne", language="en")
    co_facilitator = make_user(Role.FACILITATOR, town, name="Bent", language="en")
    peer = make_user(Role.PARTICIPANT, town, name="Bo", language="en")
    other_facilitator = make_user(Role.FACILITATOR, town, name="Erik", language="en")
    other_member = make_user(Role.PARTICIPANT, town, name="Dina", language="en")
    admin = make_user(Role.ADMIN, town, name="Gorm", language="en")
    long_ago = utcnow() - timedelta(days=60)
    for person in (amira, peer):
        add_to_group(group, person, joined_at=long_ago)
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    add_to_group(group, co_facilitator, "facilitator", joined_at=long_ago)
    add_to_group(other_group, other_member, joined_at=long_ago)
    add_to_group(other_group, other_facilitator, "facilitator", joined_at=long_ago)

    far = make_municipality()
    far_group = make_group(far, name="Mandagsgruppen")
    foreign_facilitator = make_user(Role.FACILITATOR, far, name="Hans", language="en")
    foreign_admin = make_user(Role.ADMIN, far, name="Ida", language="en")
    add_to_group(far_group, foreign_facilitator, "facilitator", joined_at=long_ago)
    return World(group, amira, facilitator, co_facilitator, peer, other_group, other_facilitator, other_member,
                 admin, foreign_facilitator, foreign_admin)  # fmt: skip


@pytest.fixture
def clients(client_for, world) -> Callable[[User], FlaskClient]:  # noqa: ANN001
    """One logged-in test client per person of the world (tests/conftest.py client_for)."""
    return client_for


def notes_url(person: User) -> str:
    return f"/staff/people/{person.id}/notes"


def note_url(person: User, note_id: int, action: str) -> str:
    return f"/staff/people/{person.id}/notes/{note_id}/{action}"


def person_url(person: User) -> str:
    return f"/staff/people/{person.id}"
