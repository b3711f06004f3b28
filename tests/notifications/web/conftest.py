"""Helpers for the inbox, settings and subscription tests: a logged-in person, browser-like subscriptions,
and JSON posts with the CSRF token in the header (as push.js sends them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from app.accounts.models import Role, User
from tests.conftest import csrf_token
from tests.factories import make_municipality, make_user
from tests.push.pushservice import b64url_encode, public_bytes

FCM = "https://fcm.googleapis.com/fcm/send/"


def keys() -> dict[str, str]:
    """Keys as a browser makes them: a P-256 public point (65 bytes) and a 16-byte auth secret."""
    point = public_bytes(ec.generate_private_key(ec.SECP256R1()).public_key())
    return {"p256dh": b64url_encode(point), "auth": b64url_encode(os.urandom(16))}


def subscription(endpoint: Any = None, **overrides: Any) -> dict[str, Any]:
    """A browser's PushSubscription.toJSON(); a new FCM endpoint unless `endpoint` is given."""
    endpoint = FCM + b64url_encode(os.urandom(12)) if endpoint is None else endpoint
    return {"endpoint": endpoint, "expirationTime": None, "keys": keys(), **overrides}


def post_json(
    client: FlaskClient,
    url: str,
    body: Any = None,
    *,
    raw: str | None = None,
    token: bool = True,
    content_type: str = "application/json",
):  # noqa: ANN201
    """POST as push.js does: a JSON body, the CSRF token in the X-CSRFToken header."""
    headers = {"Accept": "application/json"}
    if token:
        headers["X-CSRFToken"] = csrf_token(client)
    return client.post(url, data=json.dumps(body) if raw is None else raw, headers=headers, content_type=content_type)


@pytest.fixture
def person(db) -> User:  # noqa: ANN001
    return make_user(Role.PARTICIPANT, make_municipality(), language="en")


@pytest.fixture
def logged_in(client: FlaskClient, login_as: Callable, person: User) -> FlaskClient:
    login_as(client, person)
    return client


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Labels and messages in these tests are asserted in English."""
