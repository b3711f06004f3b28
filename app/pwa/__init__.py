"""Installable app: web manifest, service worker, offline page and the per-login offline cache id."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)

from app.pwa import routes  # noqa: E402, F401
