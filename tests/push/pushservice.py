"""A local Web Push service for tests, written from the RFCs (not by calling pywebpush, http_ece or py_vapid back).

Per message it does what a real push service does plus what a browser does, so a test sees what a device would:

- RFC 8030: ``POST /push/<name>`` for a known subscription; ``TTL`` required, ``Urgency`` and ``Topic`` checked.
- RFC 8292: ``Authorization: vapid t=<JWT>, k=<key>``; ES256 signature verified with ``k``; ``aud`` equal to the
  endpoint's origin; ``exp`` in the future and at most 24 h ahead; ``sub`` a ``mailto:`` or ``https:`` URL (and equal
  to ``expected_sub`` if set); ``k`` equal to the subscription's application server key if it was restricted.
- RFC 8291 + RFC 8188: decrypts the ``aes128gcm`` body with the subscription's private key and auth secret.

Answers: 401 no VAPID, 403 invalid VAPID, 400 bad request or undecryptable body, 404 unknown subscription, 413 too
big; otherwise the status configured for the subscription (default 201). Every request is recorded as a
:class:`PushMessage`, rejected ones with ``reason``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAX_PAYLOAD = 4096  # RFC 8291 §4: a push service is not required to take more than 4096 octets of body
MAX_EXP_AHEAD = 24 * 60 * 60  # RFC 8292 §2: exp no more than 24 hours from the time of the request
URGENCIES = ("very-low", "low", "normal", "high")  # RFC 8030 §5.3
TOPIC_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # RFC 8030 §5.4: at most 32 characters of the base64url alphabet
DEFAULT_STATUS = 201


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    """The 65-byte uncompressed point (what ``p256dh`` and VAPID ``k`` carry)."""
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, the default port left out (RFC 6454)."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    port = parts.port
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


class Rejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Subscription:
    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: bytes | None = None  # RFC 8292 §4.1 restricted subscription: VAPID k must equal this

    @property
    def public(self) -> bytes:
        return public_bytes(self.private_key.public_key())

    def info(self) -> dict[str, Any]:
        """What the browser's ``PushSubscription.toJSON()`` gives the app to store."""
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64url_encode(self.public), "auth": b64url_encode(self.auth)},
        }


@dataclass
class PushMessage:
    subscription: str
    status: int
    accepted: bool
    reason: str | None
    headers: dict[str, str]
    body: bytes
    payload: bytes | None = None
    claims: dict[str, Any] | None = None
    vapid_key: str | None = None
    received_at: float = field(default_factory=time.time)

    @property
    def ttl(self) -> int | None:
        value = self.headers.get("ttl")
        return int(value) if value is not None and value.isdigit() else None

    @property
    def urgency(self) -> str | None:
        return self.headers.get("urgency")

    @property
    def topic(self) -> str | None:
        return self.headers.get("topic")

    def json(self) -> Any:
        assert self.payload is not None, f"message was not decrypted: {self.reason}"
        return json.loads(self.payload)


# --- RFC 8292: VAPID -------------------------------------------------------------------------------------------


def parse_vapid_authorization(value: str | None) -> tuple[str, str]:
    """``vapid t=<jwt>, k=<key>`` → (jwt, k). Raises Rejected(401) if absent or another scheme."""
    if not value:
        raise Rejected(401, "no Authorization header")
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "vapid":
        raise Rejected(401, f"Authorization scheme {scheme!r} is not vapid")
    params: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, val = part.strip().partition("=")
        if not sep or not key:
            raise Rejected(403, "malformed vapid parameters")
        params[key.strip().lower()] = val.strip().strip('"')
    if "t" not in params or "k" not in params:
        raise Rejected(403, "vapid needs both t= and k=")
    return params["t"], params["k"]


