"""Facilitation reflection for staff: after a meeting, its facilitators write a one-minute reflection on NEXTWORK's
four principles (a rating of 1-4 for each, and a short text); every member of staff of the municipality reads them,
participants never. A monthly view per group sets them beside attendance, and the group page shows the group's
composition at a glance (new members, placement experience, match events)."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("facilitation", __name__, url_prefix="/staff")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
