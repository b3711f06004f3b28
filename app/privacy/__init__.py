"""My data (export and deleting the account) and the staff's confirmation of deletions."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("privacy", __name__)

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
