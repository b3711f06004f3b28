"""Accounts: login and devices, invitations, passwords, profile, and staff management of people."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
people_bp = Blueprint("people", __name__, url_prefix="/staff/people")

from app.accounts import people_routes, routes  # noqa: E402, F401
