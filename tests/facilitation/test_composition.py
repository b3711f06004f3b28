"""The group at a glance on the staff group page: of the current members, how many are new in the group (under 4
weeks), how many have placement experience to share (a placement whose first day has come; one given up before it
does not count) and how many have been to a match event, with their names. One query, however big the group."""

from __future__ import annotations

from datetime import date, timedelta

from app.accounts.models import Role
from app.db import utcnow
from app.events.models import EventAttendance
from app.extensions import db
from app.facilitation.composition import composition
from app.groups.models import Membership
from app.placements.models import Assignment, AssignmentStatus
from app.timeutil import local_today
from tests.factories import add_to_group, make_event, make_group, make_municipality, make_placement, make_user
from tests.test_query_budget import counting


def _assignment(user, placement, start: date, status=AssignmentStatus.ACTIVE) -> None:  # noqa: ANN001
    a = Assignment(user_id=user.id, placement_id=placement.id, start_date=start, weekly_hours=10, status=status)
    if status is AssignmentStatus.ENDED:
        a.end_date = start + timedelta(days=10)
    db.session.add(a)


def test_the_group_at_a_glance(db, make_client, login_as):  # noqa: ANN001
    now = utcnow()
    today = local_today(now)
    town = make_municipality()
    group = make_group(town, name="Gruppen")
    facilitator = make_user(Role.FACILITATOR, town, name="Anne", language="en")
    add_to_group(group, facilitator, "facilitator", joined_at=now - timedelta(days=300))
    names = ["Ny", "Praktik", "Tidligere praktik", "Trak sig", "Starter snart", "Til arrangement", "Helt ny", "Gammel"]
    people = {name: make_user(Role.PARTICIPANT, town, name=name) for name in names}
    joined = {"Ny": timedelta(days=10), "Helt ny": timedelta(days=27, hours=23)}
    for name, person in people.items():
        add_to_group(group, person, joined_at=now - joined.get(name, timedelta(days=60)))
    placement = make_placement(town, seats=10)
    _assignment(people["Praktik"], placement, today)  # the first day is today: it has started
    _assignment(people["Tidligere praktik"], placement, today - timedelta(days=40), AssignmentStatus.ENDED)
    _assignment(people["Trak sig"], placement, today + timedelta(days=3), AssignmentStatus.WITHDRAWN)
    _assignment(people["Starter snart"], placement, today + timedelta(days=3))
    _assignment(people["Ny"], placement, today - timedelta(days=2))
    event = make_event(town, starts_at=now - timedelta(days=5))
    for name in ("Til arrangement", "Ny"):
        db.session.add(EventAttendance(event_id=event.id, user_id=people[name].id))
    # Someone who left the group counts nowhere, whatever they did.
    gone = make_user(Role.PARTICIPANT, town, name="Rejst")
    add_to_group(group, gone, joined_at=now - timedelta(days=3)).left_at = now - timedelta(days=1)
    _assignment(gone, placement, today - timedelta(days=20), AssignmentStatus.ENDED)
    db.session.add(EventAttendance(event_id=event.id, user_id=gone.id))
    db.session.commit()
    db.session.refresh(group)  # loaded before counting, as a page has its group already

    with counting(db.engine) as statements:
        found = composition(group, now)
    assert len(statements) == 1
    assert found.members == 8
    assert [m.name for m in found.new] == ["Helt ny", "Ny"]
    assert [m.name for m in found.placement] == ["Ny", "Praktik", "Tidligere praktik"]
    assert [m.name for m in found.event] == ["Ny", "Til arrangement"]

    client = make_client()
    login_as(client, facilitator)
    page = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    assert "The group at a glance" in page
    assert ">2</strong> <span>of 8 are new in the group" in page
    assert ">3</strong> <span>of 8 have tried a placement" in page
    assert ">2</strong> <span>of 8 have been to a match event" in page
    assert f'href="/staff/people/{people["Tidligere praktik"].id}">Tidligere praktik</a>' in page
    glance = page[page.index('class="card composition"') :]
    assert "Rejst" not in glance[: glance.index("</section>")]


def test_a_group_without_members_shows_no_facts(db, make_client, login_as):  # noqa: ANN001
    town = make_municipality()
    group = make_group(town)
    admin = make_user(Role.ADMIN, town)
    client = make_client()
    login_as(client, admin)
    page = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    assert "The group at a glance" not in page
    assert composition(group).members == 0
    assert db.session.query(Membership).count() == 0
