"""Staff pages about people: create them (and put a new participant in a group), invite links, deactivation.

A composition feature: it uses the services of accounts and groups, which know nothing of it.
"""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/staff/people")

from app.people import routes  # noqa: E402, F401  (the routes register themselves on bp)
