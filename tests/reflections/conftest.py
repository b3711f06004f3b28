"""A small world for the reflection tests: two groups in one municipality, one group in another, and everyone
who must (or must not) see a reflection. Service calls run as in an English request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Group
from app.reflections import services
from app.reflections.models import Reflection, Visibility
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""


@dataclass
class World:
    group: Group
    author: User  # a current member of `group`
    peer: User  # another current member of `group`
    facilitator: User  # a facilitator of `group`
    admin_facilitator: User  # an admin who is also a facilitator of `group`
    former: User  # left `group`
    other_group: Group  # same municipality
    other_member: User
    other_facilitator: User
    outsider: User  # a participant of the same municipality without a group
    admin: User  # an admin of the same municipality, not in `group`
    foreign_facilitator: User  # another municipality, facilitator of a group there
    foreign_member: User  # another municipality, member of that group

    def reader_names(self) -> list[str]:
        return [name for name in self.__dataclass_fields__ if name not in ("group", "other_group")]


def staff_url(reflection_id: int) -> str:
    return f"/staff/reflections/{reflection_id}"


def own_url(reflection_id: int) -> str:
    return f"/reflections/{reflection_id}"


def url_for_reader(user: User, reflection_id: int) -> str:
    """Staff read on /staff/reflections/<id>; participants (author and peers) on /reflections/<id>."""
    return staff_url(reflection_id) if user.is_staff else own_url(reflection_id)


def list_url_for(user: User) -> str:
    return "/staff/reflections" if user.is_staff else "/reflections"


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    group = make_group(town, name="Tirsdagsgruppen")
    other_group = make_group(town, name="Torsdagsgruppen")
    author = make_user(Role.PARTICIPANT, town, name="Amira")
    peer = make_user(Role.PARTICIPANT, town, name="Bo")
    facilitator = make_user(Role.FACILITATOR, town, name="Anne")
    admin_facilitator = make_user(Role.ADMIN, town, name="Admin Fie")
    former = make_user(Role.PARTICIPANT, town, name="Carl")
    other_member = make_user(Role.PARTICIPANT, town, name="Dina")
    other_facilitator = make_user(Role.FACILITATOR, town, name="Erik")
    outsider = make_user(Role.PARTICIPANT, town, name="Frida")
    admin = make_user(Role.ADMIN, town, name="Gorm")
    long_ago = utcnow() - timedelta(days=60)
    for person in (author, peer):
        add_to_group(group, person, joined_at=long_ago)
    add_to_group(group, former, joined_at=long_ago).left_at = utcnow() - timedelta(days=1)
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    add_to_group(group, admin_facilitator, "facilitator", joined_at=long_ago)
    add_to_group(other_group, other_member, joined_at=long_ago)
    add_to_group(other_group, other_facilitator, "facilitator", joined_at=long_ago)
    db.session.commit()

    far = make_municipality()
    far_group = make_group(far, name="Mandagsgruppen")
    foreign_facilitator = make_user(Role.FACILITATOR, far, name="Hans")
    foreign_member = make_user(Role.PARTICIPANT, far, name="Ida")
    add_to_group(far_group, foreign_facilitator, "facilitator", joined_at=long_ago)
    add_to_group(far_group, foreign_member, joined_at=long_ago)
    return World(group, author, peer, facilitator, admin_facilitator, former, other_group, other_member,
                 other_facilitator, outsider, admin, foreign_facilitator, foreign_member)  # fmt: skip


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


def write(db, author: User, text: str, visibility: Visibility = Visibility.PRIVATE, until: date | None = None,  # noqa: ANN001
          **fields) -> Reflection:  # fmt: skip
    """A reflection by `author`, written and shared through the services (as the pages do)."""
    reflection = services.write(author, text=text, **fields)
    if visibility is not Visibility.PRIVATE:
        services.share(author, reflection, visibility, until)
    return reflection
