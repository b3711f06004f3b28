"""A small world for the programme tests: a group with its facilitator, another group's facilitator, an admin,
another municipality; participants joined through the group service (so their period starts)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.accounts.models import Municipality, Role, User
from app.groups import services as groups
from app.groups.models import Group
from tests.factories import add_to_group, make_group, make_municipality, make_user


@dataclass
class World:
    town: Municipality
    group: Group
    facilitator: User
    other_group: Group
    other_facilitator: User
    admin: User
    far_admin: User
    person: User


@pytest.fixture(autouse=True)
def _english(english: None) -> Iterator[None]:
    yield


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town, far = make_municipality(), make_municipality()
    group, other = make_group(town, name="Tirsdag"), make_group(town, name="Torsdag")
    facilitator = make_user(Role.FACILITATOR, town, language="en")
    other_facilitator = make_user(Role.FACILITATOR, town)
    add_to_group(group, facilitator, "facilitator")
    add_to_group(other, other_facilitator, "facilitator")
    admin = make_user(Role.ADMIN, town)
    person = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
    groups.add_member(facilitator, group, person)
    return World(town, group, facilitator, other, other_facilitator, admin, make_user(Role.ADMIN, far), person)
