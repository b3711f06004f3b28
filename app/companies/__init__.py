"""Local companies that take part in match events and offer placements."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/staff/companies")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
