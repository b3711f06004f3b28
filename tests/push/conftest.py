"""The local Web Push service as a fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.push.pushservice import PushService


@pytest.fixture
def push_service() -> Iterator[PushService]:
    with PushService() as service:
        yield service


@pytest.fixture
def pushing(app, db, push_service: PushService, monkeypatch: pytest.MonkeyPatch) -> PushService:  # noqa: ANN001
    """The local push service, allowed as a push endpoint for this test (PUSH_TEST_ORIGINS)."""
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (push_service.origin,))
    return push_service
