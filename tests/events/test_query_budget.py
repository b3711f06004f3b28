"""The event and company pages make the same number of SQL statements with few rows and with many (no N+1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from app.accounts.models import Role
from app.db import utcnow
from app.events.models import CompanyInterest, EventSignup
from tests.factories import make_company, make_event, make_municipality, make_user

PAGES = [
    ("participant", "/events"),
    ("participant", "/events/{event}"),
    ("staff", "/staff/events"),
    ("staff", "/staff/events/{event}"),
    ("staff", "/staff/events/{event}/edit"),
    ("staff", "/staff/companies/"),
]


def _world(db, size: int) -> dict:  # noqa: ANN001
    """A municipality with `size` companies, people and events; everyone signed up and interested everywhere."""
    town = make_municipality()
    companies = [make_company(town) for _ in range(size)]
    people = [make_user(Role.PARTICIPANT, town, password=None) for _ in range(size)]
    events = [make_event(town, companies=companies, starts_at=utcnow() + timedelta(days=1 + i)) for i in range(size)]
    make_event(town, starts_at=utcnow() - timedelta(days=3), companies=companies)
    for event in events:
        event.signups = len(people)
        for person in people:
            db.session.add(EventSignup(event_id=event.id, user_id=person.id))
            db.session.add(CompanyInterest(event_id=event.id, company_id=companies[0].id, user_id=person.id))
    db.session.commit()
    return {"participant": people[0], "staff": make_user(Role.FACILITATOR, town), "event": events[0].id}


def _statements(app, client, path: str) -> int:  # noqa: ANN001
    from app.extensions import db

    count = []

    def listener(*_args) -> None:  # noqa: ANN002
        count.append(1)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    return len(count)


@pytest.mark.parametrize(("who", "page"), PAGES)
def test_statement_count_does_not_grow_with_rows(app, db, make_client, login_as, who, page):
    counts = []
    for size in (2, 10):
        world = _world(db, size)
        client = make_client()
        login_as(client, world[who])
        path = page.format(event=world["event"])
        client.get(path)  # warm up (e.g. the device session's "last seen")
        counts.append(_statements(app, client, path))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts
