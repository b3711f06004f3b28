"""Push subscriptions: validate what a browser sends, keep one row per endpoint, remove on request.

Validation follows the security checklist: an `https` endpoint on port 443 with no user-info, at most
2048 characters, whose host is one of the known push services (or a subdomain of one) — no IP literals,
no look-alikes; `p256dh` a point on P-256 (65 bytes) and `auth` 16 bytes. Tests add a local push service
through PUSH_TEST_ORIGINS, which is honoured only when TESTING.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from yarl import URL

from app.accounts.models import User
from app.db import affected_rows
from app.extensions import db
from app.notifications.models import PushSubscription
from app.transaction import transaction, transactional
from app.vapid import unb64url

MAX_ENDPOINT = 2048
AUTHORITY = re.compile(r"[A-Za-z0-9.-]+(?::443)?")  # host[:443]: no user-info, brackets, backslashes or others
# In an ASCII string: the control characters, every whitespace character (all at or below the space) and "\\".
NOT_IN_ENDPOINT = re.compile(r"[\x00-\x20\\]")


class InvalidSubscription(ValueError):
    """The browser sent something we will not push to; `reason` says why (shown to the user)."""

    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class SubscriptionInfo:
    endpoint: str
    p256dh: str
    auth: str

    @property
    def endpoint_hash(self) -> str:
        return endpoint_hash(self.endpoint)


def endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{parts.hostname or ''}" + (f":{port}" if port and port != default else "")


def _is_test_origin(endpoint: str) -> bool:
    app = current_app
    return bool(app.config.get("TESTING")) and origin_of(endpoint) in app.config.get("PUSH_TEST_ORIGINS", ())


def _contacted_host(endpoint: str) -> str | None:
    """The host the sender's HTTP client would connect to (yarl parses URLs for aiohttp)."""
    try:
        return URL(endpoint).host
    except ValueError:
        return None


def _host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    return any(host == known or host.endswith("." + known) for known in allowed)


def check_endpoint(endpoint: Any) -> str:
    """The endpoint if we may push to it; InvalidSubscription otherwise. Also used again before sending."""
    if not isinstance(endpoint, str) or not endpoint:
        raise InvalidSubscription(_l("The subscription has no endpoint."))
    if len(endpoint) > MAX_ENDPOINT:
        raise InvalidSubscription(_l("The endpoint is too long."))
    if not endpoint.isascii() or NOT_IN_ENDPOINT.search(endpoint):
        raise InvalidSubscription(_l("The endpoint contains characters that are not allowed."))
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError as error:
        raise InvalidSubscription(_l("The endpoint is not a valid address.")) from error
    if _is_test_origin(endpoint):
        return endpoint
    if parts.scheme != "https":
        raise InvalidSubscription(_l("The endpoint must use https."))
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise InvalidSubscription(_l("The endpoint must not contain a user name or password."))
    if port not in (None, 443):
        raise InvalidSubscription(_l("The endpoint must use the standard https port."))
    if not AUTHORITY.fullmatch(parts.netloc) or _contacted_host(endpoint) != parts.hostname:
        # Only a plain host name, so the sender (aiohttp/yarl) connects to exactly the host checked here.
        raise InvalidSubscription(_l("The endpoint is not at a known push service."))
    host = (parts.hostname or "").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise InvalidSubscription(_l("The endpoint must be a push service's name, not an IP address."))
    if not _host_allowed(host, tuple(current_app.config["PUSH_ALLOWED_HOSTS"])):
        raise InvalidSubscription(_l("The endpoint is not at a known push service."))
    return endpoint


def _check_keys(keys: Any) -> tuple[str, str]:
    if not isinstance(keys, dict):
        raise InvalidSubscription(_l("The subscription has no keys."))
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise InvalidSubscription(_l("The subscription has no keys."))
    try:
        point = unb64url(p256dh)
        secret = unb64url(auth)
    except ValueError as error:
        raise InvalidSubscription(_l("The subscription keys are not valid.")) from error
    if len(point) != 65 or point[0] != 4:
        raise InvalidSubscription(_l("The subscription's public key must be 65 bytes."))
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as error:
        raise InvalidSubscription(_l("The subscription's public key is not a valid key.")) from error
    if len(secret) != 16:
        raise InvalidSubscription(_l("The subscription's auth secret must be 16 bytes."))
    return p256dh.rstrip("="), auth.rstrip("=")


def parse_subscription(data: Any) -> SubscriptionInfo:
    """Check a browser's PushSubscription JSON; raises InvalidSubscription with the reason."""
    if not isinstance(data, dict):
        raise InvalidSubscription(_l("Send the subscription as a JSON object."))
    endpoint = check_endpoint(data.get("endpoint"))
    p256dh, auth = _check_keys(data.get("keys"))
    return SubscriptionInfo(endpoint=endpoint, p256dh=p256dh, auth=auth)


def subscribe(
    user: User, info: SubscriptionInfo, *, login_session_id: int | None, device: str = "", relink: bool = False
) -> tuple[PushSubscription | None, bool]:
    """Store this device's subscription for `user`; returns (row, created). The same endpoint held by someone
    else moves to `user` — only after the person turned push on. With `relink` (sent by the page on its own,
    without a tap) only a row that is already `user`'s is linked to this login; anything else is left as it is
    and (None, False) returned."""
    user_id = user.id
    for _attempt in range(2):
        try:
            with transaction():
                row = db.session.scalar(
                    select(PushSubscription).where(PushSubscription.endpoint_hash == info.endpoint_hash)
                )
                if relink and (row is None or row.user_id != user_id):
                    return None, False
                created = row is None
                if row is None:
                    row = PushSubscription(endpoint=info.endpoint, endpoint_hash=info.endpoint_hash)
                row.user_id, row.login_session_id = user_id, login_session_id
                row.p256dh, row.auth, row.device = info.p256dh, info.auth, device[:80]
                db.session.add(row)
            return row, created
        except IntegrityError:  # the same device subscribed twice at once: the other insert won; update it
            continue
    raise RuntimeError("could not store the subscription")


@transactional
def unsubscribe(user: User, endpoint: str) -> bool:
    """Remove `user`'s subscription for `endpoint`. False (and nothing changes) if it is not theirs."""
    result = db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.endpoint_hash == endpoint_hash(endpoint), PushSubscription.user_id == user.id
        )
    )
    return bool(affected_rows(result))


def my_devices(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == user.id).order_by(PushSubscription.created_at)
        )
    )
