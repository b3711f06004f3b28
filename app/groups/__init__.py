"""Network groups of 8–12 young people with their facilitators, and membership history."""

from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/staff/groups")
messages_bp = Blueprint("messages", __name__, url_prefix="/messages")  # the members' side of group messages

from app.groups import message_routes, routes  # noqa: E402, F401