def verify_vapid(
    authorization: str | None,
    *,
    audience: str,
    expected_sub: str | None = None,
    application_server_key: bytes | None = None,
    now: float | None = None,
) -> tuple[dict[str, Any], str]:
    """Verify a VAPID Authorization header; returns (claims, k). Raises Rejected(401/403)."""
    token, k = parse_vapid_authorization(authorization)
    try:
        key_bytes = b64url_decode(k)
    except (ValueError, binascii.Error):
        raise Rejected(403, "k is not base64url") from None
    if len(key_bytes) != 65 or key_bytes[0] != 4:
        raise Rejected(403, "k is not an uncompressed P-256 point")
    try:
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key_bytes)
    except ValueError:
        raise Rejected(403, "k is not a point on P-256") from None
    if application_server_key is not None and key_bytes != application_server_key:
        raise Rejected(403, "k is not the application server key of this subscription")

    parts = token.split(".")
    if len(parts) != 3:
        raise Rejected(403, "JWT does not have three parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, binascii.Error):
        raise Rejected(403, "JWT is not base64url JSON") from None
    if not isinstance(header, dict) or header.get("alg") != "ES256":
        raise Rejected(403, f"JWT alg is {header.get('alg') if isinstance(header, dict) else None!r}, not ES256")
    if header.get("typ") not in (None, "JWT"):
        raise Rejected(403, "JWT typ is not JWT")
    if len(signature) != 64:
        raise Rejected(403, "ES256 signature is not 64 bytes (r||s)")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public_key.verify(der, f"{parts[0]}.{parts[1]}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise Rejected(403, "JWT signature does not verify with k") from None

    if not isinstance(claims, dict):
        raise Rejected(403, "JWT claims are not an object")
    if claims.get("aud") != audience:
        raise Rejected(403, f"aud {claims.get('aud')!r} is not the endpoint origin {audience!r}")
    exp = claims.get("exp")
    now = time.time() if now is None else now
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise Rejected(403, "exp is not an integer")
    if exp <= now:
        raise Rejected(403, "JWT expired")
    if exp > now + MAX_EXP_AHEAD:
        raise Rejected(403, "exp is more than 24 hours ahead")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not _valid_sub(sub):
        raise Rejected(403, f"sub {sub!r} is not a mailto: or https: URL")
    if expected_sub is not None and sub != expected_sub:
        raise Rejected(403, f"sub {sub!r} is not the configured {expected_sub!r}")
    return claims, k


def _valid_sub(sub: str) -> bool:
    if sub.startswith("mailto:"):
        return re.fullmatch(r"mailto:[^@\s]+@[^@\s]+\.[^@\s]+", sub) is not None
    if sub.startswith("https://"):
        parts = urlsplit(sub)
        return bool(parts.hostname) and " " not in sub
    return False


# --- RFC 8291 + RFC 8188: message encryption -------------------------------------------------------------------


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt(body: bytes, private_key: ec.EllipticCurvePrivateKey, auth: bytes) -> bytes:
    """Decrypt an aes128gcm Web Push message body as the user agent does. Raises Rejected(400)."""
    if len(body) < 21:
        raise Rejected(400, "body shorter than the aes128gcm header")
    salt, rs, idlen = body[:16], struct.unpack(">I", body[16:20])[0], body[20]
    if idlen != 65:
        raise Rejected(400, f"keyid is {idlen} bytes, not the 65-byte sender public key")
    as_public = body[21 : 21 + 65]
    ciphertext = body[21 + 65 :]
    if rs < 18:
        raise Rejected(400, "record size below 18")
    if len(ciphertext) < 17:
        raise Rejected(400, "no ciphertext")
    if len(ciphertext) > rs:
        raise Rejected(400, "more than one record (RFC 8291 §4: a single record)")
    try:
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), as_public)
    except ValueError:
        raise Rejected(400, "keyid is not a P-256 point") from None
    ua_public = public_bytes(private_key.public_key())
    ecdh_secret = private_key.exchange(ec.ECDH(), sender)
    ikm = _hkdf(auth, ecdh_secret, b"WebPush: info\x00" + ua_public + as_public, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)  # record 0: nonce XOR 0
    try:
        plain = AESGCM(cek).decrypt(nonce, ciphertext, None)
    except InvalidTag:
        raise Rejected(400, "decryption failed (wrong keys or tampered body)") from None
    stripped = plain.rstrip(b"\x00")
    if not stripped or stripped[-1] != 2:
        raise Rejected(400, "last record lacks the 0x02 padding delimiter")
    return stripped[:-1]


# --- The HTTP service ------------------------------------------------------------------------------------------


