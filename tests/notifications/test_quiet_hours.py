"""Quiet hours: which local times are quiet (also when they wrap past midnight) and when a held push may go,
across both DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.notifications.prefs import defaults, in_quiet_hours, send_at


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 3, 28, 21, 0), utc(2026, 3, 29, 6, 0)),  # 22:00 CET → 08:00 CEST, the night clocks go forward
        (utc(2026, 10, 24, 21, 30), utc(2026, 10, 25, 7, 0)),  # 23:30 CEST → 08:00 CET, the night they go back
        (utc(2026, 11, 27, 6, 59), utc(2026, 11, 27, 7, 0)),  # 07:59 → 08:00 the same morning
        (utc(2026, 11, 27, 20, 0), utc(2026, 11, 28, 7, 0)),  # 21:00 sharp is quiet
        (utc(2026, 11, 27, 11, 0), utc(2026, 11, 27, 11, 0)),  # noon: now
        (utc(2026, 11, 27, 7, 0), utc(2026, 11, 27, 7, 0)),  # 08:00 sharp: no longer quiet
    ],
)
def test_a_non_urgent_push_waits_until_quiet_hours_end(moment, expected):
    prefs = defaults(1)
    assert send_at(prefs, moment, urgent=False) == expected
    assert send_at(prefs, moment, urgent=True) == moment


def test_quiet_hours_that_do_not_wrap_and_switched_off():
    prefs = defaults(1)
    prefs.quiet_start, prefs.quiet_end = time(1, 0), time(6, 0)
    assert in_quiet_hours(prefs, utc(2026, 11, 27, 2, 0))  # 03:00 local
    assert not in_quiet_hours(prefs, utc(2026, 11, 27, 21, 0))  # 22:00 local
    assert send_at(prefs, utc(2026, 11, 27, 2, 0), urgent=False) == utc(2026, 11, 27, 5, 0)
    prefs.quiet_enabled = False
    assert send_at(prefs, utc(2026, 11, 27, 2, 0), urgent=False) == utc(2026, 11, 27, 2, 0)
