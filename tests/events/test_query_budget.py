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
    assert counts[1] <= 9, counts  # the staff event page: also who came and which talk-mores led to a placement


def _followed_up(db, size: int) -> dict:  # noqa: ANN001
    """A match event under way with `size` sign-ups: half of them came, as many walk-ins, everyone wanted to talk
    more with both companies and half of them later chose a placement at the first one."""
    from uuid import uuid4

    from app.events import attendance
    from app.events import services as events
    from app.placements import services as placements
    from tests.factories import make_placement

    town = make_municipality()
    staff = make_user(Role.FACILITATOR, town, language="en")
    companies = [make_company(town), make_company(town)]
    offer = make_placement(town, company=companies[0], seats=size)
    event = make_event(town, companies=companies, starts_at=utcnow() + timedelta(hours=1))
    people = [make_user(Role.PARTICIPANT, town, password=None) for _ in range(2 * size)]
    signed, walk_ins = people[:size], people[size:]
    for person in signed:
        events.sign_up(person, event)
    for person in people:
        for company in companies:
            events.set_interest(person, event, company, True)
    event.starts_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    for person in signed[::2] + walk_ins:
        attendance.mark_came(staff, event, person)
    start = placements.next_weekday(placements.today())
    for person in people[::2]:
        placements.choose(person, offer, start=start, hours=10, key=uuid4().hex)
    for _ in range(size):  # participants who could come as walk-ins
        make_user(Role.PARTICIPANT, town, password=None)
    return {"staff": staff, "event": event.id, "size": size}


def test_the_staff_event_page_under_way_makes_as_many_statements_with_many_signups(app, db, make_client, login_as):
    counts = []
    for size in (2, 40):
        world = _followed_up(db, size)
        client = make_client()
        login_as(client, world["staff"])
        path = f"/staff/events/{world['event']}"
        page = client.get(path).get_data(as_text=True)  # warm up (e.g. the device session's "last seen")
        assert f"Came: {size // 2 + size}" in page
        counts.append(_statements(app, client, path))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 11, counts
