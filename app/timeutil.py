"""Local (Europe/Copenhagen) wall-clock time <-> stored UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


def local_to_utc(day: date, at: time) -> datetime:
    """The UTC instant of a local date and wall-clock time (DST-aware)."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def local_today(now: datetime) -> date:
    return to_local(now).date()
