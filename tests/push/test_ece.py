"""The worker's own RFC 8291 encryption (app/notifications/ece.py), checked against the RFC's worked example and
decrypted by the local push service's independent implementation (tests/push/pushservice.py)."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from app.notifications import ece
from tests.push.pushservice import MAX_PAYLOAD, b64url_decode, b64url_encode, decrypt, public_bytes

# RFC 8291 Appendix A
PLAINTEXT = b"When I grow up, I want to be a watermelon"
AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
SALT = "DGv6ra1nlYgDCS1FRnbzlw"
BODY = (
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3"
    "jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
)


def _private(raw: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(b64url_decode(raw), "big"), ec.SECP256R1())


def _subscriber() -> tuple[ec.EllipticCurvePrivateKey, bytes, ece.Receiver]:
    """A device: its private key (to decrypt), its auth secret, and the Receiver the worker would build."""
    key, auth = ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
    return key, auth, ece.receiver(b64url_encode(public_bytes(key.public_key())), b64url_encode(auth))


def test_the_rfc_8291_example_comes_out_byte_for_byte() -> None:
    to = ece.receiver(UA_PUBLIC, AUTH)
    body = ece._encrypt(PLAINTEXT, to, b64url_decode(SALT), _private(AS_PRIVATE))
    assert b64url_encode(body) == BODY
    assert decrypt(body, _private(UA_PRIVATE), b64url_decode(AUTH)) == PLAINTEXT


@pytest.mark.parametrize("size", [0, 1, 250, ece.MAX_PLAINTEXT])
def test_what_it_encrypts_the_push_service_decrypts(size: int) -> None:
    key, auth, to = _subscriber()
    payload = os.urandom(size)
    body = ece.encrypt(payload, to)
    assert decrypt(body, key, auth) == payload
    assert len(body) == ece.HEADER_SIZE + size + 1 + 16 <= MAX_PAYLOAD


def test_every_message_has_a_fresh_salt_and_ephemeral_key() -> None:
    key, auth, to = _subscriber()
    bodies = [ece.encrypt(b'{"kind":"test"}', to) for _ in range(3)]
    salts = {body[:16] for body in bodies}
    senders = {body[21 : 21 + 65] for body in bodies}
    assert len(salts) == len(senders) == 3
    assert public_bytes(key.public_key()) not in senders
    assert all(decrypt(body, key, auth) == b'{"kind":"test"}' for body in bodies)


def test_a_payload_over_one_push_message_is_refused() -> None:
    _key, _auth, to = _subscriber()
    with pytest.raises(ValueError, match="3993"):
        ece.encrypt(b"x" * (ece.MAX_PLAINTEXT + 1), to)


@pytest.mark.parametrize(
    ("p256dh", "auth"),
    [
        (b64url_encode(b"\x02" + b"\x01" * 32), AUTH),  # a compressed point
        (b64url_encode(b"\x04" + b"\x01" * 64), AUTH),  # not on the curve
        (UA_PUBLIC[:-2], AUTH),  # 64 bytes
        (UA_PUBLIC, b64url_encode(b"x" * 15)),
        (UA_PUBLIC, "not base64!"),
    ],
)
def test_keys_that_are_not_a_subscription_are_refused(p256dh: str, auth: str) -> None:
    with pytest.raises(ValueError):
        ece.receiver(p256dh, auth)
