"""Shared fixtures for the match-event tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""
