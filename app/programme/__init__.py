"""The programme: each participant's period in NEXTWORK from joining to leaving, why they left (a job, education …)
and how they are doing 6, 12 and 30 months after the start; the keys and log of the evaluators' exports.

A domain feature above placements (it ends the last placement when someone leaves for a job) and groups (joining
a group starts a period: it listens to `member_added`)."""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("programme", __name__)

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
