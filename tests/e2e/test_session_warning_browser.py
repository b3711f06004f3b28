"""A form where text could be lost warns before the login on this device ends, and says so once it has ended."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import select

from app.accounts.models import LoginSession, User
from app.db import utcnow
from app.extensions import db
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in, screenshot
from tests.factories import make_user

if browser_problem() is None:  # otherwise conftest skips (or, with REQUIRE_BROWSER=1, fails) each test
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _ends_in(app: Flask, email: str, minutes: int) -> None:
    """Make this person's login end `minutes` from now (its absolute lifetime runs out)."""
    with app.app_context():
        row = db.session.scalar(select(LoginSession).join(User).where(User.email == email))
        row.created_at = utcnow() - app.config["LOGIN_SESSION_MAX_AGE"] + timedelta(minutes=minutes)
        db.session.commit()


def test_writing_page_warns_before_the_login_ends(page: Page, app: Flask) -> None:
    with app.app_context():
        email = make_user(language="da").email
    log_in(page, email)
    page.clock.install()
    page.goto("/reflections/new")
    warning = page.locator("[data-nw-login-warning]")
    expect(warning).to_be_hidden()  # 30 days left

    _ends_in(app, email, 8)
    page.reload()
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Dit login på denne enhed slutter kl.")
    assert_no_axe_violations(page)
    if os.environ.get("SCREENSHOT_DIR"):
        screenshot(page, "session-warning-phone", full_page=False)
        page.set_viewport_size({"width": 1280, "height": 800})
        screenshot(page, "session-warning-desktop", full_page=False)

    page.clock.fast_forward("09:00")
    expect(warning).to_contain_text("Dit login på denne enhed er slut")
    assert page.console_errors == []


def test_pages_without_text_to_lose_do_not_warn(page: Page, app: Flask) -> None:
    with app.app_context():
        email = make_user(language="da").email
    log_in(page, email)
    _ends_in(app, email, 8)
    page.goto("/meetings")
    expect(page.locator("[data-nw-login-warning]")).to_be_hidden()
