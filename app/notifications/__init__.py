"""Notifications: the in-app inbox, Web Push subscriptions and deliveries, preferences, reminders."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402, F401
