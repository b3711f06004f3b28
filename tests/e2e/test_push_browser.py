"""Push in a real browser: the settings page's own subscribe flow (only `PushManager.prototype.subscribe` is
replaced, since the vendor push service is unreachable), the test notification sent by the worker to the local
push service, and that message delivered into the service worker over CDP, shown as a notification."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.notifications import payload, subscriptions
from app.notifications.models import Kind, PushSubscription
from app.notifications.services import notify
from tests.e2e.conftest import PHONE, assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user
from tests.push.pushservice import PushService

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# Replaces only subscribe(): it records what the page asked for and answers like a browser would, with the
# test subscription's endpoint and keys. getSubscription(), permissions and the service worker stay real.
FAKE_SUBSCRIBE = """(info) => {
  PushManager.prototype.subscribe = function (options) {
    var key = options && options.applicationServerKey;
    window.__nwSubscribeAsked = {
      userVisibleOnly: options.userVisibleOnly, keyBytes: key ? new Uint8Array(key).length : 0,
      firstByte: key ? new Uint8Array(key)[0] : -1
    };
    return Promise.resolve({
      endpoint: info.endpoint, expirationTime: null, options: options,
      toJSON: function () { return { endpoint: info.endpoint, expirationTime: null, keys: info.keys }; },
      unsubscribe: function () { return Promise.resolve(true); }
    });
  };
}"""

NOTIFICATIONS = """() => navigator.serviceWorker.ready.then(r => r.getNotifications()).then(list =>
  list.map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url })))"""


@pytest.fixture
def push_service(app: Flask, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    with PushService() as service:
        monkeypatch.setitem(app.config, "PUSH_TEST_ORIGINS", (service.origin,))
        yield service


def person(app: Flask, language: str) -> tuple[int, str]:
    with app.app_context():
        user = make_user(Role.PARTICIPANT, make_municipality(), language=language, name="Push Person")
        return user.id, user.email


def phone(browser, live_server: str, info: dict | None = None) -> BrowserContext:  # noqa: ANN001
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    context.grant_permissions(["notifications"], origin=live_server)
    if info is not None:
        context.add_init_script(script=f"({FAKE_SUBSCRIBE})({json.dumps(info)})")
    return context


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def ready(page: Page) -> None:
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)", timeout=15_000)


class Pusher:
    """Hands data to the page's service worker as push messages, over the DevTools protocol."""

    def __init__(self, context: BrowserContext, page: Page, live_server: str) -> None:
        self.page, self.origin = page, live_server
        self.cdp = context.new_cdp_session(page)
        registrations: list[dict] = []
        self.cdp.on(
            "ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"])
        )
        self.cdp.send("ServiceWorker.enable")
        deadline = time.monotonic() + 15
        while not self._mine(registrations) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        mine = self._mine(registrations)
        assert mine, registrations
        self.registration_id = mine[-1]["registrationId"]

    def _mine(self, registrations: list[dict]) -> list[dict]:
        return [r for r in registrations if r["scopeURL"].startswith(self.origin) and not r.get("isDeleted")]

    def __call__(self, data: str) -> None:
        self.cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": self.origin, "registrationId": self.registration_id, "data": data},
        )


def shown(page: Page, count: int = 1, seconds: float = 20) -> list[dict]:
    """The notifications the service worker shows, once there are at least `count`."""
    deadline = time.monotonic() + seconds
    while True:
        listed = page.evaluate(NOTIFICATIONS)
        if len(listed) >= count or time.monotonic() > deadline:
            return listed
        page.wait_for_timeout(100)


def push_shown(push: Pusher, page: Page, data: str, count: int) -> list[dict]:
    """Deliver `data` and wait until `count` notifications show. CDP's deliverPushMessage is occasionally
    lost while Chromium is still starting the worker (seen about once in ten full runs), so it is handed over
    again, up to three times; a payload with a tag replaces its own notification, so nothing doubles."""
    for _attempt in range(3):
        push(data)
        listed = shown(page, count, seconds=7)
        if len(listed) >= count:
            return listed
    return listed


