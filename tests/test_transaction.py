"""One use case, one transaction (app/transaction.py), and the use cases that span two features."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db as _db
from app.groups.models import Group, Membership
from app.meetings import schedule
from app.meetings.models import Meeting
from app.people.services import create_person
from app.transaction import in_transaction, transaction, transactional
from tests.factories import make_municipality, make_user


def _committed(model: type, *where: object) -> int:
    """Rows visible to another connection: what has really been committed."""
    with _db.engine.connect() as outside:
        return outside.scalar(select(func.count()).select_from(model).where(*where))


def test_the_block_commits_when_it_ends(db):
    town = make_municipality()
    with transaction():
        db.session.add(Group(municipality_id=town.id, name="Ny", weekday=1, start_time=time(10), place=""))
        db.session.flush()
        assert _committed(Group, Group.name == "Ny") == 0
    assert _committed(Group, Group.name == "Ny") == 1


@pytest.mark.parametrize("error", [DomainError("name", "nej"), RuntimeError("boom")])
def test_anything_escaping_the_block_rolls_it_back(db, error):
    town = make_municipality()
    with pytest.raises(type(error)), transaction():
        db.session.add(Group(municipality_id=town.id, name="Væk", weekday=1, start_time=time(10), place=""))
        db.session.flush()
        raise error
    assert _committed(Group, Group.name == "Væk") == 0
    assert db.session.scalar(select(func.count()).select_from(Group).where(Group.name == "Væk")) == 0
    assert not in_transaction()


def test_an_inner_use_case_joins_the_outer_one_and_never_commits_it(db):
    town = make_municipality()

    @transactional
    def inner() -> None:
        db.session.add(Group(municipality_id=town.id, name="Indre", weekday=1, start_time=time(10), place=""))

    with pytest.raises(RuntimeError), transaction():
        inner()
        db.session.flush()
        assert in_transaction()
        assert _committed(Group, Group.name == "Indre") == 0  # the inner block did not commit
        raise RuntimeError("the outer use case fails afterwards")
    assert _committed(Group, Group.name == "Indre") == 0  # so nothing of it lands


def test_creating_a_participant_from_a_group_is_one_transaction(db):
    town, other = make_municipality(), make_municipality()
    admin = make_user(Role.ADMIN, town)
    foreign = Group(municipality_id=other.id, name="Fremmed", weekday=1, start_time=time(10), place="")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(DomainError):
        create_person(
            admin, email="ny@example.org", display_name="Ny", role=Role.PARTICIPANT, language="da", group=foreign
        )
    db.session.rollback()
    assert _committed(User, User.email == "ny@example.org") == 0  # the account did not land without its group

    mine = Group(municipality_id=town.id, name="Min", weekday=1, start_time=time(10), place="")
    db.session.add(mine)
    db.session.commit()
    person, token = create_person(
        admin, email="ny@example.org", display_name="Ny", role=Role.PARTICIPANT, language="da", group=mine
    )
    assert token and _committed(Membership, Membership.user_id == person.id, Membership.group_id == mine.id) == 1


def test_creating_a_group_and_its_meetings_is_one_transaction(db, monkeypatch):
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    values = {"name": "Onsdag", "weekday": 2, "start_time": time(10), "place": "Jobcentret", "duration": 120}

    def broken(*_args: object, **_kwargs: object) -> list[Meeting]:
        raise RuntimeError("planning failed")

    monkeypatch.setattr(schedule, "generate_meetings", broken)
    with pytest.raises(RuntimeError):
        schedule.create_group_with_meetings(facilitator, **values)
    monkeypatch.undo()
    assert _committed(Group, Group.name == "Onsdag") == 0  # no group without its meetings

    group = schedule.create_group_with_meetings(facilitator, **values)
    assert _committed(Meeting, Meeting.group_id == group.id) == schedule.WEEKS_AHEAD
