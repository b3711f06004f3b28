"""Staff pages about people: create them (and put a new participant in a group), invite links, deactivation.

A composition feature: it uses the services of accounts and groups, which know nothing of it.
"""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/staff/people")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
