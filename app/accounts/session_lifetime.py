"""How long this device stays logged in, for the pages: forms where typed text could be lost warn before the login
ends (base.html's meta tag, read by static/js/session.js), and the profile says until when."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g

from app.accounts import bp


@bp.app_template_global()
def login_ends_at() -> datetime | None:
    """When this request's device session ends if left alone (sessions.ends_at), or None when not logged in."""
    ends = g.get("login_ends_at")
    return ends if isinstance(ends, datetime) else None


@bp.app_template_filter()
def iso_utc(value: datetime) -> str:
    """`2026-12-02T10:15:00Z`: a moment JavaScript's Date.parse reads the same everywhere."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
