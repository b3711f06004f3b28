"""Browsers that have logged in to an account before, so a busy shared network does not lock them out.

The per-IP login limit counts failed logins from one address. A whole group at a meeting shares one Wi-Fi address,
so a few people mistyping would otherwise block everyone there. A browser that has logged in to an account before
carries a signed cookie naming that account (a keyed hash of its e-mail, not the address), and its logins to that
account are not held back by the per-IP limit: only by the per-account limit, which still stops guessing any one
account from anywhere. A browser without it (or another account) still meets the per-IP limit.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

COOKIE = "nw_known"
LIFETIME = timedelta(days=180)
KEEP = 5  # accounts remembered per browser (a shared family phone)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-browser")


def _ref(email: str) -> str:
    """A keyed hash of the normalised e-mail: the cookie never holds the address."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, email.strip().lower().encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:24]


def _known() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        refs = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return []
    return [ref for ref in refs if isinstance(ref, str)] if isinstance(refs, list) else []


def knows(email: str) -> bool:
    """True when this browser has logged in to the account with this e-mail before."""
    return bool(email) and _ref(email) in _known()


def remember(response: Response, email: str) -> Response:
    """Mark this browser as known for the account (after a completed login)."""
    ref = _ref(email)
    refs = [ref, *(r for r in _known() if r != ref)][:KEEP]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(refs),
        max_age=int(LIFETIME.total_seconds()),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
