"""Self-tests of the local push service: it accepts what a correct sender sends and rejects each single fault.

Messages are encrypted by pywebpush; the faulty VAPID headers are built here with `cryptography` so that exactly
one thing differs from a header the service accepts (see `test_a_hand_made_header_is_accepted`).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from pywebpush import WebPushException, webpush

from tests.push.pushservice import PushService, b64url_decode, b64url_encode, decrypt, public_bytes

SUB = "mailto:test@example.org"


def new_vapid_key() -> tuple[ec.EllipticCurvePrivateKey, str]:
    """A VAPID key pair: the key object and the raw private value as pywebpush takes it."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key, b64url_encode(key.private_numbers().private_value.to_bytes(32, "big"))


def make_jwt(key: ec.EllipticCurvePrivateKey, claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    head = b64url_encode(json.dumps(header or {"typ": "JWT", "alg": "ES256"}).encode())
    body = b64url_encode(json.dumps(claims).encode())
    r, s = decode_dss_signature(key.sign(f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256())))
    return f"{head}.{body}.{b64url_encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def vapid_header(
    signing_key: ec.EllipticCurvePrivateKey,
    claims: dict[str, Any],
    *,
    k_key: ec.EllipticCurvePrivateKey | None = None,
    header: dict[str, Any] | None = None,
) -> str:
    k = b64url_encode(public_bytes((k_key or signing_key).public_key()))
    return f"vapid t={make_jwt(signing_key, claims, header)}, k={k}"


