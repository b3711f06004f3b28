"""Facilitator notes: short, dated notes on a participant for that person's current facilitators and the
municipality's admins. The person can read them in their data export; they go with the account."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("notes", __name__, url_prefix="/staff/people/<int:user_id>/notes")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
