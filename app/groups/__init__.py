"""Network groups of 8–12 young people with their facilitators, and membership history."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/staff/groups")
messages_bp = Blueprint("messages", __name__, url_prefix="/messages")  # the members' side of group messages

for _views in ("message_routes", "routes", "contacts"):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
