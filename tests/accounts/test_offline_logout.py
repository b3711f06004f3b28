"""A logout made offline reaches the server with the next request of any kind (the nw_logout cookie that app.js
leaves): the device session ends before anything is served, the old session cookie fails from then on, and the
answer clears the site's storage. A cookie that is not this login's own changes nothing."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select

from app.accounts.models import LoginSession, Role
from tests.factories import make_user


def _cache_id(app, token: str) -> str:  # noqa: ANN001
    key = str(app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"nw-cache:" + token.encode(), hashlib.sha256).hexdigest()[:24]


def _open(db, user) -> int:  # noqa: ANN001
    db.session.expire_all()
    rows = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    return sum(row.ended_at is None for row in rows)


def test_the_next_request_ends_the_login(app, client, db, login_as, make_client) -> None:  # noqa: ANN001
    person = make_user(Role.PARTICIPANT)
    token = login_as(client, person)
    session_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/week").status_code == 200
    client.set_cookie("nw_logout", _cache_id(app, token))

    response = client.get("/week")  # any request: here the page the app opens with
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "nw_logout=;" in response.headers.get("Set-Cookie", "")
    assert _open(db, person) == 0

    thief = make_client()  # the old session cookie, copied before: it no longer logs anyone in
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookie)
    assert thief.get("/week").status_code == 302


def test_a_public_page_finishes_it_too(app, client, db, login_as) -> None:  # noqa: ANN001
    person = make_user(Role.PARTICIPANT)
    client.set_cookie("nw_logout", _cache_id(app, login_as(client, person)))
    assert client.get("/login").status_code == 200  # the login page itself, not a redirect home
    assert _open(db, person) == 0


def test_a_cookie_that_is_not_this_logins_own_changes_nothing(app, client, db, login_as) -> None:  # noqa: ANN001
    person = make_user(Role.PARTICIPANT)
    login_as(client, person)
    client.set_cookie("nw_logout", _cache_id(app, "some other login"))
    response = client.get("/week")
    assert response.status_code == 200 and "Clear-Site-Data" not in response.headers
    assert "nw_logout=;" in response.headers.get("Set-Cookie", "")  # the stray cookie is dropped
    assert _open(db, person) == 1


def test_log_out_on_all_devices_made_offline_ends_every_login(app, client, db, login_as, make_client) -> None:  # noqa: ANN001
    person = make_user(Role.PARTICIPANT)
    other_phone = make_client()
    login_as(other_phone, person)
    client.set_cookie("nw_logout", _cache_id(app, login_as(client, person)) + ".all")
    assert client.get("/week").status_code == 302
    assert _open(db, person) == 0
    assert other_phone.get("/week").status_code == 302  # the other device is logged out too
