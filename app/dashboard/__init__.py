"""Home pages: the participant's "My week" and the staff overview."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