def good_claims(service: PushService, **changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {"aud": service.origin, "exp": int(time.time()) + 3600, "sub": SUB}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def send_with_header(subscription: dict[str, Any], authorization: str | None, data: bytes = b'{"kind":"test"}'):
    """Encrypt with pywebpush (no VAPID of its own) and send our Authorization header; returns the status."""
    headers = {"Authorization": authorization} if authorization is not None else {}
    try:
        return webpush(subscription, data, headers=headers, timeout=5, ttl=60).status_code
    except WebPushException as e:
        assert e.response is not None
        return e.response.status_code


def test_pywebpush_message_is_accepted_decrypted_and_its_claims_checked(push_service: PushService) -> None:
    info = push_service.new_subscription("alice")
    assert info["endpoint"] == f"{push_service.base_url}/push/alice"
    assert len(b64url_decode(info["keys"]["p256dh"])) == 65 and len(b64url_decode(info["keys"]["auth"])) == 16
    key, raw = new_vapid_key()
    payload = json.dumps({"kind": "meeting_reminder", "id": "x1", "title": "Møde i morgen", "url": "/m/x1"}).encode()
    before = int(time.time())

    response = webpush(
        info,
        payload,
        vapid_private_key=raw,
        vapid_claims={"sub": SUB},
        timeout=5,
        ttl=60,
        headers={"Urgency": "high", "Topic": "meeting-x1"},
    )

    assert response.status_code == 201
    [msg] = push_service.messages
    assert msg.accepted and msg.reason is None and msg.status == 201 and msg.subscription == "alice"
    assert msg.payload == payload and msg.json()["title"] == "Møde i morgen"
    assert msg.body != payload and payload not in msg.body  # it really was encrypted
    assert (msg.ttl, msg.urgency, msg.topic) == (60, "high", "meeting-x1")
    assert msg.claims is not None
    assert msg.claims["aud"] == push_service.origin == push_service.base_url
    assert msg.claims["sub"] == SUB
    assert before < msg.claims["exp"] <= before + 24 * 3600 + 5
    assert msg.vapid_key == b64url_encode(public_bytes(key.public_key()))
    assert push_service.delivered("alice") == [msg] and push_service.rejected() == []


def test_rfc8291_appendix_a_vector_decrypts() -> None:
    """The decryption matches the RFC's own worked example, not only pywebpush's idea of it."""
    ua_private = ec.derive_private_key(
        int.from_bytes(b64url_decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"), "big"), ec.SECP256R1()
    )
    assert b64url_encode(public_bytes(ua_private.public_key())) == (
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    )
    body = b64url_decode(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3"
        "jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    )
    auth = b64url_decode("BTBZMqHH6r4Tts7J_aSIgg")
    assert decrypt(body, ua_private, auth) == b"When I grow up, I want to be a watermelon"


def test_a_hand_made_header_is_accepted(push_service: PushService) -> None:
    """Control for the rejection tests below: the same helper with good values passes."""
    info = push_service.new_subscription("alice")
    key, _ = new_vapid_key()
    assert send_with_header(info, vapid_header(key, good_claims(push_service))) == 201
    assert push_service.accepted("alice")[0].payload == b'{"kind":"test"}'


@pytest.mark.parametrize(
    ("fault", "status", "reason"),
    [
        ("no Authorization", 401, "no Authorization"),
        ("other scheme", 401, "not vapid"),
        ("signed with another key than k", 403, "signature does not verify"),
        ("alg none", 403, "not ES256"),
        ("aud of another port", 403, "not the endpoint origin"),
        ("aud https instead of http", 403, "not the endpoint origin"),
        ("aud with a path", 403, "not the endpoint origin"),
        ("no aud", 403, "not the endpoint origin"),
        ("expired", 403, "expired"),
        ("exp more than 24 h ahead", 403, "more than 24 hours"),
        ("exp not an integer", 403, "not an integer"),
        ("sub bare e-mail", 403, "not a mailto: or https: URL"),
        ("sub http URL", 403, "not a mailto: or https: URL"),
        ("no sub", 403, "not a mailto: or https: URL"),
    ],
)
def test_bad_vapid_is_rejected(push_service: PushService, fault: str, status: int, reason: str) -> None:
    info = push_service.new_subscription("alice")
    key, _ = new_vapid_key()
    other, _ = new_vapid_key()
    now = int(time.time())
    port = int(push_service.base_url.rsplit(":", 1)[1])
    header = {
        "no Authorization": None,
        "other scheme": "Bearer " + make_jwt(key, good_claims(push_service)),
        "signed with another key than k": vapid_header(other, good_claims(push_service), k_key=key),
        "alg none": vapid_header(key, good_claims(push_service), header={"typ": "JWT", "alg": "none"}),
        "aud of another port": vapid_header(key, good_claims(push_service, aud=f"http://127.0.0.1:{port + 1}")),
        "aud https instead of http": vapid_header(key, good_claims(push_service, aud=f"https://127.0.0.1:{port}")),
        "aud with a path": vapid_header(key, good_claims(push_service, aud=info["endpoint"])),
        "no aud": vapid_header(key, good_claims(push_service, aud=None)),
        "expired": vapid_header(key, good_claims(push_service, exp=now - 5)),
        "exp more than 24 h ahead": vapid_header(key, good_claims(push_service, exp=now + 24 * 3600 + 120)),
        "exp not an integer": vapid_header(key, good_claims(push_service, exp=str(now + 60))),
        "sub bare e-mail": vapid_header(key, good_claims(push_service, sub="test@example.org")),
        "sub http URL": vapid_header(key, good_claims(push_service, sub="http://example.org/contact")),
        "no sub": vapid_header(key, good_claims(push_service, sub=None)),
    }[fault]

    assert send_with_header(info, header) == status
    [msg] = push_service.messages
    assert not msg.accepted and msg.payload is None
    assert reason in (msg.reason or ""), msg.reason


def test_configured_sub_must_match() -> None:
    with PushService(expected_sub="mailto:ops@nextwork.example") as service:
        info = service.new_subscription("alice")
        key, raw = new_vapid_key()
        assert send_with_header(info, vapid_header(key, good_claims(service, sub="mailto:ops@nextwork.example"))) == 201
        assert send_with_header(info, vapid_header(key, good_claims(service, sub=SUB))) == 403
        assert "not the configured" in (service.rejected()[0].reason or "")


def test_restricted_subscription_takes_only_its_application_server_key(push_service: PushService) -> None:
    app_key, _ = new_vapid_key()
    stranger, _ = new_vapid_key()
    info = push_service.new_subscription("alice", application_server_key=public_bytes(app_key.public_key()))
    assert send_with_header(info, vapid_header(app_key, good_claims(push_service))) == 201
    assert send_with_header(info, vapid_header(stranger, good_claims(push_service))) == 403
    assert "application server key" in (push_service.rejected()[0].reason or "")


def test_body_encrypted_for_another_subscription_does_not_decrypt(push_service: PushService) -> None:
    alice = push_service.new_subscription("alice")
    bob = push_service.new_subscription("bob")
    key, _ = new_vapid_key()
    misdirected = {"endpoint": alice["endpoint"], "keys": bob["keys"]}

    assert send_with_header(misdirected, vapid_header(key, good_claims(push_service))) == 400
    [msg] = push_service.messages
    assert not msg.accepted and msg.payload is None and msg.subscription == "alice"
    assert "decryption failed" in (msg.reason or "")
    assert msg.claims is not None  # the VAPID part was fine; only the encryption was wrong


def test_tampered_body_and_missing_ttl_are_rejected(push_service: PushService) -> None:
    info = push_service.new_subscription("alice")
    key, _ = new_vapid_key()
    authorization = vapid_header(key, good_claims(push_service))
    assert send_with_header(info, authorization) == 201
    good = push_service.messages[0]
    headers = {"Authorization": authorization, "Content-Encoding": "aes128gcm", "TTL": "60"}

    assert requests.post(info["endpoint"], data=good.body, headers=headers, timeout=5).status_code == 201  # replay ok
    tampered = good.body[:-1] + bytes([good.body[-1] ^ 1])
    assert requests.post(info["endpoint"], data=tampered, headers=headers, timeout=5).status_code == 400
    no_ttl = {k: v for k, v in headers.items() if k != "TTL"}
    assert requests.post(info["endpoint"], data=good.body, headers=no_ttl, timeout=5).status_code == 400
    bad_urgency = {**headers, "Urgency": "urgent"}
    assert requests.post(info["endpoint"], data=good.body, headers=bad_urgency, timeout=5).status_code == 400
    reasons = [m.reason for m in push_service.rejected()]
    assert len(reasons) == 3 and "decryption failed" in reasons[0] and "TTL" in reasons[1] and "Urgency" in reasons[2]


def test_unknown_subscription_gets_404(push_service: PushService) -> None:
    info = push_service.new_subscription("alice")
    key, _ = new_vapid_key()
    gone = {**info, "endpoint": f"{push_service.base_url}/push/nobody"}
    assert send_with_header(gone, vapid_header(key, good_claims(push_service))) == 404
    push_service.remove_subscription("alice")
    assert send_with_header(info, vapid_header(key, good_claims(push_service))) == 404
    assert [m.reason for m in push_service.messages] == ["unknown subscription"] * 2


def test_configured_statuses_are_returned_with_retry_after(push_service: PushService) -> None:
    gone = push_service.new_subscription("gone")
    busy = push_service.new_subscription("busy")
    fine = push_service.new_subscription("fine")
    push_service.set_status("gone", 410)
    push_service.queue_statuses("busy", [(429, 30), 500])
    _, raw = new_vapid_key()

    def send(info: dict[str, Any]) -> WebPushException | requests.Response:
        try:
            return webpush(info, b"{}", vapid_private_key=raw, vapid_claims={"sub": SUB}, timeout=5, ttl=60)
        except WebPushException as e:
            return e

    e410 = send(gone)
    assert isinstance(e410, WebPushException) and e410.response is not None and e410.response.status_code == 410
    e429 = send(busy)
    assert isinstance(e429, WebPushException) and e429.response is not None
    assert e429.response.status_code == 429 and e429.response.headers["Retry-After"] == "30"
    e500 = send(busy)
    assert isinstance(e500, WebPushException) and e500.response is not None and e500.response.status_code == 500
    ok = send(busy)
    assert isinstance(ok, requests.Response) and ok.status_code == 201 and "Retry-After" not in ok.headers
    assert send(fine).status_code == 201  # type: ignore[union-attr]
    # the configured answers concern valid messages only: each was verified and decrypted
    assert [(m.subscription, m.status, m.accepted) for m in push_service.messages] == [
        ("gone", 410, True),
        ("busy", 429, True),
        ("busy", 500, True),
        ("busy", 201, True),
        ("fine", 201, True),
    ]
    assert [m.subscription for m in push_service.delivered()] == ["busy", "fine"]


def test_concurrent_senders_are_all_recorded(push_service: PushService) -> None:
    infos = [push_service.new_subscription(f"s{i}") for i in range(8)]
    _, raw = new_vapid_key()
    barrier = threading.Barrier(len(infos))
    errors: list[BaseException] = []

    def run(i: int, info: dict[str, Any]) -> None:
        try:
            barrier.wait()
            for j in range(5):
                webpush(info, f"{i}-{j}".encode(), vapid_private_key=raw, vapid_claims={"sub": SUB}, timeout=5, ttl=60)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, info)) for i, info in enumerate(infos)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    got = push_service.wait_for(40, timeout=5)
    assert sorted(m.payload for m in got) == sorted(f"{i}-{j}".encode() for i in range(8) for j in range(5))
    assert all(m.subscription == f"s{m.payload.decode().split('-')[0]}" for m in got if m.payload)
