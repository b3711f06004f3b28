"""Login, logout and device sessions, throttling, and the same answer for unknown e-mail and wrong password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts import passwords
from app.accounts.models import LoginSession, Role
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, make_user

CSRF_VALUE = re.compile(r'(name="csrf_token" type="hidden" value="|name="csrf-token" content="| nonce=")[^"]+')


def login(client, email, password, next_url=None, **kwargs):
    url = "/login" + (f"?next={next_url}" if next_url is not None else "")
    return post_form(client, url, {"email": email, "password": password}, **kwargs)


def test_login_with_right_password_lands_on_home_and_records_a_device(client, db):
    user = make_user(email="Ung@Example.test")
    response = login(client, "  UNG@example.TEST ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/week").status_code == 200
    rows = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    assert len(rows) == 1 and rows[0].ended_at is None


def test_session_cookie_changes_at_login(client, db):
    make_user(email="a@example.test")
    client.get("/login")
    before = client.get_cookie("nw_session").value
    login(client, "a@example.test", PASSWORD)
    assert client.get_cookie("nw_session").value != before


def test_unknown_email_and_wrong_password_are_indistinguishable(client, db, monkeypatch):
    make_user(email="known@example.test")
    calls = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: calls.append(h) or real_check(h, p))

    wrong = login(client, "known@example.test", "not the password")
    unknown = login(client, "nobody@example.test", "not the password")

    assert wrong.status_code == unknown.status_code == 200
    scrub = lambda r: CSRF_VALUE.sub("", r.get_data(as_text=True)).replace("nobody@", "known@")  # noqa: E731
    assert scrub(wrong) == scrub(unknown)
    assert "known@example.test" in wrong.get_data(as_text=True)  # the e-mail is kept, the password is not
    # Both paths verify exactly one scrypt hash, so they cost the same.
    assert len(calls) == 2 and all(h.startswith("scrypt:") for h in calls)


def test_deactivated_user_cannot_log_in_and_gets_the_same_answer(client, db):
    make_user(email="gone@example.test", active=False)
    response = login(client, "gone@example.test", PASSWORD)
    assert response.status_code == 200
    assert client.get("/week").status_code == 302


def test_logout_ends_this_device_only_and_a_replayed_cookie_is_refused(client, make_client, db):
    make_user(email="two@example.test")
    phone, laptop = client, make_client()
    login(phone, "two@example.test", PASSWORD)
    login(laptop, "two@example.test", PASSWORD)
    captured = phone.get_cookie("nw_session").value

    response = post_form(phone, "/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'

    thief = make_client()
    thief.set_cookie("nw_session", captured)
    replay = thief.get("/week")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/login")
    assert laptop.get("/week").status_code == 200


def test_last_seen_is_not_written_on_every_request(client, db, login_as):
    user = make_user()
    login_as(client, user)
    row = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    first_seen = row.last_seen_at
    for _ in range(3):
        assert client.get("/week").status_code == 200
    db.session.expire_all()
    assert db.session.get(LoginSession, row.id).last_seen_at == first_seen


def test_idle_session_expires(app, client, db, login_as):
    from datetime import timedelta

    user = make_user()
    login_as(client, user)
    row = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    row.last_seen_at = row.last_seen_at - app.config["LOGIN_SESSION_IDLE"] - timedelta(minutes=1)
    db.session.commit()
    assert client.get("/week").status_code == 302
    db.session.expire_all()
    assert db.session.get(LoginSession, row.id).ended_at is not None


def test_login_is_throttled_per_account_across_ips(app, client, db):
    make_user(email="target@example.test")
    limit = int(app.config["RATELIMIT_LOGIN_PER_ACCOUNT"].split()[0])
    for attempt in range(limit):
        ip = {"REMOTE_ADDR": f"10.0.0.{attempt + 1}"}
        assert login(client, "target@example.test", "wrong", environ_base=ip).status_code == 200
    blocked = login(client, "target@example.test", PASSWORD, environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "minut" in blocked.get_data(as_text=True)
    # Another account from the same addresses is not affected.
    make_user(email="other@example.test")
    assert login(client, "other@example.test", PASSWORD).status_code == 302


def test_login_is_throttled_per_ip(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_PER_IP", "3 per minute")
    for n in range(3):
        assert login(client, f"someone{n}@example.test", "wrong").status_code == 200
    assert login(client, "someone-else@example.test", "wrong").status_code == 429


def test_successful_logins_do_not_use_up_the_limit(app, make_client, db):
    make_user(email="often@example.test")
    limit = int(app.config["RATELIMIT_LOGIN_PER_ACCOUNT"].split()[0])
    for _ in range(limit + 2):
        assert login(make_client(), "often@example.test", PASSWORD).status_code == 302


HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "https:evil.example",
    "http://user@evil.example",
    "/@evil.example",  # harmless path, but must stay a path
    "https://127.0.0.1@evil.example/",
    "/%09/evil.example",
    "/\t/evil.example",
    "data:text/html,hi",
    "%252F%252Fevil.example",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_hostile_next_ends_on_an_internal_page(client, db, target):
    from urllib.parse import quote

    make_user(email="n@example.test")
    response = login(client, "n@example.test", PASSWORD, next_url=quote(target, safe=""))
    location = response.headers["Location"]
    assert response.status_code == 302
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in location or location == "/@evil.example", location


def test_internal_next_is_followed(client, db):
    make_user(email="n@example.test")
    response = login(client, "n@example.test", PASSWORD, next_url="/me%3Fx%3D1")
    assert response.headers["Location"] == "/me?x=1"


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/me")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/me"


def test_logged_in_user_visiting_login_goes_home(client, db, login_as):
    login_as(client, make_user(Role.FACILITATOR))
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_csrf_token_helper_sanity(client):
    assert csrf_token(client)
