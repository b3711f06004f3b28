"""Who-is-where and recent changes make the same number of SQL statements with 10 and with 100 people."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest

from app.accounts.models import Role, User
from app.placements import services
from app.placements.queries import WHO_IS_WHERE_PAGE
from tests.factories import make_company, make_municipality, make_placement, make_user
from tests.test_query_budget import counting

SMALL, LARGE = 10, 100  # the small world's changes (17) stay below the changes page's limit of 50


def build_world(people: int) -> User:
    """A town where `people` participants each chose a placement; some then changed hours, switched or ended.
    Returns its facilitator."""
    town = make_municipality()
    placements = [
        make_placement(town, company=make_company(town, name=f"Firma {n}"), title=f"Plads {n}", seats=1000)
        for n in range(3)
    ]
    today = services.today()
    for n in range(people):
        person = make_user(Role.PARTICIPANT, town, name=f"Ung {n:03}", password=None)
        held = services.choose(person, placements[n % 3], start=today, hours=10, key=uuid4().hex)
        if n % 4 == 1:
            services.adjust_hours(person, held, hours=12, effective=today + timedelta(days=7))
        elif n % 4 == 2:
            services.switch(person, held, placements[(n + 1) % 3], start=today, hours=8, lesson="Ro på",
                            key=uuid4().hex)  # fmt: skip
        elif n % 4 == 3:
            services.end(person, held, last_day=today, reason="Job", lesson="")
    return make_user(Role.FACILITATOR, town, language="en")


def _count(db, client, path: str) -> tuple[int, list[str], str]:  # noqa: ANN001
    assert client.get(path).status_code == 200, path  # warm-up: first-request work is not what we measure
    with counting(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements), statements, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/staff/placements/people", lambda n: min(WHO_IS_WHERE_PAGE, n - n // 4)),  # all but who ended, a page
        (
            "/staff/placements/changes",
            lambda n: min(50, n + sum(1 for i in range(n) if i % 4)),
        ),  # choices and later changes
    ],
)
def test_query_count_does_not_grow_with_rows(db, make_client, login_as, path, shown):
    counts = {}
    for size in (SMALL, LARGE):
        client = make_client()
        login_as(client, build_world(size))
        total, statements, page = _count(db, client, path)
        rows = page.count('href="/staff/placements/people/')
        assert rows == shown(size), f"{path}: {rows} rows shown with {size} people"
        counts[size] = total, statements
    (small, small_sql), (large, large_sql) = counts[SMALL], counts[LARGE]
    extra = Counter(large_sql) - Counter(small_sql)
    assert small == large, f"{path}: {small} vs {large} queries; repeated: {extra.most_common(3)}"
