"""Logging in and out in a real browser, with axe-core checking the pages a participant sees first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Flask

from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_user

if browser_problem() is None:  # otherwise conftest skips (or, with REQUIRE_BROWSER=1, fails) each test
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _participant_email(app: Flask) -> str:
    with app.app_context():
        return make_user().email


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def test_participant_logs_in_through_the_form_and_lands_on_my_week(page: Page, app: Flask) -> None:
    email = _participant_email(app)

    log_in(page, email)

    assert _path(page) == "/week"
    expect(page.locator("h1")).to_be_visible()
    assert page.console_errors == []


def test_login_and_my_week_pass_axe_and_fit_320px(page: Page, app: Flask) -> None:
    email = _participant_email(app)

    page.goto("/login")
    assert_no_axe_violations(page)

    log_in(page, email)
    assert _path(page) == "/week"
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 640})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"My week scrolls sideways at 320 px (scrollWidth {scroll_width})"
    assert page.console_errors == []


def test_after_logout_my_week_redirects_to_login(page: Page, app: Flask) -> None:
    email = _participant_email(app)
    log_in(page, email)
    assert _path(page) == "/week"

    page.locator("header").get_by_role("button", name=re.compile(r"^Log (ud|out)$")).click()
    page.wait_for_load_state()
    assert _path(page) == "/login"

    page.goto("/week")
    assert _path(page) == "/login"
    expect(page.locator('input[name="email"]')).to_be_visible()
    assert page.console_errors == []
