"""JSON endpoints for the device's send-later queue: write a reflection, answer a meeting, change hours.

Each takes a JSON body with an idempotency key, answers in JSON with a status the queue can act on
(never a redirect, which `fetch` would follow and count as success), and has one effect however often
the same request arrives.
"""

from importlib import import_module

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

for _views in ("routes",):  # each registers its routes on the blueprint
    import_module(f"{__name__}.{_views}")
