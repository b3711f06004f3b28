"""Accounts: login and devices, invitations, passwords, profile; the municipality's settings."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("accounts", __name__)

# Each registers its routes (and template globals) on the blueprint.
for _views in ("routes", "settings_routes", "second_factor_routes", "session_lifetime"):
    import_module(f"{__name__}.{_views}")
