"""Query budget: a page makes the same number of SQL statements with a few rows and with many (no N+1).

The small world stays below every list limit on the pages (so each row is really rendered) and the large one
is far above it; if a page queried once per shown row, the two counts would differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Group
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from app.meetings.schedule import new_meeting
from app.timeutil import local_today
from tests.factories import add_to_group, make_group, make_municipality, make_user

SMALL = {"members": 10, "past": 3, "coming": 2, "others": 2}
LARGE = {"members": 60, "past": 200, "coming": 20, "others": 30}


@contextmanager
def counting(engine) -> Iterator[list[str]]:  # noqa: ANN001
    """Collect every SQL statement sent to the database while the block runs."""
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


@dataclass
class World:
    facilitator: User
    participant: User
    group: Group
    meeting: Meeting  # the next meeting: check-in open, everyone answered, most checked in
    earlier: Meeting  # last week's


def build_world(db, *, members: int, past: int, coming: int, others: int) -> World:  # noqa: ANN001
    """One municipality: a group of `members` with `past` + `coming` weekly meetings, and other groups and people."""
    now = utcnow()
    long_ago = now - timedelta(weeks=past + 52)
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    group = make_group(town, name="Gruppen")
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    people = [make_user(Role.PARTICIPANT, town, name=f"Ung {n:03}") for n in range(members)]
    for person in people:
        add_to_group(group, person, joined_at=long_ago)
    for n in range(others):  # for the pick lists on the group page
        make_group(town, name=f"Anden gruppe {n:03}")
        make_user(Role.PARTICIPANT, town, name=f"Uden gruppe {n:03}")
        make_user(Role.FACILITATOR, town, name=f"Kollega {n:03}")

    today = local_today(now)
    history = [new_meeting(group, today - timedelta(weeks=week)) for week in range(1, past + 1)]
    ahead = [new_meeting(group, today + timedelta(weeks=week)) for week in range(1, coming + 1)]
    db.session.add_all(history + ahead)
    db.session.flush()
    me = people[0]
    for n, meeting in enumerate(history):
        said_yes = n % 4 != 3
        answer, reason = (Answer.YES, "") if said_yes else (Answer.NO, "Lægetid")
        answered = meeting.starts_at - timedelta(days=1)
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=me.id, answer=answer, reason=reason, answered_at=answered))
        if said_yes:
            db.session.add(_came(meeting, me, meeting.starts_at, CheckinMethod.CODE))
    for meeting in ahead[1:]:
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=me.id, answer=Answer.YES, answered_at=now))

    nxt = ahead[0]
    nxt.starts_at, nxt.ends_at = now + timedelta(minutes=10), now + timedelta(minutes=130)
    nxt.checkin_opened_at, nxt.agenda = now - timedelta(minutes=5), "Runde: hvordan gik ugen?"
    for n, person in enumerate(people):
        answer = Answer.NO if n % 5 == 4 else Answer.YES
        db.session.add(Rsvp(meeting_id=nxt.id, user_id=person.id, answer=answer, reason="Syg" * (answer is Answer.NO)))
        if answer is Answer.YES and n % 3 and person is not me:
            method = CheckinMethod.MANUAL if n % 2 else CheckinMethod.QR
            db.session.add(_came(nxt, person, now, method, facilitator if method is CheckinMethod.MANUAL else None))
    db.session.commit()
    return World(facilitator, me, group, nxt, history[0])


def _came(meeting: Meeting, person: User, at: datetime, method: CheckinMethod, by: User | None = None) -> Attendance:
    return Attendance(meeting_id=meeting.id, user_id=person.id, method=method, checked_in_at=at,
                      marked_by_id=by.id if by else None)  # fmt: skip


def _count(db, client, path: str) -> tuple[int, list[str]]:  # noqa: ANN001
    assert client.get(path).status_code == 200, path  # warm-up: first-request work is not what we measure
    with counting(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements), statements


PAGES = {
    "participant /week": ("participant", lambda w: "/week"),
    "participant /meetings": ("participant", lambda w: "/meetings"),
    "participant /meetings/<id>": ("participant", lambda w: f"/meetings/{w.meeting.id}"),
    "participant /meetings/<id> (earlier)": ("participant", lambda w: f"/meetings/{w.earlier.id}"),
    "facilitator /staff/meetings/<id>": ("facilitator", lambda w: f"/staff/meetings/{w.meeting.id}"),
    "facilitator /staff/groups/<id>": ("facilitator", lambda w: f"/staff/groups/{w.group.id}"),
    "facilitator /staff/groups/": ("facilitator", lambda w: "/staff/groups/"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(db, make_client, login_as, page):
    who, path_of = PAGES[page]
    counts = {}
    for label, size in (("small", SMALL), ("large", LARGE)):
        world = build_world(db, **size)
        client = make_client()
        login_as(client, getattr(world, who))
        counts[label] = _count(db, client, path_of(world))
    (small, small_sql), (large, large_sql) = counts["small"], counts["large"]
    print(f"\nquery budget: {page}: {small} statements with {SMALL}, {large} with {LARGE}")
    extra = Counter(large_sql) - Counter(small_sql)
    assert small == large, f"{page}: {small} vs {large} queries; repeated in the large world: {extra.most_common(3)}"


def test_the_counter_sees_an_n_plus_one(db):
    """The listener counts statements one by one: lazy-loading a relationship per row shows up."""
    meeting_id = build_world(db, **SMALL).meeting.id
    db.session.expunge_all()
    rows = db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting_id)).all()
    with counting(db.engine) as statements:
        names = [row.user.display_name for row in rows]  # Rsvp.user is lazy: one SELECT per row
    assert len(names) == len(statements) == SMALL["members"]
