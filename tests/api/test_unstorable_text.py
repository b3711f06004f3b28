"""Issue 17, defect 2: text that PostgreSQL or the encryption cannot store is cleaned or refused, never a 500; and
when a request does fail, the error handler rolls back and answers with the app's own page, JSON and headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.accounts.models import Municipality, Role, User
from app.meetings.models import Rsvp
from app.reflections.models import Reflection
from tests.api.conftest import send
from tests.conftest import IsolatedClient, post_form
from tests.factories import make_user

LONE = "\ud800"


def _reflections(db) -> list[str]:  # noqa: ANN001
    db.session.expire_all()
    return [r.text for r in db.session.scalars(select(Reflection))]


@pytest.mark.parametrize(
    "raw",
    ['{"text": "before \\ud800 after"}', '{"text": "before \\udfff after"}', b'{"text": "before \xed\xa0\x80 after"}'],
    ids=["escaped-high", "escaped-low", "raw-bytes"],
)
def test_lone_surrogate_in_a_queued_reflection_is_kept_as_a_replacement_character(client, db, login_as, world, raw):
    login_as(client, world.member)
    response = send(client, "/api/reflections", raw=raw)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert _reflections(db) == ["before \ufffd after"]  # what a browser posts for it in a form


def test_a_real_emoji_pair_is_kept(client, db, login_as, world):
    login_as(client, world.member)
    assert send(client, "/api/reflections", raw='{"text": "glad \\ud83d\\ude00"}').status_code == 201
    assert _reflections(db) == ["glad \U0001f600"]


def test_lone_surrogate_in_an_rsvp_reason(client, db, login_as, world):
    login_as(client, world.member)
    body = {"answer": "no", "reason": f"syg {LONE}"}
    response = send(client, f"/api/meetings/{world.meeting.id}/rsvp", body)
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(Rsvp.reason)) == "syg \ufffd"


def test_lone_surrogate_in_a_push_endpoint_on_unsubscribe(client, db, login_as, world):
    login_as(client, world.member)
    response = send(client, "/push/unsubscribe", {"endpoint": f"https://fcm.googleapis.com/fcm/send/{LONE}"})
    assert response.status_code == 404 and response.is_json


def test_nul_in_queued_text_is_removed_like_other_control_characters(client, db, login_as, world):
    login_as(client, world.member)
    assert send(client, "/api/reflections", {"text": "a\u0000b"}).status_code == 201
    assert _reflections(db) == ["ab"]


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/push/unsubscribe", {"endpoint": "https://fcm.googleapis.com/fcm/send/\u0000"}),
        (
            "/push/subscribe",
            {"endpoint": "https://fcm.googleapis.com/fcm/send/\u0000", "keys": {"p256dh": "x", "auth": "y"}},
        ),
    ],
)
def test_nul_in_json_that_no_form_cleans_is_a_400(client, db, login_as, world, url, body):
    login_as(client, world.member)
    response = send(client, url, body)
    assert response.status_code in (400, 404) and response.is_json


def test_nul_where_no_form_cleans_it_is_a_400_never_a_500(client, db, login_as, world):
    staff = make_user(Role.FACILITATOR, world.member.municipality)
    login_as(client, staff)
    assert client.get("/staff/people/?q=a%00b").status_code in (200, 400)
    response = client.get("/staff/people/?q=a%00b", headers={"Accept": "application/json"})
    assert response.status_code in (200, 400)


def test_the_database_never_gets_unstorable_text(app, db):
    """The last line: any statement parameter with a NUL or a lone surrogate is stopped before it is sent."""
    from app.inputs import UnstorableText

    for bad in ("a\x00b", f"x{LONE}"):
        with pytest.raises(UnstorableText):
            db.session.execute(select(User.id).where(User.email == bad))
        db.session.rollback()
        db.session.add(Municipality(name=bad, slug="x"))
        with pytest.raises(UnstorableText):
            db.session.flush()
        db.session.rollback()


def test_a_stopped_write_is_a_400_page_after_a_rollback(app, client, db, login_as, world, monkeypatch):
    """Text that reaches the database uncleaned (as if a field had no filter) gets the app's 400, not a 500."""
    import re

    login_as(client, world.member)
    monkeypatch.setattr("app.forms._CONTROL", re.compile("(?!)"))  # clean_text no longer removes anything
    response = post_form(client, f"/meetings/{world.meeting.id}/rsvp", {"answer": "no", "reason": "a\x00b"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0


def test_nul_in_a_login_email_is_never_a_500(client, db):
    response = post_form(client, "/login", {"email": "a\x00@example.test", "password": "x"})
    assert response.status_code == 200


@pytest.fixture
def failing_app(database_url: str) -> Iterator[Flask]:
    """An app with a page whose database write fails, leaving the session in need of a rollback."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None})
    app.test_client_class = IsolatedClient
    from app.extensions import db

    @app.post("/fails")
    def fails() -> str:
        from app.accounts.models import Municipality

        db.session.add(Municipality(name=None, slug=None))  # NOT NULL: the flush fails
        db.session.flush()
        return "never"

    yield app
    with app.app_context():
        db.engine.dispose()


def _logged_in_client(app: Flask, db) -> IsolatedClient:  # noqa: ANN001
    user = make_user(Role.PARTICIPANT, language="en")
    client = app.test_client()
    with app.app_context():
        from app.accounts import sessions
        from app.extensions import db as _db

        token = sessions.start_session(_db.session.get(User, user.id), "pytest")
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": token})
    return client


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_error_after_a_failed_statement_rolls_back_and_answers_with_the_app_page(failing_app, db, accept, caplog):
    client = _logged_in_client(failing_app, db)
    with failing_app.test_request_context():
        from flask_wtf.csrf import generate_csrf

        token = generate_csrf()
    failing_app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/fails", headers={"Accept": accept, "X-CSRFToken": token})
    assert response.status_code == 500
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"  # the user was known: the login still worked
    if accept == "application/json":
        assert response.get_json() == {
            "error": "internal_server_error",
            "message": "It is not your fault. Please try again in a little while.",
        }
    else:
        assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "PendingRollbackError" not in caplog.text
    assert "Request finalizing failed" not in caplog.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
