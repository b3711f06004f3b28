"""What a push message says: a kind, an opaque id, a generic localised title and body, the page to open and
a topic. Never a name, a message or a reflection: the payload is built from the kind alone.

The topic (RFC 8030 §5.4) is an HMAC of the kind's topic family and the object it is about, so a newer
reminder for the same meeting replaces the older one on the device, and the push service learns nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale

from app.notifications.kinds import KINDS
from app.notifications.models import Kind

TOPIC_LENGTH = 22  # base64url characters (132 bits); RFC 8030 allows at most 32
PAYLOAD_KEYS = ("kind", "id", "title", "body", "url", "tag")


def language_of(language: str | None) -> str:
    """The recipient's language if the app speaks it, else the default."""
    languages = current_app.config["LANGUAGES"]
    return language if language is not None and language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def texts(kind: Kind, language: str | None) -> tuple[str, str]:
    """(title, body) of `kind` in `language`. Needs an app context (works without a request)."""
    info = KINDS[kind]
    with force_locale(language_of(language)):
        return str(info.title), str(info.body)


def topic(kind: Kind, object_id: int | None, ref: str) -> str:
    """The opaque RFC 8030 Topic: one per topic family and object (one per notification if it has no object)."""
    subject = f"{KINDS[kind].topic}:{object_id}" if object_id is not None else f"ref:{ref}"
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"push-topic:{subject}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii")[:TOPIC_LENGTH]


def inbox_url(ref: str) -> str:
    return f"/inbox/{ref}"


def build(kind: Kind, ref: str, object_id: int | None, language: str | None) -> bytes:
    """The JSON payload for one notification, in the recipient's language."""
    title, body = texts(kind, language)
    return encode(kind, ref, title, body, topic(kind, object_id, ref))


def encode(kind: Kind, ref: str, title: str, body: str, tag: str) -> bytes:
    data = {"kind": kind.value, "id": ref, "title": title, "body": body, "url": inbox_url(ref), "tag": tag}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def ttl_seconds(kind: Kind, expires_at: datetime | None, now: datetime) -> int:
    """How long the push service should keep the message: the kind's TTL, but not past `expires_at`.

    Returns 0 if the notification has already expired (the caller then does not send it).
    """
    ttl = KINDS[kind].ttl
    if expires_at is not None:
        ttl = min(ttl, expires_at - now)
    if ttl <= timedelta(0):
        return 0
    return max(1, int(ttl.total_seconds()))


def urgency(kind: Kind, urgent: bool) -> str:
    return "high" if urgent else KINDS[kind].urgency
