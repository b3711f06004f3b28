"""The "Me and work" page: a page of the participant's own that gathers what they tried, learned and are good at, shared
with their facilitators only if they choose, and a one-page CV made from it (HTML to print, and PDF)."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("workidentity", __name__)

for _views in ("routes", "cv_routes", "staff_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
