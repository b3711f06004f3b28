"""Weekly network meetings: schedule, RSVP, check-in with a rotating code, calendar files."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from app.meetings import group_routes, routes, staff_routes  # noqa: E402, F401
