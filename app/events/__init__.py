"""Match events: the group meets several local companies together."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("events", __name__)

for _views in ("routes", "staff_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
