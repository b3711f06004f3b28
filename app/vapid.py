"""VAPID keys (RFC 8292): generate, load and check them, and the contact `sub` push services require.

Keys travel as base64url without padding: the private key as its 32-byte scalar, the public key as the
65-byte uncompressed point (what the browser's `applicationServerKey` takes).
"""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PLACEHOLDER_DOMAINS = ("localhost", "example.com", "example.org", "example.net")
PLACEHOLDER_SUFFIXES = (".local", ".localhost", ".invalid", ".test", ".example")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError for anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+={0,2}", text or ""):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_keypair() -> tuple[str, str]:
    """A new (private, public) pair as base64url strings."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(private), public_key_of(b64url(private))


def load_private_key(private: str) -> ec.EllipticCurvePrivateKey:
    """The key object for a base64url private scalar; ValueError if it is not a valid P-256 key."""
    raw = unb64url(private.strip())
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes (43 base64url characters)")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def public_key_of(private: str) -> str:
    public = load_private_key(private).public_key()
    return b64url(public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def check_subject(subject: str) -> str | None:
    """None if `subject` is a real contact (`mailto:` with an address, or an `https:` URL), else why not."""
    if subject.startswith("mailto:"):
        address = subject.removeprefix("mailto:")
        if not re.fullmatch(r"[^@\s/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", address):
            return "VAPID_SUBJECT must be mailto:<a real e-mail address>."
        host = address.rsplit("@", 1)[1].lower()
    elif subject.startswith("https://"):
        host = (urlsplit(subject).hostname or "").lower()
        if "." not in host:
            return "VAPID_SUBJECT must be an https: URL with a real host name."
    else:
        return "VAPID_SUBJECT must be a mailto: or https: URL (push services reject anything else)."
    placeholder = any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)
    if placeholder or host.endswith(PLACEHOLDER_SUFFIXES):
        return f"VAPID_SUBJECT uses the placeholder domain {host}; push services reject it."
    return None
