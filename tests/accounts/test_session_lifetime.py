"""Each page of a logged-in person says when this device's login ends (for the warning on forms, session.js), and
the profile says it in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.accounts.models import LoginSession
from app.db import utcnow
from tests.factories import make_user

ENDS = re.compile(r'<meta name="nw-login-ends" content="([^"]+)">')


def _ends(client, path: str = "/me") -> datetime | None:  # noqa: ANN001
    match = ENDS.search(client.get(path).get_data(as_text=True))
    return datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if match else None


def _set(db, **times) -> None:  # noqa: ANN001, ANN003
    row = db.session.scalar(select(LoginSession))
    for name, value in times.items():
        setattr(row, name, value)
    db.session.commit()


def test_the_login_ends_at_its_absolute_lifetime_or_after_the_idle_time(app, client, db, login_as):
    login_as(client, make_user())
    now = utcnow().replace(microsecond=0)
    max_age, idle = app.config["LOGIN_SESSION_MAX_AGE"], app.config["LOGIN_SESSION_IDLE"]
    _set(db, created_at=now - max_age + timedelta(minutes=7), last_seen_at=now)
    assert _ends(client) == now + timedelta(minutes=7)  # the absolute lifetime comes first
    _set(db, created_at=now, last_seen_at=now)
    assert _ends(client) == now + idle  # a fresh login: the idle time


def test_no_login_no_end(client):
    assert _ends(client, "/login") is None


def test_the_script_with_the_warning_texts_is_on_every_logged_in_page(client, db, login_as):
    login_as(client, make_user(language="en"))
    page = client.get("/reflections/new").get_data(as_text=True)
    assert "js/session.js" in page and "data-nw-login-warning" in page
    assert "Save what you have written before then" in page and "{time}" in page


def test_the_profile_says_until_when(client, db, login_as):
    login_as(client, make_user(language="en"))
    assert "logged in until" in client.get("/me").get_data(as_text=True)
