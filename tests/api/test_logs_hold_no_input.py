"""Issue 17, defect 1: what people type never reaches the server log through a failing database statement.

SQLAlchemy puts a failing statement's parameters into the exception's text, and the error handler logs that
exception with its traceback. hide_parameters (app.config) keeps them out. Each test forces a database error while
a marker string is being written, then looks for the marker in everything that was logged, at every level.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.crypto import Encryptor
from app.extensions import db as _db
from tests.api.conftest import send

MARKER = "MARKER-7f3a9c-private-words"


@contextmanager
def broken_statements(app, table: str) -> Iterator[None]:  # noqa: ANN001
    """Every INSERT into or UPDATE of `table` fails in the database (a syntax error appended to it)."""

    def breaker(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
        if statement.lstrip().upper().startswith((f"INSERT INTO {table.upper()} ", f"UPDATE {table.upper()} ")):
            return statement + " THIS IS NOT SQL", parameters
        return statement, parameters

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", breaker, retval=True)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", breaker)


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def test_engine_hides_parameters(app):
    with app.app_context():
        assert _db.engine.hide_parameters is True


def test_failed_rsvp_statement_logs_no_reason(app, client, db, login_as, world, everything_logged):
    login_as(client, world.member)
    with broken_statements(app, "rsvp"):
        response = send(client, f"/api/meetings/{world.meeting.id}/rsvp", {"answer": "no", "reason": MARKER})
    assert response.status_code == 500
    assert "THIS IS NOT SQL" in everything_logged.text  # the forced error was logged …
    assert MARKER not in everything_logged.text  # … without what was typed
    assert MARKER not in response.get_data(as_text=True)


def test_failed_reflection_statement_logs_no_text(app, client, db, login_as, world, everything_logged, monkeypatch):
    """The reflection's text is encrypted before it is sent, so the statement fails while its clear text is still
    a parameter (as an unencodable character once did)."""

    def refuse(_self, _text: str) -> str:
        raise ValueError("the encryption failed")

    login_as(client, world.member)
    monkeypatch.setattr(Encryptor, "encrypt", refuse)
    response = send(client, "/api/reflections", {"text": f"I felt {MARKER} today"})
    assert response.status_code == 500
    assert "the encryption failed" in everything_logged.text
    assert MARKER not in everything_logged.text


def test_failed_form_post_logs_no_form_field(app, client, db, login_as, world, everything_logged):
    from tests.conftest import post_form

    login_as(client, world.member)
    with broken_statements(app, "rsvp"):
        response = post_form(client, f"/meetings/{world.meeting.id}/rsvp", {"answer": "no", "reason": MARKER})
    assert response.status_code == 500
    assert MARKER not in everything_logged.text


def test_an_error_on_a_secret_url_logs_no_token(app, client, db, everything_logged, monkeypatch):
    """Invite links and calendar feeds carry their secret in the path: the error log names the endpoint instead."""
    from app.meetings import calendar

    def fail(_token: str) -> None:
        raise RuntimeError("the feed lookup failed")

    monkeypatch.setattr(calendar, "feed_owner", fail)
    response = client.get(f"/calendar/{MARKER}.ics")
    assert response.status_code == 500
    assert "the feed lookup failed" in everything_logged.text and "meetings.feed" in everything_logged.text
    assert MARKER not in everything_logged.text
