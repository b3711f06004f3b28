"""Placements: browse, choose, switch, adjust hours and end — seats never oversold."""

from flask import Blueprint

bp = Blueprint("placements", __name__)

from app.placements import follow_routes, routes, staff_routes  # noqa: E402, F401
