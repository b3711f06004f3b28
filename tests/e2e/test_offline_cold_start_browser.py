"""Offline from a cold start, at 390×844 and 320×640: the app opened without a connection still lets the person write
a reflection (the form is kept for the login even if never visited), which waits on the phone and arrives once.
Logging out offline wipes the person's copies from the phone at once and ends the login on the server as soon as
any request reaches it: the old session cookie fails from then on."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import LoginSession, Role
from app.db import utcnow
from app.extensions import db
from app.reflections.models import Reflection
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.e2e.test_pwa_browser import controlled, wait_stored
from tests.factories import add_to_group, make_group, make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

TEXT = "Skrevet i bussen uden net: i dag turde jeg ringe til virksomheden selv."
SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]
QUEUE = """() => new Promise((resolve) => {
  const open = indexedDB.open("nextwork-queue", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("items", {keyPath: "id", autoIncrement: true});
  open.onsuccess = () => {
    const get = open.result.transaction("items").objectStore("items").getAll();
    get.onsuccess = () => { open.result.close(); resolve(get.result); };
  };
})"""
STORED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("nw-pages-")) continue;
    for (const request of await (await caches.open(name)).keys()) found.push(new URL(request.url).pathname);
  }
  return found;
}"""

# Every copy in CacheStorage, of any cache (the app shell's too), whose body names the person.
NAMING = """async (name) => {
  const found = [];
  for (const cache of await caches.keys()) {
    for (const request of await (await caches.open(cache)).keys()) {
      const response = await (await caches.open(cache)).match(request);
      if ((await response.text()).includes(name)) found.push(cache + " " + new URL(request.url).pathname);
    }
  }
  return found;
}"""


def _member(app: Flask) -> dict:
    with app.app_context():
        town = make_municipality()
        person = make_user(Role.PARTICIPANT, town, name="Sofie Offline")
        add_to_group(make_group(town), person, joined_at=utcnow() - timedelta(days=7))
        return {"id": person.id, "email": person.email}


def _reflections(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        return [r.text for r in db.session.scalars(select(Reflection).where(Reflection.author_id == user_id))]


def _open_sessions(app: Flask, user_id: int) -> int:
    with app.app_context():
        rows = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user_id)).all()
        return sum(row.ended_at is None for row in rows)


def _online_once(browser: Browser, live_server: str, email: str, size: dict) -> tuple[BrowserContext, Page]:
    """Log in and open My week once online: the service worker keeps this login's pages, the form included."""
    context = browser.new_context(viewport=size, base_url=live_server, locale="da-DK")
    page = context.new_page()
    log_in(page, email)
    controlled(page)
    wait_stored(page, "/week")
    wait_stored(page, "/reflections/new")  # never visited, kept anyway
    return context, page


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_a_reflection_written_offline_from_a_cold_start_waits_and_arrives_once(
    browser: Browser, live_server: str, app: Flask, size: dict
) -> None:
    data = _member(app)
    context, page = _online_once(browser, live_server, data["email"], size)
    try:
        page.close()
        context.set_offline(True)  # the app is opened again, from the home screen, without a connection
        cold = context.new_page()
        cold.goto("/week")
        cold.get_by_role("link", name="Skriv en refleksion").first.click()
        cold.wait_for_load_state()
        assert cold.url.endswith("/reflections/new")
        expect(cold.locator("h1")).to_have_text("Skriv en refleksion")  # the form, not "You are offline"
        expect(cold.locator("[data-nw-offline-copy]")).to_be_hidden()  # a form is not an old copy
        expect(cold.locator("[data-nw-offline]")).to_be_visible()
        assert_no_axe_violations(cold)
        cold.locator("#text").fill(TEXT)
        cold.locator("main form[data-queue] button.primary").click()
        expect(cold.locator("[data-queue-list] li")).to_contain_text(TEXT[:40])
        (item,) = cold.evaluate(QUEUE)
        assert item["body"]["text"] == TEXT and re.fullmatch(r"[0-9a-f]{32}", item["key"])
        assert item["key"] == item["body"]["key"]  # the form's own key: sent twice, saved once
        assert _reflections(app, data["id"]) == []

        context.set_offline(False)  # the `online` event sends it
        expect(cold.locator("[data-queue-box]")).to_contain_text("Gemt. Kun du kan læse den.")
        assert cold.evaluate(QUEUE) == []
        cold.reload()
        assert _reflections(app, data["id"]) == [TEXT]
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_logging_out_offline_wipes_the_phone_and_ends_the_login_when_online(
    browser: Browser, live_server: str, app: Flask, size: dict
) -> None:
    data = _member(app)
    context, page = _online_once(browser, live_server, data["email"], size)
    try:
        old_cookies = [c for c in context.cookies() if c["name"] != "nw_logout"]
        context.set_offline(True)
        page.goto("/reflections/new")
        page.locator("#text").fill(TEXT)
        page.locator("main form[data-queue] button.primary").click()
        expect(page.locator("[data-queue-list] li")).to_have_count(1)
        assert page.evaluate(STORED)
        assert page.evaluate(NAMING, "Sofie")  # the check below can see the person

        page.locator("form.logout button").click()  # offline: no browser error page
        page.wait_for_url(re.compile("/login$"))
        expect(page.locator("h1")).to_have_text("Du er offline")
        expect(page.locator("[data-nw-logged-out]")).to_be_visible()
        assert "Sofie" not in page.content()
        assert_no_axe_violations(page)
        assert page.evaluate(STORED) == []  # nothing of the person in CacheStorage …
        assert page.evaluate(NAMING, "Sofie") == []  # … in any cache …
        assert page.evaluate("() => indexedDB.databases()") == []  # … in IndexedDB …
        assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0  # … or in web storage
        page.goto("/week")
        assert "Sofie" not in page.content()  # My week no longer greets them offline
        expect(page.locator("h1")).to_have_text("Du er offline")

        # The server has not heard of it yet: the old cookie still works there, until the queued logout arrives.
        assert _open_sessions(app, data["id"]) == 1
        context.set_offline(False)
        page.goto("/week")
        page.wait_for_url(re.compile("/login"))
        expect(page.locator("h1")).to_have_text("Log ind")
        assert _open_sessions(app, data["id"]) == 0
        assert not [c for c in context.cookies() if c["name"] == "nw_logout"]
        assert _reflections(app, data["id"]) == []  # the queued text was wiped with the rest, never sent

        thief = browser.new_context(base_url=live_server)  # the old session cookie, copied before the logout
        try:
            thief.add_cookies(old_cookies)
            stolen = thief.new_page()
            stolen.goto("/week")
            assert stolen.url.endswith("/login?next=%2Fweek") or "/login" in stolen.url
        finally:
            thief.close()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_log_out_on_all_devices_offline_ends_every_login_when_online(
    browser: Browser, live_server: str, app: Flask, size: dict
) -> None:
    data = _member(app)
    other = browser.new_context(base_url=live_server)  # the person's other phone
    context, page = _online_once(browser, live_server, data["email"], size)
    try:
        log_in(other.new_page(), data["email"])
        assert _open_sessions(app, data["id"]) == 2
        page.goto("/me")
        context.set_offline(True)
        page.get_by_role("button", name="Log ud på alle enheder").click()
        page.wait_for_url(re.compile("/login$"))
        expect(page.locator("[data-nw-logged-out]")).to_be_visible()
        assert page.evaluate(STORED) == []
        assert_no_axe_violations(page)
        context.set_offline(False)
        page.goto("/week")
        page.wait_for_url(re.compile("/login"))
        assert _open_sessions(app, data["id"]) == 0
    finally:
        other.close()
        context.close()
