"""POST /push/subscribe and /push/unsubscribe over HTTP: only real push services with valid keys are stored,
one row per endpoint, a phone moves to whoever subscribes it last, and nobody removes another's device."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import LoginSession, Municipality, Role
from app.notifications.models import PushSubscription
from app.vapid import public_key_of, unb64url
from tests.factories import make_municipality, make_user
from tests.notifications.web.conftest import FCM, keys, post_json, subscription
from tests.push.pushservice import b64url_encode

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)

REFUSED_ENDPOINTS = {
    "http": "http://fcm.googleapis.com/fcm/send/abc",
    "ipv4": "https://127.0.0.1/push/abc",
    "ipv4 public": "https://142.250.74.106/fcm/send/abc",
    "ipv6": "https://[::1]/push/abc",
    "ipv6 mapped": "https://[::ffff:7f00:1]/push/abc",
    "decimal ip": "https://2130706433/push/abc",
    "hex ip": "https://0x7f000001/push/abc",
    "octal ip": "https://0177.0.0.1/push/abc",
    "suffix look-alike": "https://fcm.googleapis.com.evil.example/fcm/send/abc",
    "prefix look-alike": "https://evilfcm.googleapis.com/fcm/send/abc",
    "dash look-alike": "https://fcm-googleapis.com/fcm/send/abc",
    "unicode look-alike": "https://fcm.googleapis.cοm/fcm/send/abc",  # Greek omicron
    "punycode look-alike": "https://xn--fcm-googleapis-xyz.com/fcm/send/abc",
    "trailing dot": "https://fcm.googleapis.com./fcm/send/abc",
    "user-info": "https://user:pass@fcm.googleapis.com/fcm/send/abc",
    "user-info host": "https://fcm.googleapis.com@evil.example/fcm/send/abc",
    "port": "https://fcm.googleapis.com:8443/fcm/send/abc",
    "too long": "https://fcm.googleapis.com/fcm/send/" + "a" * 2048,
    "javascript": "javascript:alert(1)",
    "empty": "",
    "not a string": 12345,
    "spaces": "https://fcm.googleapis.com/fcm/send/a b",
    "newline": "https://fcm.googleapis.com/fcm/send/a\nb",
    "plain host": "https://localhost/push/abc",
    "backslash authority": "https://evil.example\\.fcm.googleapis.com/x",
    "backslash to metadata": "https://169.254.169.254\\.fcm.googleapis.com/x",
    "backslash in path": "https://fcm.googleapis.com/fcm\\send/abc",
    "encoded backslash host": "https://evil.example%5C.fcm.googleapis.com/x",
    "underscore host": "https://evil_host.fcm.googleapis.com/x",
}

ACCEPTED_ENDPOINTS = [
    "https://fcm.googleapis.com/fcm/send/abc",
    "https://web.push.apple.com/QGuQyavXutnMH9I2",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
    "https://wns2-db5p.notify.windows.com/w/?token=BQYAAAB",
]


def _bad_point() -> str:
    point = bytearray(unb64url(keys()["p256dh"]))
    point[-1] ^= 1  # no longer on the curve
    return b64url_encode(bytes(point))


BAD_KEYS = {
    "no keys": None,
    "keys not an object": "p256dh",
    "missing auth": {"p256dh": keys()["p256dh"]},
    "p256dh 64 bytes": {"p256dh": b64url_encode(b"\x04" + b"\x01" * 63), "auth": keys()["auth"]},
    "p256dh compressed": {"p256dh": b64url_encode(b"\x02" + b"\x01" * 32), "auth": keys()["auth"]},
    "p256dh not on the curve": {"p256dh": _bad_point(), "auth": keys()["auth"]},
    "p256dh not base64url": {"p256dh": "!!" + keys()["p256dh"][2:], "auth": keys()["auth"]},
    "auth 15 bytes": {"p256dh": keys()["p256dh"], "auth": b64url_encode(b"x" * 15)},
    "auth 32 bytes": {"p256dh": keys()["p256dh"], "auth": b64url_encode(b"x" * 32)},
    "auth not base64url": {"p256dh": keys()["p256dh"], "auth": "a+b/c=d*e$f"},
    "auth a number": {"p256dh": keys()["p256dh"], "auth": 16},
}


def rows(db) -> int:  # noqa: ANN001
    db.session.remove()
    return db.session.scalar(select(func.count(PushSubscription.id)))


def assert_refused(response, db) -> None:  # noqa: ANN001
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "invalid_subscription"
    assert body["message"]
    assert rows(db) == 0


@pytest.mark.parametrize("endpoint", list(REFUSED_ENDPOINTS.values()), ids=list(REFUSED_ENDPOINTS))
def test_refuses_endpoints_that_are_not_a_known_push_service(db, logged_in, endpoint):
    assert_refused(post_json(logged_in, "/push/subscribe", subscription(endpoint)), db)


@pytest.mark.parametrize("bad", list(BAD_KEYS.values()), ids=list(BAD_KEYS))
def test_refuses_bad_keys(db, logged_in, bad):
    assert_refused(post_json(logged_in, "/push/subscribe", subscription(keys=bad)), db)


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [("not json", "application/json"), ("[]", "application/json"), ("null", "application/json"),
     ('"https://fcm.googleapis.com/fcm/send/x"', "application/json"), ("12", "application/json"),
     ("{", "application/json"), ("endpoint=https://fcm.googleapis.com/x", "application/x-www-form-urlencoded"),
     ("\xff\xfe", "text/plain")],
    ids=["text", "array", "null", "string", "number", "broken", "form", "bytes"],
)  # fmt: skip
def test_refuses_bodies_that_are_not_a_json_object(db, logged_in, raw, content_type):
    response = post_json(logged_in, "/push/subscribe", raw=raw, content_type=content_type)
    assert_refused(response, db)


@pytest.mark.parametrize("endpoint", ACCEPTED_ENDPOINTS)
def test_accepts_real_push_services_and_links_the_login_session_and_device(db, logged_in, person, endpoint):
    response = logged_in.post(
        "/push/subscribe",
        json=subscription(endpoint),
        headers={"X-CSRFToken": csrf(logged_in), "User-Agent": ANDROID_CHROME},
    )
    assert response.status_code == 201, response.get_json()
    db.session.remove()
    row = db.session.scalars(select(PushSubscription)).one()
    assert (row.user_id, row.endpoint, row.device) == (person.id, endpoint, "Chrome, Android")
    session = db.session.get(LoginSession, row.login_session_id)
    assert session is not None and session.user_id == person.id and session.ended_at is None


def csrf(client) -> str:  # noqa: ANN001
    from tests.conftest import csrf_token

    return csrf_token(client)


def test_same_endpoint_twice_is_one_row_updated(db, logged_in):
    info = subscription()
    assert post_json(logged_in, "/push/subscribe", info).status_code == 201
    info["keys"] = keys()
    assert post_json(logged_in, "/push/subscribe", info).status_code == 200
    assert rows(db) == 1
    assert db.session.scalars(select(PushSubscription)).one().p256dh == info["keys"]["p256dh"]


def test_a_phone_subscribed_by_another_person_moves_to_them(db, client, make_client, login_as, person):
    info = subscription()
    login_as(client, person)
    assert post_json(client, "/push/subscribe", info).status_code == 201
    other = make_user(Role.PARTICIPANT, make_municipality())
    second = make_client()
    login_as(second, other)
    assert post_json(second, "/push/subscribe", info).status_code == 200
    assert rows(db) == 1
    assert db.session.scalars(select(PushSubscription)).one().user_id == other.id


def relink(client, info: dict):  # noqa: ANN001, ANN201
    """What push.js sends on its own after a login, without a tap."""
    return post_json(client, "/push/subscribe", {"subscription": info, "relink": True})


def newest_login_session(db, user_id: int) -> int:  # noqa: ANN001
    db.session.remove()
    return db.session.scalar(select(func.max(LoginSession.id)).where(LoginSession.user_id == user_id))


def test_a_relink_by_another_person_is_409_and_the_phone_stays_with_the_first(
    db, client, make_client, login_as, person
):  # noqa: ANN001
    info, person_id = subscription(), person.id
    login_as(client, person)
    assert post_json(client, "/push/subscribe", info).status_code == 201
    before = db.session.scalars(select(PushSubscription)).one().login_session_id
    second = make_client()
    login_as(second, make_user(Role.PARTICIPANT, make_municipality()))
    response = relink(second, info)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"] == "not_yours" and response.get_json()["message"]
    assert rows(db) == 1
    row = db.session.scalars(select(PushSubscription)).one()
    assert (row.user_id, row.login_session_id, row.p256dh) == (person_id, before, info["keys"]["p256dh"])


def test_a_relink_of_an_unknown_subscription_is_409_and_stores_nothing(db, logged_in):
    response = relink(logged_in, subscription())
    assert response.status_code == 409 and response.get_json()["error"] == "not_yours"
    assert rows(db) == 0


def test_a_relink_by_the_same_person_links_the_new_login(db, client, make_client, login_as, person):
    info, person_id = subscription(), person.id
    login_as(client, person)
    assert post_json(client, "/push/subscribe", info).status_code == 201
    first_login = newest_login_session(db, person_id)
    again = make_client()
    login_as(again, person)
    second_login = newest_login_session(db, person_id)
    assert second_login != first_login
    response = relink(again, info)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["subscribed"] is True
    assert rows(db) == 1
    row = db.session.scalars(select(PushSubscription)).one()
    assert (row.user_id, row.login_session_id) == (person_id, second_login)


def test_a_relink_with_a_bad_subscription_is_400(db, logged_in):
    assert_refused(relink(logged_in, subscription("http://fcm.googleapis.com/fcm/send/abc")), db)
    assert_refused(post_json(logged_in, "/push/subscribe", {"subscription": None, "relink": True}), db)


def test_a_test_origin_is_accepted_only_when_configured(app, db, logged_in, monkeypatch):
    local = subscription("http://127.0.0.1:8123/push/alice")
    assert_refused(post_json(logged_in, "/push/subscribe", local), db)
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", ("http://127.0.0.1:8124",))
    assert_refused(post_json(logged_in, "/push/subscribe", local), db)  # another port is another origin
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", ("http://127.0.0.1:8123",))
    assert post_json(logged_in, "/push/subscribe", local).status_code == 201


def test_nobody_can_unsubscribe_someone_elses_device(db, client, make_client, login_as, person):
    info = subscription()
    login_as(client, person)
    assert post_json(client, "/push/subscribe", info).status_code == 201
    stranger = make_client()
    login_as(stranger, make_user(Role.ADMIN, db.session.get(Municipality, person.municipality_id)))  # same town
    response = post_json(stranger, "/push/unsubscribe", {"endpoint": info["endpoint"]})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert rows(db) == 1

    response = post_json(client, "/push/unsubscribe", {"endpoint": info["endpoint"]})
    assert response.status_code == 200 and response.get_json()["subscribed"] is False
    assert rows(db) == 0


@pytest.mark.parametrize("body", [None, [], {"endpoint": 5}, {"endpoint": ""}, {"endpoint": "x" * 3000}])
def test_unsubscribe_with_garbage_is_400(logged_in, body):
    response = post_json(logged_in, "/push/unsubscribe", body)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_subscription"


@pytest.mark.parametrize("url", ["/push/subscribe", "/push/unsubscribe"])
def test_without_the_csrf_token_is_400_json_and_nothing_changes(db, logged_in, url):
    info = subscription()
    response = post_json(logged_in, url, info if url.endswith("/subscribe") else {"endpoint": info["endpoint"]},
                         token=False)  # fmt: skip
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
    assert rows(db) == 0


def test_with_a_wrong_csrf_token_is_400_even_without_a_json_body(db, logged_in):
    response = logged_in.post("/push/subscribe", data="x", headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"


@pytest.mark.parametrize("url", ["/push/subscribe", "/push/unsubscribe"])
def test_anonymous_gets_401_json(db, client, url):
    response = post_json(client, url, subscription())
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert rows(db) == 0


def test_public_key_is_the_configured_vapid_key(app, logged_in):
    response = logged_in.get("/push/key", headers={"Accept": "application/json"})
    assert response.status_code == 200
    key = response.get_json()["publicKey"]
    assert key == public_key_of(app.config["VAPID_PRIVATE_KEY"])
    raw = unb64url(key)
    assert len(raw) == 65 and raw[0] == 4 and "=" not in key


def test_public_key_needs_a_login(client):
    assert client.get("/push/key", headers={"Accept": "application/json"}).status_code == 401
    assert client.get("/push/key").status_code == 302


def test_fcm_prefix_constant_is_a_real_host():
    assert FCM.startswith("https://fcm.googleapis.com/")


def test_a_huge_body_is_413_json_and_nothing_stored(db, logged_in):
    body = subscription(padding="x" * 600_000)
    response = post_json(logged_in, "/push/subscribe", body)
    assert response.status_code == 413 and response.get_json()["error"] == "request_entity_too_large"
    assert rows(db) == 0
