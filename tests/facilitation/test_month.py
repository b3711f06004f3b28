"""The monthly view of a group: per meeting held in the month(s), attendance (checked in of the members at the
time) next to the mean rating per principle, a chart of the same numbers, and the texts with author and date. For
every member of staff of the municipality; participants get a 403, another municipality a 404."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.extensions import db
from app.facilitation import services
from app.facilitation.models import Principle
from app.facilitation.month import add_months, month_view, parse_month, parse_span
from app.meetings.models import Attendance, CheckinMethod, Meeting
from app.timeutil import local_to_utc, to_local
from tests.facilitation.conftest import add_meeting, month_url
from tests.factories import add_to_group, make_user
from tests.test_query_budget import counting

LAST_MONTH_TEXT = "Last month the round took too long"


def _key(moment: datetime) -> str:
    local = to_local(moment)
    return f"{local.year:04d}-{local.month:02d}"


def _came(meeting: Meeting, *people) -> None:  # noqa: ANN002
    for person in people:
        db.session.add(Attendance(meeting_id=meeting.id, user_id=person.id, method=CheckinMethod.CODE))
    db.session.commit()


def _first_of_month(moment: datetime) -> date:
    local = to_local(moment)
    return date(local.year, local.month, 1)


def _previous_month_meeting(world) -> Meeting:  # noqa: ANN001
    """A meeting in the middle of the month before the held meeting's month."""
    first = add_months(_first_of_month(world.held.starts_at), -1)
    return add_meeting(world.group, local_to_utc(first.replace(day=15), datetime.min.time().replace(hour=10)))


@pytest.fixture
def rated(world):  # noqa: ANN001
    """The held meeting: both facilitators rated (sharing 3 and 4: mean 3.5), one came of the two members; last
    month's meeting: the admin's reflection, both came."""
    _came(world.held, world.amira)
    services.save(world.facilitator, world.held, {Principle.SHARING: 3, Principle.RESOURCES: 2}, "Good round")
    services.save(world.co_facilitator, world.held, {Principle.SHARING: 4}, "They helped each other")
    earlier = _previous_month_meeting(world)
    _came(earlier, world.amira, world.peer)
    services.save(world.admin, earlier, {Principle.CO_DETERMINATION: 1}, LAST_MONTH_TEXT)
    return earlier


def test_the_month_shows_attendance_and_mean_ratings_per_meeting(world, clients, rated):
    view = month_view(world.facilitator, world.group, _first_of_month(world.held.starts_at))
    (figures,) = view.meetings  # the coming meeting has not started, the cancelled one was not held
    assert (figures.meeting_id, figures.came, figures.members, figures.reflections) == (world.held.id, 1, 2, 2)
    assert figures.means == {
        Principle.CO_DETERMINATION: None,
        Principle.SHARING: 3.5,
        Principle.RESOURCES: 2.0,
        Principle.WORK_IDENTITY: None,
    }
    assert figures.rated[Principle.SHARING] == 2 and figures.attendance == 0.5
    assert [r.text for r in view.reflections] == ["Good round", "They helped each other"]

    response = clients(world.facilitator).get(month_url(world.group, _key(world.held.starts_at)))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1 of 2" in page and "3.5" in page and "(2)" in page
    assert "Good round" in page and "They helped each other" in page and "Anne" in page and "Bent" in page
    assert LAST_MONTH_TEXT not in page
    assert '<svg viewBox="0 0 400' in page and 'role="img"' in page
    assert page.count('class="bar came"') == 1


def test_three_months_show_the_trend(world, clients, rated):
    month = _key(world.held.starts_at)
    view = month_view(world.facilitator, world.group, _first_of_month(world.held.starts_at), 3)
    assert [m.meeting_id for m in view.meetings] == [rated.id, world.held.id]
    assert view.means[Principle.SHARING] == 3.5 and view.means[Principle.CO_DETERMINATION] == 1.0
    assert [(m.came, m.members) for m in view.meetings] == [(2, 2), (1, 2)]
    page = clients(world.other_facilitator).get(month_url(world.group, month, 3)).get_data(as_text=True)
    assert LAST_MONTH_TEXT in page and "Good round" in page and "Gorm" in page
    assert page.count('class="bar came"') == 2


