"""Installable app: web manifest, service worker, offline page and the per-login offline cache id."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("pwa", __name__)

for _views in ("routes", "offline_logout"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
