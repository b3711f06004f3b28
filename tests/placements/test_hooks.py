"""The placement_changed domain event: sent once per change, inside the transaction (before the commit), so
a listener can add its own rows atomically."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app import signals
from app.errors import DomainError
from app.extensions import db
from app.placements import services
from app.placements.models import ChangeKind, PlacementChange
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, new_key, participant, state


@pytest.fixture
def seen(app) -> Iterator[list[tuple]]:  # noqa: ANN001
    """Listen for the event, noting each change and whether it is committed yet; stop listening afterwards."""
    calls: list[tuple] = []

    def hook(_sender: object, change: PlacementChange) -> None:
        in_session = db.session.scalar(select(func.count()).where(PlacementChange.id == change.id))
        with db.engine.connect() as outside:
            committed = outside.scalar(select(func.count()).where(PlacementChange.id == change.id))
        calls.append((change.kind, change.assignment_id, change.id is not None, in_session, committed))

    with signals.placement_changed.connected_to(app, hook):
        yield calls


def test_each_change_calls_the_hook_once_before_the_commit(seen):
    town = make_municipality()
    me = participant(town)
    first = services.choose(me, make_placement(town), start=day(1), hours=10, key=new_key())
    services.adjust_hours(me, first, hours=12, effective=day(3))
    second = services.switch(me, first, make_placement(town), start=day(5), hours=8, lesson="", key=new_key())
    services.end(me, second, last_day=day(9), reason="")

    # (kind, assignment, has an id, visible in the own transaction, committed for anyone else)
    assert seen == [
        (ChangeKind.CHOSE, first.id, True, 1, 0),
        (ChangeKind.ADJUSTED, first.id, True, 1, 0),
        (ChangeKind.SWITCHED, second.id, True, 1, 0),
        (ChangeKind.ENDED, second.id, True, 1, 0),
    ]
    assert db.session.scalar(select(func.count()).select_from(PlacementChange)) == 4


def test_no_call_when_a_rule_says_no(seen):
    town = make_municipality()
    with pytest.raises(DomainError):
        services.choose(participant(town), make_placement(town, seats=0), start=day(1), hours=10, key=new_key())
    assert seen == []


def test_a_failing_listener_undoes_the_change(app):  # noqa: ANN001
    town = make_municipality()
    me, placement = participant(town), make_placement(town)
    before = state()

    def broken(_sender: object, change: PlacementChange) -> None:
        raise RuntimeError("push queue down")

    with signals.placement_changed.connected_to(app, broken), pytest.raises(RuntimeError):
        services.choose(me, placement, start=day(1), hours=10, key=new_key())
    assert state() == before and placement.taken == 0
