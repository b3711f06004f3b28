"""Reminders that fall due: meetings (the evening before, 2 hours before) and match events."""

from __future__ import annotations

from datetime import datetime


def schedule_due(now: datetime | None = None) -> int:
    """Create the reminders that are due at `now` and commit; returns how many notifications were made."""
    return 0