def test_subscribe_flow_stores_the_device_and_the_test_push_shows_in_danish(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
    push_service: PushService,
) -> None:
    user_id, email = person(app, "da")
    info = push_service.new_subscription("phone")
    context = phone(browser, live_server, info)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        log_in(page, email)
        page.goto("/settings/notifications")
        ready(page)
        box = page.locator("[data-nw-push]")
        state = page.locator("[data-nw-push-state]")
        expect(state).to_have_text(box.get_attribute("data-msg-off"))
        assert_no_axe_violations(page)

        page.locator("[data-nw-push-on]").click()
        expect(state).to_have_text(box.get_attribute("data-msg-on"))
        expect(page.locator("[data-nw-push-off]")).to_be_visible()
        assert page.evaluate("window.__nwSubscribeAsked") == {"userVisibleOnly": True, "keyBytes": 65, "firstByte": 4}
        with app.app_context():
            row = db.session.scalars(select(PushSubscription)).one()
            assert (row.user_id, row.endpoint) == (user_id, info["endpoint"])
            assert row.login_session_id is not None and "Chrome" in row.device

        with page.expect_navigation():
            box.locator("form button").click()  # "Send me a test notification"
        with app.app_context():
            from app.notifications.worker import run_once

            run_once()
        (message,) = push_service.wait_for(1)
        assert message.accepted, message.reason
        sent = message.json()
        with app.app_context():
            title, body = payload.texts(Kind.TEST, "da")
        assert (sent["title"], sent["url"]) == (title, f"/inbox/{sent['id']}")

        (note,) = push_shown(Pusher(context, page, live_server), page, message.payload.decode(), 1)
        assert (note["title"], note["body"], note["url"]) == (title, body, f"/inbox/{sent['id']}")
        assert errors == []
    finally:
        context.close()


