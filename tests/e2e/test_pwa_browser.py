"""Installable and offline: the service worker, the per-login offline copies, the update banner."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from app.accounts.models import Role, User
from app.extensions import db
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

OFFLINE_PAGE = re.compile("offline", re.I)
CACHE_NAMES = "caches.keys()"


def controlled(page: Page) -> None:
    """Wait until the service worker is active, and reload so it controls (and stores) this page."""
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)", timeout=15_000)
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def wait_stored(page: Page, path: str) -> None:
    """Wait until the service worker has put `path` into a per-login page cache."""
    page.wait_for_function(
        """async (path) => {
            for (const name of await caches.keys()) {
                if (name.startsWith("nw-pages-") && await (await caches.open(name)).match(path)) return true;
            }
            return false;
        }""",
        arg=path,
    )


def participant(app: Flask, name: str, town=None) -> str:  # noqa: ANN001
    with app.app_context():
        return make_user(Role.PARTICIPANT, town or make_municipality(), name=name).email


def rename(app: Flask, email: str, name: str) -> None:
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        user.display_name = name
        db.session.commit()


def new_context(browser, live_server: str, **kwargs) -> BrowserContext:  # noqa: ANN001, ANN003
    return browser.new_context(viewport=PHONE, base_url=live_server, **kwargs)


def test_service_worker_controls_the_page_after_the_first_load(page: Page) -> None:
    page.goto("/login")
    assert page.evaluate("navigator.serviceWorker.controller") is None
    controlled(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    assert page.console_errors == []


def test_manifest_parses_and_the_page_is_installable(browser, live_server: str) -> None:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as profile:
        context = browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE, base_url=live_server
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto("/login")
            controlled(page)
            cdp = context.new_cdp_session(page)
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["url"].startswith(live_server + "/manifest.webmanifest")
            assert manifest["errors"] == []
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        finally:
            context.close()


def week_offline(context: BrowserContext, app: Flask, *, with_worker: bool = True) -> Page:
    """Log in, see My week online, let the server data change, then reload My week offline."""
    email = participant(app, "Ada Før")
    page = context.new_page()
    log_in(page, email)
    page.goto("/week")
    if with_worker:
        controlled(page)
        wait_stored(page, "/week")
    rename(app, email, "Ada Efter")
    context.set_offline(True)
    page.reload()
    return page


def test_my_week_offline_shows_the_last_copy_marked_and_unknown_pages_show_the_offline_page(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    context = new_context(browser, live_server)
    try:
        page = week_offline(context, app)
        marker = page.locator("[data-nw-offline-copy]")
        expect(marker).to_be_visible()
        expect(marker).to_contain_text(re.compile("Offline", re.I))
        assert page.locator("[data-nw-stored]").get_attribute("datetime")
        expect(page.locator("h1")).to_contain_text("Ada Før")  # the data as last seen, not the server's new name
        expect(page.locator("[data-nw-offline]")).to_be_visible()  # the header's offline indicator
        assert_no_axe_violations(page)

        page.goto("/placements")  # never stored: the offline page
        expect(page.locator("h1")).to_have_text(OFFLINE_PAGE)
        assert "Ada" not in page.content()
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_control_without_service_worker_my_week_is_not_there_offline(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    context = new_context(browser, live_server, service_workers="block")
    try:
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
            week_offline(context, app, with_worker=False)
    finally:
        context.close()


def offline_text(context: BrowserContext, page: Page, path: str) -> str:
    context.set_offline(True)
    try:
        page.goto(path)
        return page.locator("main").inner_text()
    finally:
        context.set_offline(False)


def test_logout_leaves_no_cached_pages_and_the_next_login_never_sees_them(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    town = make_town(app)
    first, second = participant(app, "Første Person", town), participant(app, "Anden Person", town)
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        log_in(page, first)
        controlled(page)
        page.goto("/meetings")
        wait_stored(page, "/meetings")
        page.locator("form.logout button").click()
        page.wait_for_url(re.compile("/login"))
        names = page.evaluate(CACHE_NAMES)
        assert not [name for name in names if name.startswith("nw-pages-")], names

        log_in(page, second)
        controlled(page)
        wait_stored(page, "/week")
        assert "Første" not in offline_text(context, page, "/meetings")
        assert "Anden Person" in offline_text(context, page, "/week")
    finally:
        context.close()


def test_another_login_without_logout_drops_the_first_logins_copies(
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    town = make_town(app)
    first, second = participant(app, "Første Person", town), participant(app, "Anden Person", town)
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        log_in(page, first)
        controlled(page)
        page.goto("/meetings")
        wait_stored(page, "/meetings")
        context.clear_cookies()  # the session ends without a logout (expired, or cookies cleared)
        log_in(page, second)
        page.goto("/week")
        wait_stored(page, "/week")
        text = offline_text(context, page, "/meetings")
        assert "Første" not in text and OFFLINE_PAGE.search(text)
    finally:
        context.close()


def make_town(app: Flask):  # noqa: ANN201
    with app.app_context():
        town = make_municipality()
        db.session.expunge(town)
        return town


def test_a_new_deploy_shows_the_update_banner_and_serves_the_new_css(page: Page, app: Flask) -> None:
    css = Path(app.static_folder) / "css" / "app.css"
    original = css.read_bytes()
    page.goto("/login")
    controlled(page)
    old_href = page.locator('link[rel="stylesheet"]').get_attribute("href")
    try:
        css.write_bytes(original + b"\n.nw-deploy-test{color:#000}\n")
        # A deploy restarts the app's processes, and a new process has no static URLs remembered yet (app.web).
        app.extensions.pop("nw_static_urls", None)
        page.reload()
        banner = page.locator("[data-nw-update]")
        expect(banner).to_be_visible(timeout=10_000)
        assert_no_axe_violations(page)
        with page.expect_navigation():
            banner.get_by_role("button").click()
        new_href = page.locator('link[rel="stylesheet"]').get_attribute("href")
        assert new_href != old_href
        served = page.evaluate("href => fetch(href).then(r => r.text())", new_href)
        assert ".nw-deploy-test" in served
        expect(page.locator("[data-nw-update]")).to_be_hidden()
    finally:
        css.write_bytes(original)
    assert page.console_errors == []
