"""Inbox, push settings and the subscription JSON endpoints."""

from __future__ import annotations

from app.notifications import bp  # noqa: F401