def test_push_payloads_show_in_the_persons_language_and_garbage_gets_a_generic_notification(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    _user_id, email = person(app, "en")
    context = phone(browser, live_server)
    try:
        page = context.new_page()
        log_in(page, email)
        ready(page)
        with app.app_context():
            data = payload.build(Kind.GROUP_MESSAGE, "abc123", 7, "en").decode()
            title = payload.texts(Kind.GROUP_MESSAGE, "en")[0]
        push = Pusher(context, page, live_server)
        listed = push_shown(push, page, data, 1)
        assert [n["title"] for n in listed] == [title] == ["New message for your group"], listed

        listed = push_shown(push, page, "not json {", 2)
        assert "NEXTWORK" in [n["title"] for n in listed], listed

        evil = json.dumps({"title": "x", "url": "https://evil.example/steal", "tag": "evil"})
        listed = push_shown(push, page, evil, 3)
        assert {n["tag"]: n["url"] for n in listed}.get("evil") == "/inbox", listed  # never another site
    finally:
        context.close()


def test_settings_and_inbox_pass_axe_and_fit_320px(page: Page, app: Flask) -> None:
    user_id, email = person(app, "da")
    with app.app_context():
        notify([user_id], Kind.MEETING_REMINDER, url="/meetings")
        notify([user_id], Kind.GROUP_MESSAGE, url="/meetings")
        db.session.commit()
        user = db.session.get(User, user_id)
        assert user is not None
    log_in(page, email)
    for path in ("/inbox", "/settings/notifications"):
        page.goto(path)
        assert_no_axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways at 320 px ({width})"
        page.set_viewport_size(PHONE)
    expect(page.locator("a.bell")).to_have_attribute("aria-label", "Notifikationer, 2 ulæste")  # a Danish user
    bell = page.locator("a.bell").bounding_box()
    assert bell and bell["width"] >= 44 and bell["height"] >= 44
    assert page.console_errors == []


IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
STATES = {
    "blocked": ("Object.defineProperty(Notification, 'permission', { get: () => 'denied' });", None),
    "unsupported": ("delete window.PushManager;", None),
    "ios": ("delete window.PushManager;", IPHONE),
}


@pytest.mark.parametrize("expected", list(STATES))
def test_the_page_explains_when_push_cannot_be_turned_on(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
    expected: str,
) -> None:
    script, agent = STATES[expected]
    _user_id, email = person(app, "en")
    context = browser.new_context(viewport=PHONE, base_url=live_server, **({"user_agent": agent} if agent else {}))
    context.add_init_script(script=script)
    try:
        page = context.new_page()
        log_in(page, email)
        page.goto("/settings/notifications")
        box = page.locator("[data-nw-push]")
        expect(page.locator("[data-nw-push-state]")).to_have_text(box.get_attribute(f"data-msg-{expected}"))
        expect(page.locator("[data-nw-push-on]")).to_be_hidden()
        expect(page.locator("[data-nw-push-off]")).to_be_hidden()
    finally:
        context.close()


# A browser that already has permission and a subscription (say, from the last person on a shared phone).
HAS_SUBSCRIPTION = """(info) => {
  var subscription = {
    endpoint: info.endpoint, expirationTime: null,
    toJSON: function () { return { endpoint: info.endpoint, expirationTime: null, keys: info.keys }; },
    unsubscribe: function () { return Promise.resolve(true); }
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(subscription); };
}"""


def owner_of(app: Flask, endpoint: str) -> int | None:
    with app.app_context():
        return db.session.scalar(select(PushSubscription.user_id).where(PushSubscription.endpoint == endpoint))


def login_session_of(app: Flask, endpoint: str) -> int | None:
    with app.app_context():
        return db.session.scalar(select(PushSubscription.login_session_id).where(PushSubscription.endpoint == endpoint))


def test_each_login_relinks_the_phone_once_and_logout_unlinks_it(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    first_id, first = person(app, "da")
    _second_id, second = person(app, "en")
    info = {"endpoint": "https://fcm.googleapis.com/fcm/send/shared-phone", "keys": keys_for_test()}
    with app.app_context():  # the first person turned push on in an earlier login
        subscriptions.subscribe(db.session.get(User, first_id), subscriptions.parse_subscription(info),
                                login_session_id=None)  # fmt: skip
    context = phone(browser, live_server)
    context.add_init_script(script=f"({HAS_SUBSCRIPTION})({json.dumps(info)})")
    try:
        page = context.new_page()
        sent: list[str] = []
        page.on(
            "request", lambda request: sent.append(request.url) if request.url.endswith("/push/subscribe") else None
        )
        log_in(page, first)
        deadline = time.monotonic() + 10
        while login_session_of(app, info["endpoint"]) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert login_session_of(app, info["endpoint"]) is not None  # re-linked to this login
        assert owner_of(app, info["endpoint"]) == first_id
        for path in ("/meetings", "/inbox", "/week"):
            page.goto(path)
        page.wait_for_timeout(300)
        assert len(sent) == 1  # once per login, not on every page

        page.locator("form.logout button").click()
        page.wait_for_url("**/login")
        assert owner_of(app, info["endpoint"]) is None  # the next person does not get the first one's pushes

        with page.expect_response(lambda response: response.url.endswith("/push/subscribe")) as answer:
            log_in(page, second)
        assert answer.value.status == 409  # a new login on a shared phone gets push only after a tap
        for path in ("/meetings", "/inbox"):
            page.goto(path)
        page.wait_for_timeout(300)  # let Playwright deliver the request events
        assert len(sent) == 2  # refused once, not asked again on every page
        assert owner_of(app, info["endpoint"]) is None
    finally:
        context.close()


def keys_for_test() -> dict[str, str]:
    from tests.notifications.web.conftest import keys

    return keys()
