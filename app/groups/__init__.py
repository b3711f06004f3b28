"""Network groups of 8–12 young people with their facilitators, and membership history."""

from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/staff/groups")

from app.groups import routes  # noqa: E402, F401
