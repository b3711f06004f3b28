"""Notifications: the in-app inbox, Web Push subscriptions and deliveries, preferences, reminders."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("notifications", __name__)

for _views in ("routes", "push_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
