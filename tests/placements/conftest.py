"""Shared fixtures for the placement tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english(app, db):  # noqa: ANN001
    """Service calls in these tests run as in an English request, so messages can be asserted."""
    with app.test_request_context("/?lang=en"):
        yield
