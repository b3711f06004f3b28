"""Public pages, for anyone without logging in: the privacy notice with its cookie table, and security.txt."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("public", __name__)

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
