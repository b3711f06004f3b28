"""Every JSON error under /api/ and /push/ has the one shape {"error": machine code, "message": text}
(plus "fields" when particular fields are wrong), whichever layer answers: the endpoint, the body reader,
the login and role checks, CSRF, routing (404/405, JSON without asking under /api/), the size limit,
the rate limiter or a crash."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api import routes as api_routes
from app.notifications import push_routes
from tests.api.conftest import World, send
from tests.conftest import csrf_token
from tests.notifications.web.conftest import subscription


@dataclass
class Ctx:
    client: FlaskClient
    login_as: Callable
    world: World
    monkeypatch: pytest.MonkeyPatch

    def member(self) -> FlaskClient:
        self.login_as(self.client, self.world.member)
        return self.client

    def staff(self) -> FlaskClient:
        self.login_as(self.client, self.world.staff)
        return self.client

    def crashing(self, module: object, name: str) -> FlaskClient:
        """The member's client, with `module.name` raising an unexpected exception."""
        self.monkeypatch.setattr(module, name, _crash)
        return self.member()

    def rsvp_url(self, meeting: str = "meeting") -> str:
        return f"/api/meetings/{getattr(self.world, meeting).id}/rsvp"


@dataclass
class Case:
    status: int
    error: str
    call: Callable[[Ctx], TestResponse]
    field: str | None = None  # the field named in "fields", if any


def _crash(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("secret-internal-detail")


def _push(client: FlaskClient, url: str, body: object, *, token: bool = True) -> TestResponse:
    """POST like push.js: JSON, the CSRF token in the header."""
    headers = {"Accept": "application/json", **({"X-CSRFToken": csrf_token(client)} if token else {})}
    return client.post(url, data=json.dumps(body), headers=headers, content_type="application/json")


def _get_json(client: FlaskClient, url: str) -> TestResponse:
    return client.get(url, headers={"Accept": "application/json"})


def _rate_limited(client: FlaskClient) -> TestResponse:
    headers = {"X-CSRFToken": csrf_token(client), "Accept": "application/json"}
    for _ in range(20):
        response = client.post("/push/test", headers=headers)
        if response.status_code == 429:
            assert response.headers["Retry-After"].isdigit()  # how long to wait: in the header, not the body
            return response
    raise AssertionError("the test notification was never rate limited")


API = {
    "bad body": Case(400, "bad_request", lambda x: send(x.member(), "/api/reflections", raw="[]")),
    "bad key": Case(400, "bad_request", lambda x: send(x.member(), x.rsvp_url(), {}, key="short"), "key"),
    "csrf": Case(400, "csrf", lambda x: send(x.member(), "/api/reflections", {"text": "Hi"}, csrf=False)),
    "login": Case(401, "unauthorized", lambda x: send(x.client, "/api/reflections", {"text": "Hi"})),
    "role": Case(403, "forbidden", lambda x: send(x.staff(), "/api/reflections", {"text": "Hi"})),
    "unknown url": Case(404, "not_found", lambda x: x.client.get("/api/no-such-thing")),  # no Accept header
    "not yours": Case(404, "not_found", lambda x: send(x.member(), "/api/meetings/999999/rsvp", {"answer": "no"})),
    "method": Case(405, "method_not_allowed", lambda x: x.client.get("/api/reflections")),  # no Accept header
    "started": Case(409, "conflict", lambda x: send(x.member(), x.rsvp_url("started"), {"answer": "no"}), "answer"),
    "over the body limit": Case(
        413, "request_entity_too_large", lambda x: send(x.member(), "/api/reflections", {"text": "x" * 40_000})
    ),
    "over the app limit": Case(
        413, "request_entity_too_large", lambda x: send(x.member(), x.rsvp_url(), raw=b"x" * 600_000)
    ),
    "invalid field": Case(422, "invalid", lambda x: send(x.member(), "/api/reflections", {"text": " "}), "text"),
    "crash": Case(
        500,
        "internal_server_error",
        lambda x: send(x.crashing(api_routes.reflections, "write"), "/api/reflections", {"text": "Hi"}),
    ),
}

PUSH = {
    "bad subscription": Case(
        400, "invalid_subscription", lambda x: _push(x.member(), "/push/subscribe", subscription(endpoint="http://x"))
    ),
    "csrf": Case(400, "csrf", lambda x: _push(x.member(), "/push/subscribe", subscription(), token=False)),
    "login": Case(401, "unauthorized", lambda x: _push(x.client, "/push/subscribe", subscription())),
    "unknown url": Case(404, "not_found", lambda x: _get_json(x.client, "/push/no-such-thing")),
    "not yours": Case(404, "not_found", lambda x: _push(x.member(), "/push/unsubscribe", {"endpoint": "nope"})),
    "method": Case(405, "method_not_allowed", lambda x: _get_json(x.client, "/push/subscribe")),
    "relink": Case(
        409,
        "not_yours",
        lambda x: _push(x.member(), "/push/subscribe", {"subscription": subscription(), "relink": True}),
    ),
    "too large": Case(
        413,
        "request_entity_too_large",
        lambda x: _push(x.member(), "/push/subscribe", subscription(padding="x" * 600_000)),
    ),
    "rate limited": Case(429, "too_many_requests", lambda x: _rate_limited(x.member())),
    "crash": Case(
        500,
        "internal_server_error",
        lambda x: _push(x.crashing(push_routes.subscriptions, "parse_subscription"), "/push/subscribe", {}),
    ),
}

CASES = [pytest.param(case, id=f"api {name}") for name, case in API.items()] + [
    pytest.param(case, id=f"push {name}") for name, case in PUSH.items()
]


@pytest.mark.parametrize("case", CASES)
def test_every_json_error_has_the_one_shape(
    client: FlaskClient, login_as: Callable, world: World, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    response = case.call(Ctx(client, login_as, world, monkeypatch))
    assert response.status_code == case.status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json", response.mimetype
    body = response.get_json()
    expected_keys = {"error", "message", "fields"} if case.field else {"error", "message"}
    assert set(body) == expected_keys, body
    assert body["error"] == case.error
    assert isinstance(body["message"], str) and body["message"].strip()
    assert "secret-internal-detail" not in response.get_data(as_text=True)
    if case.field:
        assert list(body["fields"]) == [case.field]
        assert all(isinstance(m, str) and m for m in body["fields"][case.field])
        assert body["message"] == body["fields"][case.field][0]


def test_a_json_403_elsewhere_has_the_same_shape(client: FlaskClient, login_as: Callable, world: World) -> None:
    login_as(client, world.staff)
    response = client.get("/week", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json() == {"error": "forbidden", "message": "You do not have access to this page."}
