"""The monthly wellbeing pulse: an opt-in check-in for participants (WHO-5, the three-item loneliness scale and
how useful NEXTWORK was), their own trend, a calm support box when things look hard, an optional "I'd like to
talk" request to their facilitators, and k-anonymous aggregates for staff (never one person's answers)."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("wellbeing", __name__)

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