def test_members_are_counted_as_they_were_at_the_meeting(world, rated):
    late = make_user(name="Late", language="en")
    late.municipality_id = world.group.municipality_id
    db.session.commit()
    add_to_group(world.group, late, joined_at=utcnow() - timedelta(minutes=5))
    view = month_view(world.facilitator, world.group, _first_of_month(world.held.starts_at))
    assert [(m.came, m.members) for m in view.meetings] == [(1, 2)]


@pytest.mark.parametrize(
    "who, status",
    [("facilitator", 200), ("other_facilitator", 200), ("admin", 200), ("amira", 403), ("peer", 403),
     ("foreign_facilitator", 404), ("foreign_admin", 404), ("anonymous", 302)],
)  # fmt: skip
def test_who_opens_the_monthly_view(world, clients, rated, who, status):
    user = None if who == "anonymous" else getattr(world, who)
    response = clients(user).get(month_url(world.group, _key(world.held.starts_at)))
    assert response.status_code == status
    if status != 200:
        assert "Good round" not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["month=2026-13", "month=26-11", "month=x", "month=2026-1", "months=2", "months=x"])
def test_a_month_that_is_no_month_is_a_404(world, clients, query):
    assert clients(world.facilitator).get(f"/staff/groups/{world.group.id}/facilitation?{query}").status_code == 404


def test_without_a_month_the_current_month_is_shown(world, clients, rated):
    page = clients(world.facilitator).get(month_url(world.group)).get_data(as_text=True)
    current = to_local(utcnow())
    if (current.year, current.month) == (to_local(world.held.starts_at).year, to_local(world.held.starts_at).month):
        assert "Good round" in page
    assert f"{current.year}" in page


def test_an_empty_month_says_so(world, clients):
    page = clients(world.facilitator).get(month_url(world.group, "2001-01")).get_data(as_text=True)
    assert "No meetings held in this period." in page and "No reflections in this period yet." in page


def test_month_and_span_parsing():
    assert parse_month("2026-11") == date(2026, 11, 1)
    assert parse_month("2026-00") is None and parse_month("1999-12") is None and parse_month("２０２６-11") is None
    assert parse_span(None) == 1 and parse_span("6") == 6 and parse_span("4") is None
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1) and add_months(date(2026, 12, 1), 1) == date(
        2027, 1, 1
    )


def test_the_page_makes_the_same_number_of_queries_with_many_meetings_and_reflections(world, clients):
    client = clients(world.facilitator)
    first = _first_of_month(world.held.starts_at)
    url = month_url(world.group, f"{first.year:04d}-{first.month:02d}", 6)
    counts = []
    for extra in (0, 12):
        for n in range(extra):
            start = local_to_utc(add_months(first, -1 - n % 5).replace(day=1 + n % 20), datetime.min.time())
            meeting = add_meeting(world.group, start + timedelta(hours=10))
            _came(meeting, world.amira)
            services.save(world.facilitator, meeting, {Principle.SHARING: 1 + n % 4}, f"Text {n}")
            services.save(world.admin, meeting, {Principle.RESOURCES: 2}, "")
        assert client.get(url).status_code == 200
        with counting(db.engine) as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert len(db.session.scalars(select(Meeting.id)).all()) >= 15


def test_texts_and_names_are_escaped(world, clients):
    services.save(world.facilitator, world.held, {}, "<script>alert(1)</script>")
    page = clients(world.facilitator).get(month_url(world.group, _key(world.held.starts_at))).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and escape("<script>alert(1)</script>") in page
