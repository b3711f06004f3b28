"""Match events: the group meets several local companies together."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from app.events import routes, staff_routes  # noqa: E402, F401
