"""Logging in and out in a real browser, with axe-core checking the pages a participant sees first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Flask

from tests.e2e.conftest import browser_problem
from tests.factories import PASSWORD, make_user

if browser_problem() is None:  # otherwise conftest skips (or, with REQUIRE_BROWSER=1, fails) each test
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _participant_email(app: Flask) -> str:
    with app.app_context():
        return make_user().email


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def _assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"


def test_participant_logs_in_through_the_form_and_lands_on_my_week(page: Page, app: Flask) -> None:
    email = _participant_email(app)

    _log_in(page, email)

    assert _path(page) == "/week"
    expect(page.locator("h1")).to_be_visible()
    assert page.console_errors == []


def test_login_and_my_week_pass_axe_and_fit_320px(page: Page, app: Flask) -> None:
    email = _participant_email(app)

    page.goto("/login")
    _assert_no_axe_violations(page)

    _log_in(page, email)
    assert _path(page) == "/week"
    _assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 640})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"My week scrolls sideways at 320 px (scrollWidth {scroll_width})"
    assert page.console_errors == []


def test_after_logout_my_week_redirects_to_login(page: Page, app: Flask) -> None:
    email = _participant_email(app)
    _log_in(page, email)
    assert _path(page) == "/week"

    page.locator("header").get_by_role("button", name=re.compile(r"^Log (ud|out)$")).click()
    page.wait_for_load_state()
    assert _path(page) == "/login"

    page.goto("/week")
    assert _path(page) == "/login"
    expect(page.locator('input[name="email"]')).to_be_visible()
    assert page.console_errors == []
