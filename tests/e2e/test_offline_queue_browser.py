"""Send later, nothing lost: what a participant sends while offline waits on the phone (IndexedDB),
survives closing the page, is sent once when the connection returns (even when the queue sends it
twice), waits through an expired login, and is wiped at logout.

The pages are loaded online and the connection is cut afterwards (context.set_offline), so these tests
do not depend on the service worker. Without queue.js the offline submit just fails, and every test here
fails with it.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import func, select

from app.accounts import sessions
from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.idempotency import IdempotencyKey
from app.meetings.models import Answer, Rsvp
from app.meetings.schedule import new_meeting
from app.reflections.models import Reflection
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

TEXT = "Jeg hjalp en kunde med at finde den rigtige størrelse. Det gik godt!"
QUEUED_ITEMS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("nextwork-queue", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("items", {keyPath: "id", autoIncrement: true});
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction("items").objectStore("items").getAll();
    get.onsuccess = () => { open.result.close(); resolve(get.result); };
  };
})"""
ADD_ITEM = """(item) => new Promise((resolve, reject) => {
  const open = indexedDB.open("nextwork-queue", 1);
  open.onsuccess = () => {
    const tx = open.result.transaction("items", "readwrite");
    const copy = Object.assign({}, item);
    delete copy.id;
    tx.objectStore("items").add(copy);
    tx.oncomplete = () => { open.result.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def _member_with_meeting(app: Flask) -> dict:
    with app.app_context():
        town = make_municipality()
        member = make_user(Role.PARTICIPANT, town, name="Emma", language="en")
        group = Group(municipality_id=town.id, name="Tirsdag", weekday=1, start_time=time(10), place="Jobcentret")
        db.session.add(group)
        db.session.flush()
        db.session.add(Membership(group=group, user_id=member.id, role=MemberRole.MEMBER,
                                  joined_at=utcnow() - timedelta(days=7)))  # fmt: skip
        meeting = new_meeting(group, utcnow().date())
        meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(days=2)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        db.session.add(meeting)
        db.session.commit()
        return {"email": member.email, "id": member.id, "meeting": meeting.id}


def _texts(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(select(Reflection).where(Reflection.author_id == user_id)).all()
        return [r.text for r in rows]


def _api_log(context: BrowserContext) -> list[tuple[str, int]]:
    log: list[tuple[str, int]] = []
    context.on("response", lambda r: log.append((r.url, r.status)) if "/api/" in r.url else None)
    return log


def _block_api(context: BrowserContext) -> None:
    """The network is "up" but the server cannot be reached: every API request fails like a dropped line."""
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))


def _reconnect(context: BrowserContext) -> None:
    """Drop and restore the connection: the page gets an `online` event, which flushes the queue."""
    context.set_offline(True)
    context.set_offline(False)


def _write_offline(page: Page, text: str) -> None:
    page.goto("/reflections/new")
    page.wait_for_load_state()
    page.context.set_offline(True)
    page.locator("#text").fill(text)
    page.locator("main form[data-queue] button.primary").click()
    box = page.locator("[data-queue-box]")
    expect(box).to_be_visible()
    expect(box.locator("[data-queue-list] li")).to_have_count(1)
    expect(box.locator("[data-queue-list] li")).to_contain_text(text[:40])
    assert page.url.endswith("/reflections/new")  # no navigation: it failed nowhere, it waits
    expect(page.locator("#text")).to_have_value("")  # emptied, so a second tap cannot make a twin


def test_offline_reflection_waits_survives_reopening_and_is_stored_once(page: Page, live_server: str, app: Flask):
    data = _member_with_meeting(app)
    context = page.context
    log = _api_log(context)
    log_in(page, data["email"])
    _write_offline(page, TEXT)
    assert page.evaluate(QUEUED_ITEMS)[0]["body"]["text"] == TEXT
    assert_no_axe_violations(page)
    assert _texts(app, data["id"]) == []

    # Close the page; reopen another while the server cannot be reached: it is still waiting.
    page.close()
    _block_api(context)
    context.set_offline(False)
    again = context.new_page()
    again.goto("/reflections")
    box = again.locator("[data-queue-box]")
    expect(box.locator("[data-queue-list] li")).to_contain_text(TEXT[:40])
    items = again.evaluate(QUEUED_ITEMS)
    assert len(items) == 1 and re.fullmatch(r"[0-9a-f]{32}", items[0]["key"])
    assert _texts(app, data["id"]) == []

    # The queue sends it twice (a copy with the same key, as after a crash mid-send).
    again.evaluate(ADD_ITEM, items[0])
    assert len(again.evaluate(QUEUED_ITEMS)) == 2
    context.unroute("**/api/**")
    _reconnect(context)
    expect(box.locator("[data-queue-list] li")).to_have_count(0)
    expect(box).to_contain_text("Saved. Only you can read it.")
    assert again.evaluate(QUEUED_ITEMS) == []
    assert [status for _url, status in log if status != 0] == [201, 200], log
    assert _texts(app, data["id"]) == [TEXT]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_offline_rsvp_is_sent_once_and_a_stale_resend_changes_nothing(page: Page, live_server: str, app: Flask):
    data = _member_with_meeting(app)
    context = page.context
    log_in(page, data["email"])
    page.goto(f"/meetings/{data['meeting']}")
    expect(page.locator("input[name=reason]")).to_have_count(0)  # the reason is asked for after the no
    page.locator("form.rsvp").get_by_role("button", name="I can't come").click()
    page.wait_for_load_state()
    context.set_offline(True)
    reason = page.locator("form.rsvp-reason")
    reason.locator("input[name=reason]").fill("Tandlæge")
    reason.get_by_role("button", name="Send the reason").click()
    expect(page.locator("[data-queue-list] li")).to_contain_text("Tandlæge")
    item = page.evaluate(QUEUED_ITEMS)[0]
    assert item["body"]["answer"] == "no" and item["body"]["reason"] == "Tandlæge"

    context.set_offline(False)  # the `online` event sends it
    expect(page.locator("[data-queue-list] li")).to_have_count(0)
    expect(page.locator("[data-queue-box]")).to_contain_text("Thanks for letting us know.")
    with app.app_context():
        row = db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == data["meeting"]))
        assert (row.answer, row.reason) == (Answer.NO, "Tandlæge")

    # Later the person changes their mind online; then the old item arrives again: it changes nothing.
    page.goto(f"/meetings/{data['meeting']}")
    page.locator("form.rsvp").get_by_role("button", name="I'm coming").click()
    page.wait_for_load_state()
    page.evaluate(ADD_ITEM, item)
    _reconnect(context)  # (or the service worker's "flush-queue" message, whichever comes first)
    expect(page.locator("[data-queue-box]")).to_contain_text("That was already done.")
    assert page.evaluate(QUEUED_ITEMS) == []
    with app.app_context():
        rows = db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == data["meeting"])).all()
        assert [(r.answer, r.reason) for r in rows] == [(Answer.YES, "")]


def test_item_of_an_expired_session_waits_for_login_and_is_sent_after(page: Page, live_server: str, app: Flask):
    data = _member_with_meeting(app)
    context = page.context
    log_in(page, data["email"])
    _write_offline(page, TEXT)
    with app.app_context():  # the device session ends on the server while the phone is offline
        sessions.end_all_sessions(db.session.get(User, data["id"]))
        db.session.commit()

    context.set_offline(False)
    prompt = page.locator("[data-queue-login]")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("Please log in to send what you wrote.")
    assert len(page.evaluate(QUEUED_ITEMS)) == 1  # kept
    assert _texts(app, data["id"]) == []
    assert_no_axe_violations(page)

    prompt.get_by_role("link").click()
    page.wait_for_load_state()
    assert re.search(r"/login\?next=(/|%2F)reflections(/|%2F)new$", page.url), page.url
    page.locator('input[name="email"]').fill(data["email"])
    from tests.factories import PASSWORD

    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/reflections/new")
    expect(page.locator("[data-queue-box]")).to_contain_text("Saved. Only you can read it.")
    assert page.evaluate(QUEUED_ITEMS) == []
    assert _texts(app, data["id"]) == [TEXT]


def test_logout_wipes_the_queue_from_the_device(page: Page, live_server: str, app: Flask):
    data = _member_with_meeting(app)
    context = page.context
    log_in(page, data["email"])
    _write_offline(page, TEXT)
    _block_api(context)  # back online, but the text could not be sent yet
    context.set_offline(False)
    page.reload()
    assert len(page.evaluate(QUEUED_ITEMS)) == 1

    page.locator("form.logout button").click()
    page.wait_for_load_state()
    assert "/login" in page.url
    names = [d["name"] for d in page.evaluate("() => indexedDB.databases()")]
    assert "nextwork-queue" not in names
    assert _texts(app, data["id"]) == []
