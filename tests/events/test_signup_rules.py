"""Sign-up rules in the service: capacity, repeats, cancelling, closing at the start, and interest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, update

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.events import services
from app.events.models import CompanyInterest, EventSignup, MatchEvent
from tests.factories import make_company, make_event, make_municipality, make_user


def _state(db, event: MatchEvent) -> tuple[int, int]:  # noqa: ANN001
    """(number of sign-up rows, the counter), read fresh from the database."""
    db.session.expire_all()
    rows = db.session.scalar(select(func.count()).select_from(EventSignup).where(EventSignup.event_id == event.id))
    return rows, db.session.get(MatchEvent, event.id).signups


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


def test_capacity_is_never_exceeded(db, town):
    event = make_event(town, capacity=2)
    people = [make_user(Role.PARTICIPANT, town) for _ in range(3)]
    assert services.sign_up(people[0], event) is True
    assert services.sign_up(people[1], event) is True
    with pytest.raises(DomainError, match="full"):
        services.sign_up(people[2], event)
    assert _state(db, event) == (2, 2)


def test_repeated_signup_is_one_row_and_the_counter_is_unchanged(db, town):
    event = make_event(town, capacity=1)
    person = make_user(Role.PARTICIPANT, town)
    assert services.sign_up(person, event) is True
    assert services.sign_up(person, event) is False  # the event is full now, but this is not an error
    assert _state(db, event) == (1, 1)


def test_a_simultaneous_repeat_hits_the_unique_constraint_and_changes_nothing(db, town, monkeypatch):
    """The check-first misses a sign-up committed a moment ago: the constraint catches it, the seat is given back."""
    event = make_event(town, capacity=5)
    person = make_user(Role.PARTICIPANT, town)
    assert services.sign_up(person, event) is True
    real = services._is_signed_up
    calls = []

    def misses_the_first_time(user, ev):  # noqa: ANN001, ANN202
        calls.append(1)
        return False if len(calls) == 1 else real(user, ev)

    monkeypatch.setattr(services, "_is_signed_up", misses_the_first_time)
    assert services.sign_up(person, event) is False
    assert len(calls) == 2
    assert _state(db, event) == (1, 1)


def test_cancel_frees_the_seat_and_cancelling_twice_changes_nothing(db, town):
    event = make_event(town, capacity=1)
    first, second = make_user(Role.PARTICIPANT, town), make_user(Role.PARTICIPANT, town)
    services.sign_up(first, event)
    with pytest.raises(DomainError):
        services.sign_up(second, event)
    assert services.cancel_signup(first, event) is True
    assert _state(db, event) == (0, 0)
    assert services.cancel_signup(first, event) is False
    assert _state(db, event) == (0, 0)
    assert services.sign_up(second, event) is True
    assert _state(db, event) == (1, 1)


def test_signup_closes_when_the_event_starts(db, town):
    event = make_event(town, starts_at=utcnow() - timedelta(minutes=5))
    with pytest.raises(DomainError, match="started"):
        services.sign_up(make_user(Role.PARTICIPANT, town), event)
    assert _state(db, event) == (0, 0)


def test_cancelled_event_refuses_signup(db, town):
    event = make_event(town, cancelled=True)
    with pytest.raises(DomainError, match="cancelled"):
        services.sign_up(make_user(Role.PARTICIPANT, town), event)
    assert _state(db, event) == (0, 0)


def test_signup_cannot_be_cancelled_after_the_start(db, town):
    event = make_event(town)
    person = make_user(Role.PARTICIPANT, town)
    services.sign_up(person, event)
    event.starts_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(DomainError, match="started"):
        services.cancel_signup(person, event)
    assert _state(db, event) == (1, 1)


def test_only_participants_of_the_municipality_sign_up(db, town):
    event = make_event(town)
    for outsider in (make_user(Role.PARTICIPANT), make_user(Role.FACILITATOR, town)):
        with pytest.raises(DomainError):
            services.sign_up(outsider, event)
    assert _state(db, event) == (0, 0)


def test_interest_is_set_and_unset_with_one_effect_each(db, town):
    company = make_company(town)
    event = make_event(town, companies=[company])
    person = make_user(Role.PARTICIPANT, town)  # not signed up: anyone of the municipality may mark it

    def count() -> int:
        return db.session.scalar(select(func.count()).select_from(CompanyInterest))

    services.set_interest(person, event, company, True)
    services.set_interest(person, event, company, True)
    assert count() == 1
    assert services.event_page(person, event).interested == {company.id}
    services.set_interest(person, event, company, False)
    services.set_interest(person, event, company, False)
    assert count() == 0


def test_interest_refused_for_cancelled_event_and_company_not_there(db, town):
    there, elsewhere = make_company(town), make_company(town)
    event = make_event(town, companies=[there])
    person = make_user(Role.PARTICIPANT, town)
    with pytest.raises(DomainError):
        services.set_interest(person, event, elsewhere, True)
    cancelled = make_event(town, companies=[there], cancelled=True)
    with pytest.raises(DomainError, match="cancelled"):
        services.set_interest(person, cancelled, there, True)
    assert db.session.scalar(select(func.count()).select_from(CompanyInterest)) == 0


def test_upcoming_events_for_my_week(db, town):
    person = make_user(Role.PARTICIPANT, town)
    soon = make_event(town, starts_at=utcnow() + timedelta(days=1))
    later = make_event(town, starts_at=utcnow() + timedelta(days=2))
    make_event(town, starts_at=utcnow() + timedelta(days=3))
    make_event(town, starts_at=utcnow() + timedelta(hours=1), cancelled=True)
    make_event(town, starts_at=utcnow() - timedelta(days=1))  # over
    make_event(make_municipality())  # elsewhere
    services.sign_up(person, later)
    items = services.upcoming_events_for(person, limit=2)
    assert [(item.event.id, item.signed_up) for item in items] == [(soon.id, False), (later.id, True)]
    event, signed_up = items[1]  # unpacks as a pair too
    assert event.id == later.id and signed_up is True


def test_upcoming_events_for_is_one_query_however_many_events(db, town):
    person = make_user(Role.PARTICIPANT, town)
    for _ in range(6):
        services.sign_up(person, make_event(town))
    statements = []

    def count(*_args) -> None:  # noqa: ANN002
        statements.append(1)

    db.session.expire_all()
    assert person.municipality_id  # the user is loaded, as on a page
    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        items = services.upcoming_events_for(person, limit=5)
        assert all(item.signed_up for item in items) and [item.event.title for item in items]
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert len(items) == 5 and len(statements) == 1


def test_signed_up_events_for_the_calendar(db, town):
    person = make_user(Role.PARTICIPANT, town)
    mine, cancelled_later, other = make_event(town), make_event(town), make_event(town)
    services.sign_up(person, mine)
    services.sign_up(person, cancelled_later)
    services.sign_up(make_user(Role.PARTICIPANT, town), other)
    cancelled_later.cancelled_at = utcnow()
    db.session.commit()
    assert {e.id for e in services.signed_up_events(person)} == {mine.id, cancelled_later.id}


def test_event_cancelled_while_the_page_was_open_refuses_signup(db, town):
    """The seat UPDATE itself checks for cancellation, not only the event as loaded a moment before."""
    event = make_event(town)
    person = make_user(Role.PARTICIPANT, town)
    assert event.cancelled_at is None  # loaded, then cancelled elsewhere
    with db.engine.begin() as conn:
        conn.execute(update(MatchEvent).where(MatchEvent.id == event.id).values(cancelled_at=utcnow()))
    with pytest.raises(DomainError, match="cancelled"):
        services.sign_up(person, event)
    assert _state(db, event) == (0, 0)
