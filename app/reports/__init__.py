"""Reports for the municipality's board and evaluators (/staff/reports): the figures the evaluation of NEXTWORK
measured, for a group, a facilitator's groups or the whole municipality, over a period and per start cohort, with
charts drawn on the server, their tables, and CSV exports (also pseudonymised).

A page that composes every feature (like people and dashboard): programme periods and outcomes, meetings,
placements and match events. It writes only the export log and export keys (app.programme.models)."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/staff/reports")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
