"""Reflections on work experiences: private by default, shared by choice, with read receipts."""

from flask import Blueprint

bp = Blueprint("reflections", __name__)

from app.reflections import routes, staff_routes  # noqa: E402, F401
