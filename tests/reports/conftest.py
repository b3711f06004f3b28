"""Shared fixtures for the report tests: the hand-built world (world.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reports.world import World, build


@pytest.fixture
def world(db) -> Iterator[World]:  # noqa: ANN001
    yield build()
