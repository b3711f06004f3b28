"""Security headers with a per-request CSP nonce, and safe redirect targets."""

from __future__ import annotations

import secrets
import unicodedata
from typing import Any, TypeGuard
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, current_app, g, request, url_for
from flask_login import current_user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link to `endpoint` on the configured PUBLIC_BASE_URL: never built from the request's Host or
    X-Forwarded-Host, which a client can forge (an invite link to another site would carry a valid token)."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """True only for a path on this site: '/…', never '//host', '/\\host', a scheme or user-info."""
    if not target or len(target) > 2000:
        return False
    for candidate in (target, unquote(target), unquote(unquote(target))):
        if any(unicodedata.category(ch)[0] == "C" for ch in candidate):
            return False
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")) or "\\" in candidate:
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True


# Endpoints that never carry personal data, so browsers may keep and revalidate them even when logged in.
PUBLIC_ENDPOINTS = {"static", "pwa.manifest", "pwa.service_worker", "pwa.offline", "public.security_txt"}


def _security_headers(response: Response, hsts: bool) -> Response:
    nonce = csp_nonce()
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'nonce-{nonce}'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=()"
    if hsts:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint not in PUBLIC_ENDPOINTS and _maybe_logged_in():
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _maybe_logged_in() -> bool:
    """Whether the answer may be personal. If the login cannot be checked (the database failed during this
    request), it is treated as personal, and the headers above are set all the same."""
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:
        return True


def register_security_headers(app: Flask) -> None:
    hsts = bool(app.config["HSTS"])

    @app.after_request
    def add_headers(response: Response) -> Response:
        return _security_headers(response, hsts)
