"""Home pages: the participant's "My week" and the staff overview."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from app.dashboard import routes  # noqa: E402, F401
