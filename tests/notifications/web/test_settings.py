"""The notification settings page: kinds, reminders, quiet hours, pause, devices, the test notification,
and logout unlinking this device."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.db import utcnow
from app.notifications.kinds import KINDS, PARTICIPANT_CHOICES, STAFF_CHOICES
from app.notifications.models import Delivery, Kind, Notification, NotificationPrefs, PushSubscription
from app.notifications.settings import device_label
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, make_municipality, make_user
from tests.notifications.web.conftest import post_json, subscription

URL = "/settings/notifications"


def saved(db, user_id: int) -> NotificationPrefs | None:  # noqa: ANN001
    db.session.remove()
    return db.session.scalar(select(NotificationPrefs).where(NotificationPrefs.user_id == user_id))


def form(**changes) -> dict:  # noqa: ANN003
    data = {"wanted": [k.value for k in PARTICIPANT_CHOICES], "remind_evening": "y", "remind_two_hours": "y",
            "quiet_enabled": "y", "quiet_start": "21:00", "quiet_end": "08:00"}  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def checked(html: str, name: str, value: str = "y") -> bool:
    """Whether the page has the checkbox `name`=`value` ticked."""
    for tag in re.findall(r"<input [^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no checkbox {name}={value}")


def test_page_shows_the_defaults_and_the_participant_kinds(logged_in):
    response = logged_in.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for kind in PARTICIPANT_CHOICES:
        assert checked(html, "wanted", kind.value)
    assert checked(html, "quiet_enabled") and checked(html, "remind_evening") and checked(html, "remind_two_hours")
    assert str(KINDS[Kind.PLACEMENT_CHANGE].label) not in html
    assert 'value="21:00"' in html and 'value="08:00"' in html
    assert "The evening before a meeting" in html
    assert "Pause for a week" in html
    assert "data-nw-push" in html and "Send me a test notification" in html


def test_staff_choose_the_staff_kinds_and_get_no_meeting_reminder_choice(db, client, login_as):
    login_as(client, make_user(Role.FACILITATOR, make_municipality(), language="en"))
    html = client.get(URL).get_data(as_text=True)
    for kind in STAFF_CHOICES:
        assert str(KINDS[kind].label) in html
    assert str(KINDS[Kind.NEW_PLACEMENT].label) not in html
    assert "The evening before a meeting" not in html


def test_saving_kinds_reminders_and_quiet_hours(db, logged_in, person):
    wanted = [Kind.MEETING_REMINDER.value, Kind.GROUP_MESSAGE.value]
    response = post_form(logged_in, URL, form(wanted=wanted, remind_evening=None, quiet_start="22:30",
                                              quiet_end="07:15:00"))  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == URL
    prefs = saved(db, person.id)
    assert prefs.muted == {k.value for k in PARTICIPANT_CHOICES} - set(wanted)
    assert (prefs.remind_evening, prefs.remind_two_hours) == (False, True)
    assert (prefs.quiet_enabled, prefs.quiet_start, prefs.quiet_end) == (True, time(22, 30), time(7, 15))
    html = logged_in.get(URL).get_data(as_text=True)
    assert not checked(html, "wanted", Kind.NEW_PLACEMENT.value) and checked(html, "wanted", Kind.GROUP_MESSAGE.value)
    assert 'value="22:30"' in html and not checked(html, "remind_evening")


def test_unchecking_everything_and_quiet_hours_off(db, logged_in, person):
    response = post_form(logged_in, URL, form(wanted=None, quiet_enabled=None, remind_evening=None,
                                              remind_two_hours=None))  # fmt: skip
    assert response.status_code == 302
    prefs = saved(db, person.id)
    assert prefs.muted == {k.value for k in PARTICIPANT_CHOICES}
    assert not (prefs.quiet_enabled or prefs.remind_evening or prefs.remind_two_hours)


def test_saving_keeps_kinds_the_person_cannot_choose(db, logged_in, person):
    db.session.add(NotificationPrefs(user_id=person.id, muted_kinds="placement_change"))
    db.session.commit()
    assert post_form(logged_in, URL, form()).status_code == 302
    assert saved(db, person.id).muted == {"placement_change"}


GARBAGE = {
    "hour 25": {"quiet_start": "25:00"},
    "letters": {"quiet_end": "eight"},
    "arabic digits": {"quiet_start": "٢١:٠٠"},
    "empty time": {"quiet_end": ""},
    "missing time": {"quiet_start": None},
    "unknown kind": {"wanted": ["meeting_reminder", "nonsense"]},
    "staff kind": {"wanted": ["placement_change"]},
    "same start and end": {"quiet_start": "08:00", "quiet_end": "08:00"},
    "very long": {"quiet_start": "2" * 5000},
    "control characters": {"quiet_start": "21:\x0000"},
}


@pytest.mark.parametrize("changes", list(GARBAGE.values()), ids=list(GARBAGE))
def test_garbage_is_422_with_the_form_kept_and_nothing_saved(db, logged_in, person, changes):
    response = post_form(logged_in, URL, form(remind_evening=None, **changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error"' in html
    assert not checked(html, "remind_evening") and checked(html, "remind_two_hours")  # what they chose is kept
    assert saved(db, person.id) is None


def test_same_start_and_end_is_fine_without_quiet_hours(db, logged_in, person):
    response = post_form(logged_in, URL, form(quiet_enabled=None, quiet_start="08:00", quiet_end="08:00"))
    assert response.status_code == 302
    assert saved(db, person.id).quiet_enabled is False


def test_without_csrf_token_nothing_is_saved(db, logged_in, person):
    response = logged_in.post(URL, data=form(wanted=None))
    assert response.status_code == 400
    assert saved(db, person.id) is None


def test_pause_for_a_week_and_resume(db, logged_in, person):
    before = utcnow()
    response = post_form(logged_in, URL + "/pause")
    assert response.status_code == 302
    until = saved(db, person.id).paused_until
    assert before + timedelta(days=7) <= until <= utcnow() + timedelta(days=7)
    html = logged_in.get(URL).get_data(as_text=True)
    assert "No push notifications until" in html and "Turn notifications on again" in html
    assert post_form(logged_in, URL + "/resume").status_code == 302
    assert saved(db, person.id).paused_until is None
    assert "Pause for a week" in logged_in.get(URL).get_data(as_text=True)


def test_an_old_pause_shows_as_not_paused(db, logged_in, person):
    db.session.add(NotificationPrefs(user_id=person.id, paused_until=datetime(2020, 1, 1, tzinfo=UTC)))
    db.session.commit()
    assert "Pause for a week" in logged_in.get(URL).get_data(as_text=True)


def subscribe(client, **kwargs) -> dict:  # noqa: ANN001, ANN003
    info = subscription()
    assert post_json(client, "/push/subscribe", info, **kwargs).status_code == 201
    return info


def test_devices_are_listed_and_can_be_removed_only_by_their_owner(db, logged_in, person, make_client, login_as):
    subscribe(logged_in)
    html = logged_in.get(URL).get_data(as_text=True)
    assert "(this device)" in html and "data-nw-this-device" in html and 'data-linked="1"' in html
    device = db.session.scalars(select(PushSubscription)).one()

    stranger = make_client()
    login_as(stranger, make_user(Role.PARTICIPANT, make_municipality()))
    assert post_form(stranger, f"/push/devices/{device.id}/remove").status_code == 404
    assert post_form(stranger, "/push/devices/99999999999/remove").status_code == 404
    db.session.remove()
    assert db.session.get(PushSubscription, device.id) is not None

    assert post_form(logged_in, f"/push/devices/{device.id}/remove").status_code == 302
    db.session.remove()
    assert db.session.get(PushSubscription, device.id) is None
    assert "No devices get your notifications yet." in logged_in.get(URL).get_data(as_text=True)


def counts(db) -> tuple[int, int]:  # noqa: ANN001
    db.session.remove()
    notes = db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == Kind.TEST))
    return notes, db.session.scalar(select(func.count(Delivery.id)))


def test_test_notification_goes_to_the_inbox_and_every_device(db, logged_in, person, make_client, login_as):
    subscribe(logged_in)
    phone = make_client()
    login_as(phone, person)
    subscribe(phone)
    response = post_form(logged_in, "/push/test", follow_redirects=True)
    assert response.status_code == 200
    assert "on its way" in response.get_data(as_text=True)
    assert counts(db) == (1, 2)
    note = db.session.scalars(select(Notification)).one()
    assert note.user_id == person.id and note.url == "/inbox" and note.urgent


def test_test_notification_without_devices_still_lands_in_the_inbox(db, logged_in):
    response = logged_in.post(
        "/push/test", headers={"X-CSRFToken": csrf_token(logged_in), "Accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.get_json()["devices"] == 0
    assert counts(db) == (1, 0)


def test_test_notification_is_rate_limited_per_person(db, logged_in, person, make_client, login_as):
    for _ in range(5):
        assert post_form(logged_in, "/push/test").status_code == 302
    assert post_form(logged_in, "/push/test").status_code == 429
    assert counts(db) == (5, 0)
    other = make_client()
    login_as(other, make_user(Role.PARTICIPANT, make_municipality()))
    assert post_form(other, "/push/test").status_code == 302  # someone else is not held back


def test_test_notification_needs_csrf_and_a_login(db, client, logged_in):
    assert logged_in.post("/push/test").status_code == 400
    anonymous = client.application.test_client()
    assert post_form(anonymous, "/push/test").status_code == 302
    assert counts(db) == (0, 0)


def test_logout_removes_this_devices_subscription_only(db, logged_in, person, make_client, login_as):
    subscribe(logged_in)
    phone = make_client()
    login_as(phone, person)
    kept = subscribe(phone)
    response = post_form(logged_in, "/logout")
    assert response.status_code == 302
    db.session.remove()
    assert db.session.scalars(select(PushSubscription.endpoint)).all() == [kept["endpoint"]]


def test_log_out_everywhere_removes_every_device(db, logged_in, person, make_client, login_as):
    subscribe(logged_in)
    phone = make_client()
    login_as(phone, person)
    subscribe(phone)
    assert post_form(logged_in, "/me/logout-all").status_code == 302
    db.session.remove()
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
         "Chrome, Android"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.5 Mobile/15E148 Safari/604.1", "Safari, iPhone"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
         "Safari/537.36 Edg/126.0", "Edge, Windows"),
        ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 "
         "Chrome/121.0 Mobile Safari/537.36", "Samsung Internet, Android"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox, Linux"),
        ("", "?"),
    ],
)  # fmt: skip
def test_device_label(agent, label):
    assert device_label(agent) == label


def test_password_change_unlinks_the_devices_of_the_ended_sessions(db, logged_in, person, make_client, login_as):
    subscribe(logged_in)
    phone = make_client()
    login_as(phone, person)
    subscribe(phone)
    new = "another long enough password"
    data = {"current_password": PASSWORD, "password": new, "confirm": new}
    assert post_form(logged_in, "/me/password", data).status_code == 302
    db.session.remove()
    # Every session ended (this device got a new one: push.js links it again on the next page it opens).
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0
