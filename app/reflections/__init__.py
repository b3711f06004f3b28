"""Reflections on work experiences: private by default, shared by choice, with read receipts."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("reflections", __name__)

for _views in ("routes", "staff_routes"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
