"""The facilitator's feed and the author's list make the same number of SQL statements with 5 reflections and no
reads as with 100 reflections, many reads and responses (no N+1)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.db import utcnow
from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse, Visibility
from tests.factories import add_to_group, make_group, make_municipality, make_user
from tests.test_query_budget import _count

VISIBILITIES = [Visibility.FACILITATORS, Visibility.GROUP, Visibility.PRIVATE]


def _build(db, reflections: int, reads: bool):  # noqa: ANN001, ANN202
    """A group with a facilitator, an author and peers; `reflections` by the author and by peers (a third of
    each kind), and, with `reads`, several readers per reflection and a response on each shared one."""
    town = make_municipality()
    group = make_group(town)
    facilitator = make_user(Role.FACILITATOR, town)
    colleague = make_user(Role.FACILITATOR, town)
    long_ago = utcnow() - timedelta(days=90)
    add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
    add_to_group(group, colleague, "facilitator", joined_at=long_ago)
    people = [make_user(Role.PARTICIPANT, town) for _ in range(6)]
    for person in people:
        add_to_group(group, person, joined_at=long_ago)
    author, peers = people[0], people[1:]
    readers = [facilitator, colleague, *peers]
    rows = []
    for n in range(reflections):
        writer = author if n % 2 == 0 else peers[(n // 2) % len(peers)]
        rows.append(Reflection(author_id=writer.id, text=f"Refleksion {n}", visibility=VISIBILITIES[n % 3],
                               created_at=utcnow() - timedelta(hours=n)))  # fmt: skip
    db.session.add_all(rows)
    db.session.flush()
    # Every world has a response on the author's and the peer's first reflection; the big one many more, and reads.
    for first in rows[:2]:
        db.session.add(ReflectionResponse(reflection_id=first.id, author_id=facilitator.id, text="Flot"))
    if reads:
        for reflection in rows:
            if reflection.visibility is Visibility.PRIVATE:
                continue
            for reader in readers:
                if reader.id != reflection.author_id:
                    db.session.add(ReflectionRead(reflection_id=reflection.id, reader_id=reader.id))
                    db.session.add(ReflectionRead(reflection_id=reflection.id, reader_id=reader.id))
            db.session.add(ReflectionResponse(reflection_id=reflection.id, author_id=colleague.id, text="Godt"))
    db.session.commit()
    return {"facilitator": facilitator, "author": author, "peer": peers[0]}


PAGES = {
    "facilitator /staff/reflections": ("facilitator", "/staff/reflections"),
    "author /reflections": ("author", "/reflections"),
    "peer /reflections (experience cards)": ("peer", "/reflections"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_reflections_or_reads(db, make_client, login_as, page):
    who, path = PAGES[page]
    counts = {}
    for label, size, reads in (("small", 5, False), ("large", 100, True)):
        people = _build(db, size, reads)
        client = make_client()
        login_as(client, people[who])
        counts[label] = _count(db, client, path)
    (small, small_sql), (large, large_sql) = counts["small"], counts["large"]
    extra = Counter(large_sql) - Counter(small_sql)
    assert small == large, f"{page}: {small} vs {large} queries; repeated in the large world: {extra.most_common(3)}"


def test_the_big_world_really_shows_many_rows(db, make_client, login_as):
    """The comparison means something: the pages list far more than a handful in the large world."""
    people = _build(db, 100, True)
    client = make_client()
    login_as(client, people["facilitator"])
    feed = client.get("/staff/reflections").get_data(as_text=True)
    assert feed.count('href="/staff/reflections/') >= 50
    login_as(client, people["author"])
    own = client.get("/reflections").get_data(as_text=True)
    assert own.count('class="excerpt"') == 50
