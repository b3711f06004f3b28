"""The queue's JSON endpoints and the HTML pages check input with the same forms and services: the same bad
input gets the same messages on the same fields, whichever way it is sent (the queue sends the form's strings)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.accounts.models import User
from app.meetings.models import REASON_MAX
from app.placements.rules import HOURS_MAX, HOURS_MIN
from app.reflections.models import MAX_LENGTH
from tests.api.conftest import World, send
from tests.conftest import post_form

FIELD_ERROR = re.compile(r'<p class="error" id="(\w+)-error">(.*?)</p>', re.S)
FLASH_ERROR = re.compile(r'<p class="flash flash-error"[^>]*>(.*?)</p>', re.S)


def _page_errors(response: TestResponse) -> dict[str, list[str]]:
    assert response.status_code == 422, response.status_code
    found: dict[str, list[str]] = {}
    for field, message in FIELD_ERROR.findall(response.get_data(as_text=True)):
        found.setdefault(field, []).append(html.unescape(message))
    return found


def _api_errors(response: TestResponse) -> dict[str, list[str]]:
    assert response.status_code == 422, response.get_data(as_text=True)
    return response.get_json()["fields"]


@pytest.fixture
def member(client: FlaskClient, login_as: Callable[[FlaskClient, User], str], world: World) -> FlaskClient:
    login_as(client, world.member)
    return client


HOURS = [
    ("abc", None),
    (str(HOURS_MIN - 1), None),
    (str(HOURS_MAX + 1), None),
    ("", None),
    ("9999999999", None),
    ("1.5", None),
    ("12", "2024-13-40"),
    ("12", ""),
    ("12", "2000-01-01"),  # the service: before the earliest day
    ("3", None),  # the service: outside this placement's 5-20
    ("10", None),  # the service: the hours already held
]


@pytest.mark.parametrize(("hours", "effective"), HOURS)
def test_hours_get_the_same_messages(member: FlaskClient, world: World, hours: str, effective: str | None) -> None:
    data = {"hours": hours, "effective": world.effective if effective is None else effective}
    page = _page_errors(post_form(member, f"/placements/mine/{world.assignment.id}/hours", data))
    api = _api_errors(send(member, f"/api/placements/assignments/{world.assignment.id}/hours", data))
    assert page and api == page


REFLECTIONS = [
    {"text": ""},
    {"text": "   "},
    {"text": "x" * (MAX_LENGTH + 1)},
    {"text": "Hi", "assignment_id": "abc"},
    {"text": "Hi", "assignment_id": "someone else's"},  # the other participant's placement
    {"text": "Hi", "meeting_id": "-3"},
    {"text": "", "meeting_id": "abc", "assignment_id": "1.5"},
]


@pytest.mark.parametrize("data", REFLECTIONS)
def test_reflections_get_the_same_messages(member: FlaskClient, world: World, data: dict[str, str]) -> None:
    if data.get("assignment_id") == "someone else's":
        data = {**data, "assignment_id": str(world.foreign_assignment.id)}
    page = _page_errors(post_form(member, "/reflections/new", data))
    api = _api_errors(send(member, "/api/reflections", data))
    assert page and api == page


@pytest.mark.parametrize(
    ("data", "meeting"),
    [
        ({"answer": "maybe"}, "meeting"),
        ({}, "meeting"),
        ({"answer": "no", "reason": "x" * (REASON_MAX + 1)}, "meeting"),
        ({"answer": "no"}, "started"),  # the service: too late (409 in JSON)
    ],
)
def test_rsvp_gets_the_same_message(member: FlaskClient, world: World, data: dict[str, str], meeting: str) -> None:
    meeting_id = getattr(world, meeting).id
    page = post_form(member, f"/meetings/{meeting_id}/rsvp", data, follow_redirects=True)
    flashed = [html.unescape(m) for m in FLASH_ERROR.findall(page.get_data(as_text=True))]
    answer = send(member, f"/api/meetings/{meeting_id}/rsvp", data)
    assert answer.status_code in (409, 422)
    assert flashed == [answer.get_json()["message"]]
