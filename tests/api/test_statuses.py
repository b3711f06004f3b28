"""Each queue endpoint answers in JSON with a status the queue can act on, and never redirects:
401 without a login, 400 without a CSRF token or with a bad key or body, 404 for another person's
thing, 409 when trying again cannot help, 422 with the field for bad input, 201/200 when done."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts import sessions
from app.db import utcnow
from app.extensions import db as _db
from app.meetings.models import Answer, Rsvp
from app.placements import services as placements
from app.placements.models import HoursChange
from app.reflections.models import Reflection
from tests.api.conftest import assert_json_error, new_key, send


def _urls(world) -> dict[str, tuple[str, dict]]:  # noqa: ANN001
    effective = world.effective
    return {
        "reflection": ("/api/reflections", {"text": "I helped a customer today."}),
        "rsvp": (f"/api/meetings/{world.meeting.id}/rsvp", {"answer": "no", "reason": "Dentist"}),
        "hours": (f"/api/placements/assignments/{world.assignment.id}/hours", {"hours": 12, "effective": effective}),
    }


KINDS = ["reflection", "rsvp", "hours"]


@pytest.mark.parametrize("kind", KINDS)
def test_without_login_is_401_json_never_a_redirect(client, world, kind):
    url, body = _urls(world)[kind]
    response = send(client, url, body)  # a valid CSRF token of an anonymous visitor
    assert assert_json_error(response, 401)["error"] == "unauthorized"
    assert "Location" not in response.headers


@pytest.mark.parametrize("kind", KINDS)
def test_ended_device_session_is_401_json(client, db, login_as, world, kind):
    login_as(client, world.member)
    url, body = _urls(world)[kind]
    send(client, url, body, key=None)  # only to fetch the CSRF token while logged in (400: no key)
    sessions.end_all_sessions(world.member)
    db.session.commit()
    response = send(client, url, body)
    assert_json_error(response, 401)
    assert "Location" not in response.headers


@pytest.mark.parametrize("kind", KINDS)
def test_without_csrf_header_is_400_json(client, db, login_as, world, kind):
    login_as(client, world.member)
    url, body = _urls(world)[kind]
    response = send(client, url, body, csrf=False)
    assert assert_json_error(response, 400)["error"] == "csrf"
    response = send(client, url, body, headers={"X-CSRFToken": "not-the-token"})
    assert assert_json_error(response, 400)["error"] == "csrf"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("key", [None, "short", "x" * 65, "with space in it!!", "ø" * 20])
def test_missing_or_bad_key_is_400(client, db, login_as, world, kind, key):
    login_as(client, world.member)
    url, body = _urls(world)[kind]
    assert_json_error(send(client, url, body, key=key) if key else send(client, url, body, key=None), 400, "key")


def test_key_may_come_in_the_body_but_not_disagree_with_the_header(client, db, login_as, world):
    login_as(client, world.member)
    key = new_key()
    response = send(client, "/api/reflections", {"text": "Body key", "key": key}, key=None)
    assert response.status_code == 201
    assert send(client, "/api/reflections", {"text": "Body key", "key": key}, key=None).get_json()["duplicate"]
    response = send(client, "/api/reflections", {"text": "Two keys", "key": new_key()}, key=new_key())
    assert_json_error(response, 400, "key")


@pytest.mark.parametrize("kind", KINDS)
def test_staff_get_403_json(client, db, login_as, world, kind):
    login_as(client, world.staff)
    url, body = _urls(world)[kind]
    assert_json_error(send(client, url, body), 403)


def test_reflection_created_then_duplicate(client, db, login_as, world):
    login_as(client, world.member)
    key = new_key()
    first = send(client, "/api/reflections", {"text": "  I asked for a task.  ", "prompt": "did"}, key=key)
    assert first.status_code == 201, first.get_data(as_text=True)
    created = first.get_json()
    again = send(client, "/api/reflections", {"text": "  I asked for a task.  ", "prompt": "did"}, key=key)
    assert again.status_code == 200
    assert again.get_json()["id"] == created["id"] and again.get_json()["duplicate"] is True
    rows = db.session.scalars(select(Reflection).where(Reflection.author_id == world.member.id)).all()
    assert [(r.id, r.text, r.prompt) for r in rows] == [(created["id"], "I asked for a task.", "did")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": 42}, "text"),
        ({"text": ["a"]}, "text"),
        ({"text": "ok", "assignment_id": "abc"}, "assignment_id"),
        ({"text": "ok", "assignment_id": 1.5}, "assignment_id"),
        ({"text": "ok", "meeting_id": -3}, "meeting_id"),
    ],
)
def test_reflection_bad_input_is_422_with_field(client, db, login_as, world, body, field):
    login_as(client, world.member)
    assert_json_error(send(client, "/api/reflections", body), 422, field)
    assert db.session.scalar(select(func.count()).select_from(Reflection)) == 0


def test_reflection_about_someone_elses_placement_is_422(client, db, login_as, world):
    login_as(client, world.member)
    body = {"text": "Hi", "assignment_id": world.foreign_assignment.id}
    assert_json_error(send(client, "/api/reflections", body), 422, "assignment_id")
    body = {"text": "Hi", "assignment_id": world.assignment.id, "meeting_id": world.meeting.id}
    assert send(client, "/api/reflections", body).status_code == 201


def test_rsvp_ok_then_duplicate_keeps_one_effect(client, db, login_as, world):
    login_as(client, world.member)
    url, key = f"/api/meetings/{world.meeting.id}/rsvp", new_key()
    assert send(client, url, {"answer": "no", "reason": "Dentist"}, key=key).status_code == 200
    assert send(client, url, {"answer": "yes"}, key=new_key()).status_code == 200  # a new decision counts
    replay = send(client, url, {"answer": "no", "reason": "Dentist"}, key=key)  # the old one, resent: no effect
    assert replay.status_code == 200 and replay.get_json()["duplicate"] is True
    row = db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == world.meeting.id))
    assert (row.answer, row.reason) == (Answer.YES, "")


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "answer"), ({"answer": "maybe"}, "answer"), ({"answer": True}, "answer"),
     ({"answer": "no", "reason": "x" * 301}, "reason"), ({"answer": "no", "reason": 5}, "reason")],
)  # fmt: skip
def test_rsvp_bad_input_is_422(client, db, login_as, world, body, field):
    login_as(client, world.member)
    assert_json_error(send(client, f"/api/meetings/{world.meeting.id}/rsvp", body), 422, field)


def test_rsvp_someone_elses_or_unknown_meeting_is_404(client, db, login_as, world):
    login_as(client, world.outsider)
    assert_json_error(send(client, f"/api/meetings/{world.meeting.id}/rsvp", {"answer": "yes"}), 404)
    assert_json_error(send(client, "/api/meetings/999999/rsvp", {"answer": "yes"}), 404)
    assert_json_error(send(client, "/api/meetings/99999999999999999999/rsvp", {"answer": "yes"}), 404)


def test_rsvp_after_the_start_or_cancelled_is_409(client, db, login_as, world):
    login_as(client, world.member)
    assert_json_error(send(client, f"/api/meetings/{world.started.id}/rsvp", {"answer": "no"}), 409, "answer")
    world.meeting.cancelled_at = utcnow()
    db.session.commit()
    assert_json_error(send(client, f"/api/meetings/{world.meeting.id}/rsvp", {"answer": "no"}), 409, "answer")
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0


def test_hours_ok_then_duplicate(client, db, login_as, world):
    login_as(client, world.member)
    url, key = f"/api/placements/assignments/{world.assignment.id}/hours", new_key()
    effective = world.effective
    first = send(client, url, {"hours": "12", "effective": effective}, key=key)
    assert first.status_code == 200, first.get_data(as_text=True)
    again = send(client, url, {"hours": "12", "effective": effective}, key=key)
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    changes = db.session.scalars(select(HoursChange).where(HoursChange.assignment_id == world.assignment.id)).all()
    assert sorted(c.to_hours for c in changes) == [10, 12]


@pytest.mark.parametrize(
    ("hours", "effective", "field"),
    [
        (12.0, "tomorrow", "hours"), (float("nan"), None, "hours"), ("1e3", None, "hours"), ("١٢", None, "hours"),
        (True, None, "hours"), (-1, None, "hours"), (10**12, None, "hours"), ("99999999999999", None, "hours"),
        (None, None, "hours"), ([12], None, "hours"), (99, None, "hours"), (10, None, "hours"),
        (12, "2024-13-40", "effective"), (12, "20250101", "effective"), (12, 20250101, "effective"),
        (12, "9999-01-01", "effective"), (12, "2000-01-01", "effective"), (12, None, "effective"),
    ],
)  # fmt: skip
def test_hours_bad_input_is_422(client, db, login_as, world, hours, effective, field):
    login_as(client, world.member)
    body = {"hours": hours, "effective": effective or world.effective}
    if effective is None and field == "effective":
        body.pop("effective")
    url = f"/api/placements/assignments/{world.assignment.id}/hours"
    assert_json_error(send(client, url, body), 422, field)


def test_hours_of_someone_elses_assignment_is_404(client, db, login_as, world):
    login_as(client, world.member)
    url = f"/api/placements/assignments/{world.foreign_assignment.id}/hours"
    assert_json_error(send(client, url, {"hours": 12, "effective": "2030-01-01"}), 404)


def test_hours_of_an_ended_placement_is_409(client, db, login_as, world):
    assignment = _db.session.get(type(world.assignment), world.assignment.id)
    placements.end(world.member, assignment, last_day=assignment.start_date, reason="")
    login_as(client, world.member)
    url = f"/api/placements/assignments/{world.assignment.id}/hours"
    assert_json_error(send(client, url, {"hours": 12, "effective": world.effective}), 409)
