"""Web Push message encryption (RFC 8291: ECDH on P-256 and HKDF, in RFC 8188's aes128gcm), with `cryptography`.

Every message gets a fresh 16-byte salt and a fresh ephemeral ECDH key pair (RFC 8291 §3.1), and goes out as one
record (§4) with the 0x02 padding delimiter. The subscriber's key and auth secret are parsed once per
subscription (`receiver`, a bounded cache keyed by their stored text); what each message costs is then the two
EC operations it must do (a key pair and an ECDH), five HMAC-SHA-256s and one AES-128-GCM.

The HKDFs are written out with `hmac.digest` (one HMAC for extract, one for expand: every output here is at most
32 bytes, a single SHA-256 block of HKDF-Expand). tests/push/test_ece.py checks the bytes against RFC 8291's
worked example and decrypts with the local push service's own, independent implementation.
"""

from __future__ import annotations

import functools
import hmac
import os
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.vapid import unb64url

RECORD_SIZE = 4096  # rs in the aes128gcm header: one record holds the whole message
HEADER_SIZE = 16 + 4 + 1 + 65  # salt, rs, idlen, keyid (the sender's public key)
MAX_BODY = 4096  # RFC 8291 §4: what every push service must accept (RFC 8030 §7.2)
MAX_PLAINTEXT = MAX_BODY - HEADER_SIZE - 16 - 1  # 3993: less the header, the AEAD tag and the padding delimiter
RECEIVERS_CACHED = 4096  # subscriptions whose parsed keys are kept between batches

_CURVE = ec.SECP256R1()
_ECDH = ec.ECDH()
_KEY_INFO = b"WebPush: info\x00"  # RFC 8291 §3.4, followed by ua_public || as_public
_CEK_INFO = b"Content-Encoding: aes128gcm\x00\x01"  # RFC 8188 §2.2, with HKDF-Expand's block counter 0x01
_NONCE_INFO = b"Content-Encoding: nonce\x00\x01"  # RFC 8188 §2.3 (record 0: the nonce as derived)


@dataclass(frozen=True, slots=True)
class Receiver:
    """A subscription's keys, parsed and checked: its P-256 public key (`p256dh`) and 16-byte auth secret."""

    public_key: ec.EllipticCurvePublicKey
    public_bytes: bytes  # the 65-byte uncompressed point, as it enters the key info
    auth: bytes


@functools.lru_cache(maxsize=RECEIVERS_CACHED)
def receiver(p256dh: str, auth: str) -> Receiver:
    """The parsed keys of a subscription (base64url text, as stored); ValueError if they are not valid."""
    point, secret = unb64url(p256dh), unb64url(auth)
    if len(point) != 65 or point[0] != 4:
        raise ValueError("p256dh is not an uncompressed P-256 point")
    if len(secret) != 16:
        raise ValueError("auth is not 16 bytes")
    return Receiver(ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, point), point, secret)


def encrypt(payload: bytes, to: Receiver) -> bytes:
    """The aes128gcm body carrying `payload` to `to`, with a fresh salt and ephemeral key."""
    return _encrypt(payload, to, os.urandom(16), ec.generate_private_key(_CURVE))


def _encrypt(payload: bytes, to: Receiver, salt: bytes, sender: ec.EllipticCurvePrivateKey) -> bytes:
    if len(payload) > MAX_PLAINTEXT:
        raise ValueError(f"payload over {MAX_PLAINTEXT} bytes")
    as_public = sender.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    shared = sender.exchange(_ECDH, to.public_key)
    # RFC 8291 §3.3-3.4: IKM = HKDF(salt=auth, ikm=ecdh_secret, info="WebPush: info" 0 ua_public as_public, L=32)
    ikm = hmac.digest(
        hmac.digest(to.auth, shared, "sha256"), _KEY_INFO + to.public_bytes + as_public + b"\x01", "sha256"
    )
    # RFC 8188 §2.2-2.3: PRK = HKDF-Extract(salt, IKM); CEK = 16 bytes and NONCE = 12 bytes of HKDF-Expand
    prk = hmac.digest(salt, ikm, "sha256")
    cek = hmac.digest(prk, _CEK_INFO, "sha256")[:16]
    nonce = hmac.digest(prk, _NONCE_INFO, "sha256")[:12]
    ciphertext = AESGCM(cek).encrypt(nonce, payload + b"\x02", None)  # 0x02: the last (only) record, no padding
    return salt + struct.pack(">IB", RECORD_SIZE, len(as_public)) + as_public + ciphertext
