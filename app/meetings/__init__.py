"""Weekly network meetings: schedule, RSVP, check-in with a rotating code, calendar files."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("meetings", __name__)

for _views in ("group_routes", "routes", "staff_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
