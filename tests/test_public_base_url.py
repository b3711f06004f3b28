"""Issue 17, defect 3: absolute links come from PUBLIC_BASE_URL, never from the request's Host or X-Forwarded-Host;
production requires the setting and answers only the hosts it trusts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.accounts.models import Role, User
from app.config import ConfigError
from app.db import utcnow
from app.extensions import db as _db
from tests.conftest import IsolatedClient, production_settings
from tests.factories import add_to_group, make_group, make_municipality, make_user
from tests.meetings.conftest import add_meeting

BASE = "https://app.kommune.example"
ABSOLUTE = re.compile(r"""(?:https?|webcal)://[^\s"'<>]+""")
# Addresses the pages may name that are not links to the app itself.
ELSEWHERE = ("http://www.w3.org/",)
# A forged Host (an app without a proxy), or a forged X-Forwarded-Host (an app behind one proxy, which trusts it).
FORGERIES = {
    "host": ({}, {"base_url": "http://evil.example"}),
    "forwarded-host": ({"PROXY_HOPS": 1}, {"headers": {"X-Forwarded-Host": "evil.example"}}),
}


@pytest.fixture(params=sorted(FORGERIES))
def forged(request: pytest.FixtureRequest, app: Flask, database_url: str) -> Iterator[tuple[Flask, dict]]:
    """An app with a public base URL that trusts any host, and the request arguments that forge its host."""
    settings, forgery = FORGERIES[request.param]
    forged_app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None, "PUBLIC_BASE_URL": BASE, **settings},
    )
    forged_app.test_client_class = IsolatedClient
    yield forged_app, forgery
    with forged_app.app_context():
        _db.engine.dispose()


def _login(app: Flask, client, user: User, forgery: dict) -> None:  # noqa: ANN001
    from app.accounts import sessions

    with app.app_context():
        token = sessions.start_session(_db.session.get(User, user.id), "pytest")
    with client.session_transaction(base_url=forgery.get("base_url", "http://localhost")) as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": token})


def _get(client, url: str, forgery: dict) -> str:  # noqa: ANN001
    return client.get(url, **forgery).get_data(as_text=True)


def _post(client, url: str, forgery: dict, data: dict | None = None):  # noqa: ANN001
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', _get(client, "/me", forgery))
    assert match
    return client.post(url, data={"csrf_token": match.group(1), **(data or {})}, **forgery)


def _absolute_urls(body: str) -> list[str]:
    """Every absolute URL in a page; webcal: (the calendar app's scheme for the feed) counted as https:."""
    urls = [re.sub("^webcal://", "https://", u) for u in ABSOLUTE.findall(body)]
    return [u for u in urls if not u.startswith(ELSEWHERE)]


def test_every_absolute_link_uses_the_public_base_url(forged, db, monkeypatch):
    app, forgery = forged
    town = make_municipality()
    staff = make_user(Role.FACILITATOR, town)
    member = make_user(Role.PARTICIPANT, town)
    group = make_group(town, weekday=1, start=time(10))
    add_to_group(group, member)
    add_to_group(group, staff, "facilitator")
    meeting = add_meeting(db, group, utcnow() - timedelta(minutes=5))
    emitted: list[str] = []

    # The check-in QR: the URL it encodes.
    import app.meetings.staff_routes as staff_routes

    real_make = staff_routes.segno.make

    def recording_make(content: str, **kwargs):  # noqa: ANN003
        emitted.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr(staff_routes.segno, "make", recording_make)

    facilitator = app.test_client()
    _login(app, facilitator, staff, forgery)
    new = {"display_name": "Ny Ung", "email": "ny@example.test", "role": "participant", "language": "da"}
    assert _post(facilitator, "/staff/people/new", forgery, new).status_code == 302
    person = db.session.scalar(select(User).where(User.email == "ny@example.test"))
    pages = [_get(facilitator, f"/staff/people/{person.id}", forgery)]
    assert _post(facilitator, f"/staff/meetings/{meeting.id}/checkin/open", forgery).status_code == 302
    pages.append(_get(facilitator, f"/staff/meetings/{meeting.id}/screen", forgery))
    pages.append(_get(facilitator, f"/staff/meetings/{meeting.id}", forgery))

    participant = app.test_client()
    _login(app, participant, member, forgery)
    assert _post(participant, "/calendar/renew", forgery).status_code == 302
    pages.append(_get(participant, "/calendar", forgery))

    for body in pages:
        emitted.extend(_absolute_urls(body))
    assert any("/invite/" in url for url in emitted), "the invite link was shown"
    assert any(re.search(r"/calendar/[^/]+\.ics$", url) for url in emitted), "the calendar link was shown"
    assert any(f"/meetings/{meeting.id}/checkin" in url for url in emitted), "the QR was made"
    assert [url for url in emitted if not url.startswith(BASE + "/")] == []


def test_redirects_never_name_the_forged_host(forged, db):
    app, forgery = forged
    response = app.test_client().get("/week", **forgery)
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_create_admin_prints_the_public_base_url(forged):
    app, _forgery = forged
    with app.app_context():  # the command runs in this app (not in another test app's context)
        result = app.test_cli_runner().invoke(
            args=["users", "create-admin", "chef@kommune.dk", "--name", "Chef", "--municipality", "Køge"]
        )
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith(f"{BASE}/invite/")


def _production(database_url: str, **overrides: object) -> Flask:
    return create_app("production", production_settings(database_url, **{"PUBLIC_BASE_URL": BASE, **overrides}))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PUBLIC_BASE_URL", "TRUSTED_HOSTS", "PROXY_HOPS", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("value", ["", "app.kommune.dk", "http://app.kommune.dk", "https://app.kommune.dk/x",
                                   "https://user:pw@app.kommune.dk", "ftp://app.kommune.dk"])  # fmt: skip
def test_production_refuses_to_start_without_a_public_https_base_url(database_url, clean_env, value):
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        _production(database_url, PUBLIC_BASE_URL=value)


def test_production_answers_only_its_own_host(database_url, clean_env):
    app = _production(database_url)
    assert app.config["TRUSTED_HOSTS"] == ["app.kommune.example"]
    client = app.test_client()
    assert client.get("/healthz", base_url=BASE).status_code == 200
    refused = client.get("/healthz", base_url="https://evil.example")
    assert refused.status_code == 400
    assert "Content-Security-Policy" in refused.headers  # the app's own error answer
    with app.app_context():
        _db.engine.dispose()


def test_production_behind_a_proxy_checks_the_forwarded_host(database_url, clean_env):
    app = _production(database_url, PROXY_HOPS=1, TRUSTED_HOSTS=["app.kommune.example", "intern.kommune.example"])
    client = app.test_client()
    assert client.get("/healthz", base_url="http://intern.kommune.example").status_code == 200
    forwarded = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    assert client.get("/healthz", base_url=BASE, headers=forwarded).status_code == 400
    with app.app_context():
        _db.engine.dispose()