class PushService:
    """Start with :meth:`start` (or the ``push_service`` fixture); ``base_url`` is ``http://127.0.0.1:<port>``."""

    def __init__(
        self,
        *,
        expected_sub: str | None = None,
        default_status: int = DEFAULT_STATUS,
        verify: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.expected_sub = expected_sub
        self.latency = latency  # seconds before each answer: a real push service is a network round trip away
        self.default_status = default_status
        self.verify = verify  # False (benchmarks only): skip the VAPID check and decryption, accept what parses
        self._subs: dict[str, Subscription] = {}
        self._statuses: dict[str, tuple[int, str | None]] = {}
        self._queued: dict[str, deque[tuple[int, str | None]]] = {}
        self._messages: list[PushMessage] = []
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> PushService:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="push-service", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PushService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "push service not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def origin(self) -> str:
        return origin_of(self.base_url)

    # subscriptions
    def new_subscription(self, name: str, *, application_server_key: bytes | str | None = None) -> dict[str, Any]:
        """A fresh P-256 key pair and auth secret; returns the subscription info the app would store."""
        return self.add_subscription(
            name, ec.generate_private_key(ec.SECP256R1()), os.urandom(16), application_server_key=application_server_key
        )

    def add_subscription(
        self,
        name: str,
        private_key: ec.EllipticCurvePrivateKey,
        auth: bytes,
        *,
        application_server_key: bytes | str | None = None,
    ) -> dict[str, Any]:
        if isinstance(application_server_key, str):
            application_server_key = b64url_decode(application_server_key)
        sub = Subscription(name, f"{self.base_url}/push/{name}", private_key, auth, application_server_key)
        with self._cond:
            self._subs[name] = sub
        return sub.info()

    def subscription(self, name: str) -> Subscription:
        with self._cond:
            return self._subs[name]

    def remove_subscription(self, name: str) -> None:
        """Forget a subscription: further messages to it get 404, as after a browser unsubscribes."""
        with self._cond:
            self._subs.pop(name, None)

    # responses
    def set_status(self, name: str, status: int, *, retry_after: int | str | None = None) -> None:
        """Answer every valid message to ``name`` with ``status`` (e.g. 404, 410, 429, 500, 403) from now on."""
        with self._cond:
            self._statuses[name] = (status, None if retry_after is None else str(retry_after))

    def queue_statuses(self, name: str, statuses: list[int | tuple[int, int | str | None]]) -> None:
        """Answer the next valid messages to ``name`` with these, in order (int or (status, retry_after)); then
        fall back to :meth:`set_status` / the default."""
        with self._cond:
            q = self._queued.setdefault(name, deque())
            for item in statuses:
                status, retry = (item, None) if isinstance(item, int) else item
                q.append((status, None if retry is None else str(retry)))

    def _next_response(self, name: str) -> tuple[int, str | None]:
        q = self._queued.get(name)
        if q:
            return q.popleft()
        return self._statuses.get(name, (self.default_status, None))

    # records
    @property
    def messages(self) -> list[PushMessage]:
        with self._cond:
            return list(self._messages)

    def accepted(self, name: str | None = None) -> list[PushMessage]:
        """Messages that verified and decrypted (whatever status was configured), optionally for one subscription."""
        return [m for m in self.messages if m.accepted and (name is None or m.subscription == name)]

    def rejected(self) -> list[PushMessage]:
        return [m for m in self.messages if not m.accepted]

    def delivered(self, name: str | None = None) -> list[PushMessage]:
        """Accepted messages answered 201 — what would reach the device."""
        return [m for m in self.accepted(name) if m.status == 201]

    def clear(self) -> None:
        with self._cond:
            self._messages.clear()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[PushMessage]:
        """Wait until at least ``count`` requests were recorded; returns all records."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self._messages)} of {count} push messages after {timeout}s")
                self._cond.wait(remaining)
            return list(self._messages)

    # the work
    def handle(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], PushMessage]:
        name = path[len("/push/") :] if path.startswith("/push/") else ""
        record = PushMessage(subscription=name, status=0, accepted=False, reason=None, headers=headers, body=body)
        extra: dict[str, str] = {}
        try:
            with self._cond:
                sub = self._subs.get(name)
            if not name or "/" in name or sub is None:
                raise Rejected(404, "unknown subscription")
            ttl = headers.get("ttl")
            if ttl is None or not ttl.isdigit():
                raise Rejected(400, "TTL header missing or not a non-negative integer")
            if "urgency" in headers and headers["urgency"] not in URGENCIES:
                raise Rejected(400, f"Urgency {headers['urgency']!r} is not one of {URGENCIES}")
            if "topic" in headers and not TOPIC_RE.fullmatch(headers["topic"]):
                raise Rejected(400, "Topic is not 1-32 base64url characters")
            if self.verify:
                claims, k = verify_vapid(
                    headers.get("authorization"),
                    audience=origin_of(sub.endpoint),
                    expected_sub=self.expected_sub,
                    application_server_key=sub.application_server_key,
                )
                record.claims, record.vapid_key = claims, k
            elif not headers.get("authorization", "").startswith("vapid "):
                raise Rejected(401, "no vapid Authorization header")
            if len(body) > MAX_PAYLOAD:
                raise Rejected(413, f"body of {len(body)} bytes is over {MAX_PAYLOAD}")
            if headers.get("content-encoding", "").lower() != "aes128gcm":
                raise Rejected(400, f"Content-Encoding {headers.get('content-encoding')!r} is not aes128gcm")
            if self.verify:
                record.payload = decrypt(body, sub.private_key, sub.auth)
            record.accepted = True
            with self._cond:
                status, retry_after = self._next_response(name)
            if retry_after is not None:
                extra["Retry-After"] = retry_after
            if status in (200, 201):
                extra["Location"] = f"/message/{hashlib.sha256(body).hexdigest()[:16]}"
            record.status = status
        except Rejected as e:
            record.status, record.reason = e.status, e.reason
        with self._cond:
            self._messages.append(record)
            self._cond.notify_all()
        return record.status, extra, record


def _make_handler(service: PushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so a sender can reuse connections
        timeout = 30

        def do_POST(self) -> None:  # noqa: N802
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self._answer(411, {}, b"Content-Length required")
                return
            body = self.rfile.read(int(length))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, record = service.handle(self.path, headers, body)
            if service.latency:
                time.sleep(service.latency)
            self._answer(status, extra, (record.reason or "").encode())

        def do_GET(self) -> None:  # noqa: N802
            self._answer(405, {"Allow": "POST"}, b"")

        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler
