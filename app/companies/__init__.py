"""Local companies that take part in match events and offer placements."""

from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/staff/companies")

from app.companies import routes  # noqa: E402, F401
