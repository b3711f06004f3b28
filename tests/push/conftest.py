"""The local Web Push service as a fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.push.pushservice import PushService


@pytest.fixture
def push_service() -> Iterator[PushService]:
    with PushService() as service:
        yield service
