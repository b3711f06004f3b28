"""The privacy notice (/privacy, with the cookie table) and /.well-known/security.txt (RFC 9116).

The numbers on the privacy page (how long logins, invites, notifications and deliveries are kept) are read from
the configuration that enforces them, so the page cannot drift from what the app does.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, render_template
from flask.typing import ResponseReturnValue

from app.accounts.known_browsers import COOKIE as KNOWN_BROWSER_COOKIE
from app.accounts.known_browsers import LIFETIME as KNOWN_BROWSER_LIFETIME
from app.db import utcnow
from app.public import bp
from app.web import LANG_COOKIE

SECURITY_TXT_LIFETIME = timedelta(days=180)  # RFC 9116: Expires, less than a year ahead


def _days(value: timedelta) -> int:
    return value.days


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    config = current_app.config
    return render_template(
        "public/privacy.html",
        idle_days=_days(config["LOGIN_SESSION_IDLE"]),
        max_days=_days(config["LOGIN_SESSION_MAX_AGE"]),
        invite_days=_days(config["INVITE_LIFETIME"]),
        inbox_days=_days(config["NOTIFICATION_RETENTION"]),
        delivery_days=_days(config["DELIVERY_RETENTION"]),
        session_cookie=config["SESSION_COOKIE_NAME"],
        known_cookie=KNOWN_BROWSER_COOKIE,
        known_days=_days(KNOWN_BROWSER_LIFETIME),
        lang_cookie=LANG_COOKIE,
        staff_totp=config["STAFF_TOTP_REQUIRED"],
        security_contact=security_contact().removeprefix("mailto:"),
    )


def security_contact() -> str:
    """SECURITY_CONTACT, else the push contact (VAPID_SUBJECT: a mailbox the operators read)."""
    return current_app.config.get("SECURITY_CONTACT") or current_app.config["VAPID_SUBJECT"]


@bp.get("/.well-known/security.txt")
def security_txt() -> ResponseReturnValue:
    base = current_app.config["PUBLIC_BASE_URL"]
    expires = (utcnow() + SECURITY_TXT_LIFETIME).replace(hour=0, minute=0, second=0, microsecond=0)
    lines = [
        f"Contact: {security_contact()}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: da, en",
        f"Canonical: {base}/.well-known/security.txt",
        f"Policy: {base}/privacy#security",
    ]
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
