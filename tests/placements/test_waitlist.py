"""Waiting lists for full placements: line up, a freed seat is held for the first in line (and they are told),
they take it or say no thanks, a hold that runs out goes to the next; a held seat is nobody else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.notifications.models import Kind, Notification
from app.placements import services, waitlist
from app.placements.models import Placement, WaitlistEntry, WaitStatus
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, new_key, participant


@pytest.fixture
def town():
    return make_municipality()


@pytest.fixture
def full(town):  # noqa: ANN001, ANN201
    """A placement with one seat, taken by someone."""
    place = make_placement(town, seats=1)
    holder = participant(town)
    assignment = services.choose(holder, place, start=day(0), hours=10, key=new_key())
    return place, holder, assignment


def _status(entry: WaitlistEntry) -> WaitStatus:
    db.session.expire_all()
    return db.session.get(WaitlistEntry, entry.id).status


def _placement(place: Placement) -> Placement:
    db.session.expire_all()
    return db.session.get(Placement, place.id)


def test_only_a_full_placement_has_a_line(town) -> None:  # noqa: ANN001
    place = make_placement(town, seats=2)
    with pytest.raises(DomainError, match="free seat"):
        waitlist.join(participant(town), place)


def test_someone_in_it_or_in_line_already_cannot_line_up_again(full) -> None:  # noqa: ANN001
    place, holder, _ = full
    with pytest.raises(DomainError):
        waitlist.join(holder, place)
    me = participant(holder.municipality)
    waitlist.join(me, place)
    with pytest.raises(DomainError, match="already on the waiting list"):
        waitlist.join(me, place)


def test_a_freed_seat_is_held_for_the_first_in_line_who_is_told(full) -> None:  # noqa: ANN001
    place, holder, assignment = full
    first, second = participant(holder.municipality), participant(holder.municipality)
    one, two = waitlist.join(first, place), waitlist.join(second, place)
    services.end(holder, assignment, last_day=day(0), reason="")
    assert (_status(one), _status(two)) == (WaitStatus.OFFERED, WaitStatus.WAITING)
    assert (_placement(place).taken, _placement(place).held, _placement(place).free) == (0, 1, 0)
    told = db.session.scalars(select(Notification).where(Notification.kind == Kind.SEAT_OFFERED)).all()
    assert [(n.user_id, n.urgent) for n in told] == [(first.id, True)]
    # Nobody else can take the held seat …
    with pytest.raises(DomainError, match="taken"):
        services.choose(participant(holder.municipality), place, start=day(1), hours=10, key=new_key())
    # … and the first in line takes it by choosing the placement.
    services.choose(first, place, start=day(1), hours=10, key=new_key())
    assert _status(one) is WaitStatus.TOOK
    assert (_placement(place).taken, _placement(place).held) == (1, 0)


def test_no_thanks_gives_the_seat_to_the_next(full) -> None:  # noqa: ANN001
    place, holder, assignment = full
    first, second = participant(holder.municipality), participant(holder.municipality)
    one, two = waitlist.join(first, place), waitlist.join(second, place)
    services.end(holder, assignment, last_day=day(0), reason="")
    assert waitlist.leave(first, place) is True
    assert (_status(one), _status(two)) == (WaitStatus.LEFT, WaitStatus.OFFERED)
    assert _placement(place).held == 1


def test_a_hold_that_runs_out_goes_to_the_next_and_then_to_everyone(full) -> None:  # noqa: ANN001
    place, holder, assignment = full
    first, second = participant(holder.municipality), participant(holder.municipality)
    one, two = waitlist.join(first, place), waitlist.join(second, place)
    services.end(holder, assignment, last_day=day(0), reason="")
    later = utcnow() + waitlist.HOLD + timedelta(seconds=1)
    assert waitlist.expire_holds(later) == 1
    assert (_status(one), _status(two)) == (WaitStatus.EXPIRED, WaitStatus.OFFERED)
    assert waitlist.valid_offer(first, place) is None
    assert waitlist.expire_holds(later + waitlist.HOLD) == 1
    assert _status(two) is WaitStatus.EXPIRED
    assert (_placement(place).held, _placement(place).free) == (0, 1)  # nobody left in line: free for everyone


def test_the_person_keeps_their_place_when_choosing_a_seat_anyone_could_take(town) -> None:  # noqa: ANN001
    place = make_placement(town, seats=1)
    holder = participant(town)
    taken = services.choose(holder, place, start=day(0), hours=10, key=new_key())
    me = participant(town)
    entry = waitlist.join(me, place)
    place.seats = 2  # staff add a seat: it goes to the line first
    db.session.commit()
    waitlist.offer_free_seats(place.id)
    db.session.commit()
    assert _status(entry) is WaitStatus.OFFERED
    assert taken.status.value == "active"


def test_deleting_an_account_gives_its_held_seat_to_the_next(full) -> None:  # noqa: ANN001
    place, holder, assignment = full
    first, second = participant(holder.municipality), participant(holder.municipality)
    waitlist.join(first, place)
    two = waitlist.join(second, place)
    services.end(holder, assignment, last_day=day(0), reason="")
    services.end_all_for_deletion(first)
    db.session.commit()
    assert _status(two) is WaitStatus.OFFERED and _placement(place).held == 1


def test_closing_and_opening_again_offers_the_free_seats_in_order(town) -> None:  # noqa: ANN001
    from app.accounts.models import Role
    from app.placements import staff_services
    from tests.factories import make_user

    staff = make_user(Role.FACILITATOR, town)
    place = make_placement(town, seats=1)
    holder = participant(town)
    services.choose(holder, place, start=day(0), hours=10, key=new_key())
    me = participant(town)
    entry = waitlist.join(me, place)
    staff_services.update_placement(
        staff, place, company_id=place.company_id, title=place.title, kind=place.kind, hours_min=5, hours_max=20,
        seats=2,
    )  # fmt: skip
    assert _status(entry) is WaitStatus.OFFERED and _placement(place).held == 1
    with pytest.raises(DomainError):  # staff cannot take away a held seat
        staff_services.update_placement(
            staff, place, company_id=place.company_id, title=place.title, kind=place.kind, hours_min=5, hours_max=20,
            seats=1,
        )  # fmt: skip
