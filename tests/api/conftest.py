"""A participant with a meeting and a placement, an outsider with their own, and a JSON client helper
that sends like the offline queue does (X-CSRFToken header, Idempotency-Key header)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time, timedelta
from uuid import uuid4

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Role, User
from app.db import utcnow
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Meeting
from app.placements import services as placements
from app.placements.models import Assignment
from tests.conftest import csrf_token
from tests.factories import make_municipality, make_placement, make_user
from tests.meetings.conftest import add_meeting


@dataclass
class World:
    member: User
    outsider: User  # same municipality, not in the group, with a placement of their own
    staff: User
    group: Group
    meeting: Meeting
    started: Meeting
    assignment: Assignment  # the member's, 5-20 hours, now 10
    foreign_assignment: Assignment
    effective: str  # the first day the member's hours can change, YYYY-MM-DD


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    town = make_municipality()
    member, outsider = (make_user(Role.PARTICIPANT, town, language="en") for _ in range(2))
    staff = make_user(Role.FACILITATOR, town, language="en")
    group = Group(municipality_id=town.id, name="Tirsdag", weekday=1, start_time=time(10), place="Jobcentret")
    db.session.add(group)
    db.session.flush()
    joined = utcnow() - timedelta(days=30)
    db.session.add(Membership(group=group, user_id=member.id, role=MemberRole.MEMBER, joined_at=joined))
    db.session.commit()
    meeting = add_meeting(db, group, utcnow() + timedelta(days=2))
    started = add_meeting(db, group, utcnow() - timedelta(minutes=5))
    placement = make_placement(town, seats=5, hours_min=5, hours_max=20)
    start = placements.next_weekday(placements.today())
    mine = placements.choose(member, placement, start=start, hours=10, key=uuid4().hex)
    theirs = placements.choose(outsider, placement, start=start, hours=10, key=uuid4().hex)
    effective = placements.earliest_hours_change(mine).isoformat()
    return World(member, outsider, staff, group, meeting, started, mine, theirs, effective)


def new_key() -> str:
    return uuid4().hex


def send(client: FlaskClient, url: str, body: object = None, *, key: str | None = "new", csrf: bool = True,
         raw: bytes | str | None = None, headers: dict | None = None):  # fmt: skip
    """POST JSON like queue.js: a fresh Idempotency-Key (unless given or None) and the page's CSRF token."""
    sent = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
    if key is not None:
        sent["Idempotency-Key"] = new_key() if key == "new" else key
    if csrf:
        token = getattr(client, "_csrf", None) or csrf_token(client, "/login")
        client._csrf = token  # type: ignore[attr-defined]
        sent.setdefault("X-CSRFToken", token)
    data = raw if raw is not None else json.dumps(body)
    return client.post(url, data=data, headers=sent)


def assert_json_error(response, status: int, field: str | None = None) -> dict:  # noqa: ANN001
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.is_json, response.content_type
    body = response.get_json()
    assert {"error", "message"} <= set(body) <= {"error", "message", "fields"}, body
    assert body["error"] and body["message"]
    if field is not None:
        assert field in body["fields"], body
    return body
