"""Placements: browse, choose, switch, adjust hours and end — seats never oversold."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("placements", __name__)

for _views in ("follow_routes", "routes", "staff_routes", "wait_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
