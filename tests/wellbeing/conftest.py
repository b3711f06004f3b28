"""A small world for the pulse: Amira and four more participants in one group with a facilitator, another group of
the same municipality, an admin, and another municipality's staff."""

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
    amira: User
    peers: list[User]  # four more participants of Amira's group
    facilitator: User
    other_group: Group
    other_facilitator: User
    other_member: User
    admin: User
    foreign_facilitator: User
    foreign_admin: User


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other_group = make_group(town, name="Torsdagsgruppen")
    long_ago = utcnow() - timedelta(days=60)
    amira = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
    peers = [make_user(Role.PARTICIPANT, town, name=f"Peer {n}", language="en") for n in range(4)]
    for person in (amira, *peers):
        add_to_group(group, person, joined_at=long_ago)
    facilitator = make_user(Role.FACILITATOR, town, name="Anne", language="en")
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    other_facilitator = make_user(Role.FACILITATOR, town, name="Erik", language="en")
    other_member = make_user(Role.PARTICIPANT, town, name="Dina", language="en")
    add_to_group(other_group, other_member, joined_at=long_ago)
    add_to_group(other_group, other_facilitator, "facilitator", joined_at=long_ago)
    admin = make_user(Role.ADMIN, town, name="Gorm", language="en")
    far = make_municipality()
    far_group = make_group(far, name="Mandagsgruppen")
    foreign_facilitator = make_user(Role.FACILITATOR, far, name="Hans", language="en")
    add_to_group(far_group, foreign_facilitator, "facilitator", joined_at=long_ago)
    foreign_admin = make_user(Role.ADMIN, far, name="Ida", language="en")
    return World(group, amira, peers, facilitator, other_group, other_facilitator, other_member, admin,
                 foreign_facilitator, foreign_admin)  # fmt: skip


@pytest.fixture
def clients(client_for, world) -> Callable[[User], FlaskClient]:  # noqa: ANN001
    """One logged-in test client per person of the world (tests/conftest.py client_for)."""
    return client_for


def answers(who5: list[int | None], lonely: list[int | None], useful: int | None = None) -> dict[str, int | None]:
    values: dict[str, int | None] = {f"who5_{n}": v for n, v in enumerate(who5, 1)}
    values |= {f"lonely_{n}": v for n, v in enumerate(lonely, 1)}
    values["useful"] = useful
    return values
