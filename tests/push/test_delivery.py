"""Delivery through the worker to the local push service, which decrypts every message and verifies its VAPID.

What a device receives: TTL, Urgency and an opaque Topic; a payload with only the allowed keys, in the
recipient's language, and nothing of the event's content.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.groups.models import GroupMessage
from app.notifications.kinds import KINDS
from app.notifications.models import DeliveryStatus, Kind
from app.notifications.payload import PAYLOAD_KEYS
from app.notifications.sender import VapidSigner
from app.notifications.subscriptions import parse_subscription, subscribe
from app.notifications.worker import run_once
from tests.factories import make_group, make_municipality, make_user
from tests.push.helpers import NOON, add_device, deliveries, send
from tests.push.pushservice import TOPIC_RE, verify_vapid


def test_a_delivery_arrives_decrypted_with_vapid_ttl_urgency_and_topic(app, pushing):
    user = make_user()
    device = add_device(pushing, user, "phone")
    send([user], Kind.MEETING_REMINDER, object_id=7)

    counts = run_once(now=NOON, worker_id="w1")

    assert counts["sent"] == 1 and counts["claimed"] == 1
    assert pushing.rejected() == []
    [message] = pushing.delivered("phone")
    assert 0 < message.ttl <= KINDS[Kind.MEETING_REMINDER].ttl.total_seconds()
    assert message.urgency == "normal"
    assert TOPIC_RE.fullmatch(message.topic)
    assert message.claims["sub"] == app.config["VAPID_SUBJECT"]
    assert message.claims["aud"] == pushing.origin
    [delivery] = deliveries()
    assert (delivery.status, delivery.last_status, delivery.attempts) == (DeliveryStatus.SENT, 201, 1)
    assert delivery.finished_at == NOON and delivery.lease_until is None
    assert device.last_success_at == NOON


def test_an_urgent_notification_is_sent_with_high_urgency(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user], Kind.NEW_PLACEMENT, urgent=True)
    run_once(now=NOON)
    assert [m.urgency for m in pushing.delivered()] == ["high"]


def test_the_payload_has_only_the_allowed_keys_and_none_of_the_event(db, pushing):
    town = make_municipality()
    sender = make_user(name="Lise Facilitatorsen", municipality=town)
    user = make_user(name="Mads Deltagersen", municipality=town)
    add_device(pushing, user, "phone")
    group = make_group(town, name="Gruppe Solsikke")
    message = GroupMessage(group_id=group.id, author_id=sender.id, text="Hemmeligt: vi flytter til Ringsted")
    db.session.add(message)
    db.session.commit()
    [note] = send([user], Kind.GROUP_MESSAGE, object_id=message.id)

    run_once(now=NOON)

    [pushed] = pushing.delivered("phone")
    data = pushed.json()
    assert sorted(data) == sorted(PAYLOAD_KEYS)
    assert data["kind"] == "group_message" and data["id"] == note.ref
    assert data["url"] == f"/inbox/{note.ref}" and data["tag"] == pushed.topic
    for secret in ("Lise", "Mads", "Solsikke", "Hemmeligt", "Ringsted", user.email):
        assert secret not in pushed.payload.decode()
    assert message.id not in data.values() and str(message.id) not in data.values()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_payload_is_in_the_recipients_language(app, pushing, language):
    user = make_user(language=language)
    add_device(pushing, user, "phone")
    send([user], Kind.MEETING_REMINDER)
    run_once(now=NOON)
    with force_locale(language):
        expected = (str(KINDS[Kind.MEETING_REMINDER].title), str(KINDS[Kind.MEETING_REMINDER].body))
    data = pushing.delivered("phone")[0].json()
    assert (data["title"], data["body"]) == expected


def test_each_recipient_in_one_batch_gets_their_own_language(pushing, monkeypatch):
    # A title the catalogues already translate, so the test shows the language switch whatever else is translated.
    monkeypatch.setitem(KINDS, Kind.TEST, dataclasses.replace(KINDS[Kind.TEST], title=_l("My week")))
    danish, english = make_user(language="da"), make_user(language="en")
    add_device(pushing, danish, "da-phone")
    add_device(pushing, english, "en-phone")
    send([danish, english], Kind.TEST, object_id=None)
    run_once(now=NOON)
    assert pushing.delivered("da-phone")[0].json()["title"] == "Min uge"
    assert pushing.delivered("en-phone")[0].json()["title"] == "My week"


def test_reminders_of_one_meeting_share_a_topic_and_other_objects_do_not(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    notes = [
        *send([user], Kind.MEETING_REMINDER, object_id=7, dedupe="meeting:7:evening"),
        *send([user], Kind.MEETING_REMINDER, object_id=7, dedupe="meeting:7:2h"),
        *send([user], Kind.MEETING_MOVED, object_id=7),
        *send([user], Kind.MEETING_REMINDER, object_id=8),
        *send([user], Kind.GROUP_MESSAGE, object_id=7),
    ]
    run_once(now=NOON)
    topic_of = {m.json()["id"]: m.topic for m in pushing.delivered("phone")}
    topics = [topic_of[note.ref] for note in notes]
    assert topics[0] == topics[1] == topics[2]  # a newer note about meeting 7 replaces the older one
    assert len({topics[0], topics[3], topics[4]}) == 3
    assert not any("meeting" in topic or "message" in topic for topic in topics)  # opaque: an HMAC


def test_the_vapid_header_is_signed_once_per_push_service_and_reused(pushing):
    users = [make_user() for _ in range(3)]
    for n, user in enumerate(users):
        add_device(pushing, user, f"phone{n}")
    send(users)
    run_once(now=NOON)
    headers = {m.headers["authorization"] for m in pushing.delivered()}
    assert len(pushing.delivered()) == 3 and len(headers) == 1


def test_the_vapid_signer_renews_a_header_an_hour_before_it_expires(app, pushing):
    clock = [1_700_000_000.0]
    signer = VapidSigner(app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"], clock=lambda: clock[0])
    first = signer.header(pushing.origin)
    claims, _ = verify_vapid(first, audience=pushing.origin, now=clock[0])
    assert claims["exp"] - clock[0] <= 24 * 3600
    clock[0] += 10.9 * 3600
    assert signer.header(pushing.origin) == first and signer.signatures == 1
    assert signer.header("https://fcm.googleapis.com") != first and signer.signatures == 2
    clock[0] += 0.2 * 3600  # less than an hour left
    second = signer.header(pushing.origin)
    assert second != first and signer.signatures == 3
    verify_vapid(second, audience=pushing.origin, now=clock[0])


def test_the_ttl_never_outlives_the_notification(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user], Kind.MEETING_REMINDER, expires_at=NOON + timedelta(minutes=30))
    run_once(now=NOON + timedelta(minutes=10))
    [message] = pushing.delivered("phone")
    assert message.ttl == 20 * 60


def test_a_delivery_past_its_expiry_is_expired_without_sending(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user], Kind.MEETING_REMINDER, expires_at=NOON + timedelta(minutes=30))
    counts = run_once(now=NOON + timedelta(minutes=30))
    assert counts["expired"] == 1 and pushing.messages == []
    assert deliveries()[0].status == DeliveryStatus.EXPIRED


def test_a_device_that_moved_to_another_person_gets_nothing_of_the_first(pushing):
    first, second = make_user(), make_user()
    info = pushing.new_subscription("shared-phone")
    row, created = subscribe(first, parse_subscription(info), login_session_id=None)
    assert row is not None and created
    send([first])
    moved, created = subscribe(second, parse_subscription(info), login_session_id=None)  # the phone changes hands
    assert moved is not None and (moved.id, moved.user_id, created) == (row.id, second.id, False)
    counts = run_once(now=NOON)
    assert counts["failed"] == 1 and pushing.messages == []


def test_a_deactivated_account_gets_no_push(db, pushing):
    kept, leaving = make_user(), make_user()
    add_device(pushing, kept, "kept-phone")
    add_device(pushing, leaving, "leaving-phone")
    send([kept, leaving])
    leaving.active = False  # an admin deactivated the account after the notification was queued
    db.session.commit()
    counts = run_once(now=NOON)
    assert counts["sent"] == 1 and counts["failed"] == 1
    assert len(pushing.delivered("kept-phone")) == 1 and pushing.delivered("leaving-phone") == []


def test_an_endpoint_no_longer_allowed_is_not_contacted(app, pushing, monkeypatch):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user])
    monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", ())
    counts = run_once(now=NOON)
    assert counts["failed"] == 1 and pushing.messages == []


def test_nothing_is_sent_before_its_time(pushing):
    user = make_user()
    add_device(pushing, user, "phone")
    send([user], Kind.GROUP_MESSAGE, now=NOON.replace(hour=21))  # 22:00 in Copenhagen: quiet hours
    assert run_once(now=NOON.replace(hour=22))["sent"] == 0
    assert run_once(now=NOON.replace(hour=7) + timedelta(days=1))["sent"] == 1  # 08:00 the next morning
    assert json.loads(pushing.delivered("phone")[0].payload)["kind"] == "group_message"


def test_a_device_whose_login_is_over_gets_no_push(db, pushing):
    from app.accounts.models import LoginSession
    from app.notifications.subscriptions import parse_subscription, subscribe

    user = make_user()
    for name, last_seen, ended in (("live", NOON - timedelta(days=1), None), ("idle", NOON - timedelta(days=31), None),
                                   ("ended", NOON - timedelta(hours=1), NOON - timedelta(minutes=30))):  # fmt: skip
        login = LoginSession(user_id=user.id, token_hash=name * 8, created_at=NOON - timedelta(days=40),
                             last_seen_at=last_seen, ended_at=ended)  # fmt: skip
        db.session.add(login)
        db.session.flush()
        subscribe(user, parse_subscription(pushing.new_subscription(name)), login_session_id=login.id)
    send([user])
    counts = run_once(now=NOON)
    assert counts["sent"] == 1 and counts["failed"] == 2
    assert len(pushing.delivered("live")) == 1
    assert pushing.delivered("idle") == pushing.delivered("ended") == []
