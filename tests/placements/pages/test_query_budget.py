"""The browse page, My placements and My week make the same number of queries with 10 or 500 placements."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.placements.models import Assignment, HoursChange, Placement, PlacementKind
from tests.factories import make_company, make_municipality, make_user
from tests.test_query_budget import _count


def _world(db, placements: int):  # noqa: ANN001, ANN202
    town = make_municipality()
    companies = [make_company(town, name=f"Firma {n}") for n in range(5)]
    rows = [
        Placement(municipality_id=town.id, company_id=companies[n % 5].id, title=f"Praktik {n}",
                  kind=PlacementKind.INTERNSHIP if n % 2 else PlacementKind.PAID_HOURS, sector=f"Branche {n % 7}",
                  area=f"Område {n % 4}", hours_min=5, hours_max=20, seats=3, taken=1 if n % 3 == 0 else 0)
        for n in range(placements)
    ]  # fmt: skip
    db.session.add_all(rows)
    db.session.flush()
    me = make_user(Role.PARTICIPANT, town)
    from datetime import date, timedelta

    # My history grows with the world too: one assignment per 25 placements, the last two active.
    history = max(2, placements // 25)
    for n in range(history):
        start = date(2025, 1, 6) + timedelta(weeks=2 * n)
        active = n >= history - 2
        assignment = Assignment(user_id=me.id, placement_id=rows[n].id, start_date=start, weekly_hours=8,
                                status="active" if active else "ended",
                                end_date=None if active else start + timedelta(days=10))  # fmt: skip
        db.session.add(assignment)
        db.session.flush()
        db.session.add(HoursChange(assignment_id=assignment.id, to_hours=8, effective_date=start))
    db.session.commit()
    return me


@pytest.mark.parametrize("path", ["/placements", "/placements?kind=internship&free=y&q=praktik", "/placements/mine",
                                  "/week"])  # fmt: skip
def test_query_count_does_not_grow_with_placements(db, make_client, login_as, path):
    counts = {}
    for size in (10, 500):
        client = make_client()
        login_as(client, _world(db, size))
        counts[size], _ = _count(db, client, path)
    print(f"query budget {path}: {counts}")
    assert counts[10] == counts[500], counts
