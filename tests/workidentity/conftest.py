"""A small world for the "Me and work" tests: a participant in a group with its facilitators, and every other kind
of staff member who must not see the page (another group's facilitator, an admin outside the group, a former
facilitator, staff of another municipality). Service calls run as in an English request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Municipality, Role, User
from app.db import utcnow
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""


@dataclass
class World:
    town: Municipality
    person: User  # a participant, current member of the group
    peer: User  # another member of the group
    facilitator: User  # a facilitator of the person's group
    admin_facilitator: User  # an admin who is also a facilitator of the group
    other_facilitator: User  # facilitator of another group in the same municipality
    admin: User  # an admin of the same municipality, in no group
    former_facilitator: User  # was a facilitator of the group, left it
    foreign_facilitator: User  # another municipality
    foreign_admin: User

    def staff(self) -> dict[str, User]:
        names = ("facilitator", "admin_facilitator", "other_facilitator", "admin", "former_facilitator",
                 "foreign_facilitator", "foreign_admin")  # fmt: skip
        return {name: getattr(self, name) for name in names}


ALLOWED_WHEN_SHARED = {"facilitator", "admin_facilitator"}


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other = make_group(town, name="Torsdagsgruppen")
    long_ago = utcnow() - timedelta(days=60)
    person = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
    peer = make_user(Role.PARTICIPANT, town, name="Bo", language="en")
    facilitator = make_user(Role.FACILITATOR, town, name="Anne", language="en")
    admin_facilitator = make_user(Role.ADMIN, town, name="Fie", language="en")
    other_facilitator = make_user(Role.FACILITATOR, town, name="Erik", language="en")
    admin = make_user(Role.ADMIN, town, name="Gorm", language="en")
    former = make_user(Role.FACILITATOR, town, name="Hanne", language="en")
    for member in (person, peer):
        add_to_group(group, member, joined_at=long_ago)
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    add_to_group(group, admin_facilitator, "facilitator", joined_at=long_ago)
    add_to_group(group, former, "facilitator", joined_at=long_ago).left_at = utcnow() - timedelta(days=1)
    add_to_group(other, other_facilitator, "facilitator", joined_at=long_ago)
    db.session.commit()
    far = make_municipality()
    far_group = make_group(far)
    foreign_facilitator = make_user(Role.FACILITATOR, far, language="en")
    foreign_admin = make_user(Role.ADMIN, far, language="en")
    add_to_group(far_group, foreign_facilitator, "facilitator", joined_at=long_ago)
    return World(town, person, peer, facilitator, admin_facilitator, other_facilitator, admin, former,
                 foreign_facilitator, foreign_admin)  # fmt: skip


@pytest.fixture
def clients(make_client, login_as, world):  # noqa: ANN001
    """One logged-in test client per person of the world, made on first use: clients.for_(user)."""
    made: dict[int, FlaskClient] = {}

    class Clients:
        def for_(self, user: User) -> FlaskClient:
            if user.id not in made:
                made[user.id] = make_client()
                login_as(made[user.id], user)
            return made[user.id]

    return Clients()


def staff_url(user: User) -> str:
    return f"/staff/people/{user.id}/work"
