"""JSON endpoints for the device's send-later queue: write a reflection, answer a meeting, change hours.

Each takes a JSON body with an idempotency key, answers in JSON with a status the queue can act on
(never a redirect, which `fetch` would follow and count as success), and has one effect however often
the same request arrives.
"""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from app.api import routes  # noqa: E402, F401
