"""Garbage sent to the queue endpoints is answered 400/413/422 in JSON, never with a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.idempotency import IdempotencyKey
from tests.api.conftest import assert_json_error, send

BODIES = [
    (b"", 400),
    (b"{", 400),
    (b"not json", 400),
    (b"null", 400),
    (b"[]", 400),
    (b'"text"', 400),
    (b"42", 400),
    (b"\xff\xfe\x00{", 400),
    (b"[" * 20000 + b"]" * 20000, 413),  # too large before it is parsed
    (b"[" * 5000 + b"]" * 5000, 400),  # deep nesting: RecursionError, not a 500
    (b'{"text": 1' + b"0" * 5000 + b"}", 400),  # an integer too long for Python to convert
    (b'{"hours": NaN, "text": NaN, "answer": NaN}', 422),
    (b'{"hours": 1e3, "text": 1e3, "answer": 1e3, "effective": 1e3}', 422),
    (b'{"hours": 99999999999999999999999, "text": {}, "answer": [], "effective": {}}', 422),
    (b"x" * (600 * 1024), 413),  # over the app's MAX_CONTENT_LENGTH as well
]


def _urls(world) -> list[str]:  # noqa: ANN001
    return [
        "/api/reflections",
        f"/api/meetings/{world.meeting.id}/rsvp",
        f"/api/placements/assignments/{world.assignment.id}/hours",
    ]


@pytest.mark.parametrize(("raw", "status"), BODIES, ids=range(len(BODIES)))
def test_garbage_body_is_a_clear_error(client, db, login_as, world, raw, status):
    login_as(client, world.member)
    for url in _urls(world):
        assert_json_error(send(client, url, raw=raw), status)
    assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 2  # the fixture's two choices


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_other_content_types_are_400(client, db, login_as, world, content_type):
    login_as(client, world.member)
    for url in _urls(world):
        response = send(client, url, raw="text=hi&answer=yes", headers={"Content-Type": content_type})
        assert response.status_code in (400, 413), response.status_code
        assert response.is_json


def test_unknown_fields_are_ignored(client, db, login_as, world):
    login_as(client, world.member)
    assert send(client, "/api/reflections", {"text": "Hi", "author_id": 999, "visibility": "group"}).status_code == 201
