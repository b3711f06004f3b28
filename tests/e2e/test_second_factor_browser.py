"""A facilitator sets up the second factor in a real browser (QR code, key, first code, recovery codes), then logs
in with a code; axe-core checks each page. SCREENSHOT_DIR=/some/dir saves screenshots at phone and desktop size."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app.accounts import second_factor
from app.accounts.models import Role
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in, screenshot
from tests.factories import make_user

if browser_problem() is None:  # otherwise conftest skips (or, with REQUIRE_BROWSER=1, fails) each test
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _shots(page: Page, name: str) -> None:
    if not os.environ.get("SCREENSHOT_DIR"):
        return
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{size}")
    page.set_viewport_size(SIZES["phone"])


@pytest.fixture
def required(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "STAFF_TOTP_REQUIRED", True)


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def test_facilitator_sets_up_the_second_factor_and_logs_in_with_a_code(page: Page, app: Flask, required) -> None:
    with app.app_context():
        email = make_user(Role.FACILITATOR, language="da").email

    log_in(page, email)
    assert _path(page) == "/me/second-factor", "staff without it are sent to set it up"
    assert_no_axe_violations(page)
    _shots(page, "2fa-1-intro")

    page.get_by_role("button", name="Slå ekstra sikkerhed til").click()
    page.wait_for_load_state()
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    assert_no_axe_violations(page)
    _shots(page, "2fa-2-scan")

    page.get_by_label("Kode fra appen").fill(second_factor.code_at(secret, time.time() - second_factor.STEP))
    page.get_by_role("button", name="Slå til").click()
    page.wait_for_load_state()
    expect(page.locator(".recovery-codes li")).to_have_count(second_factor.RECOVERY_CODES)
    assert_no_axe_violations(page)
    _shots(page, "2fa-3-recovery-codes")

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state()
    log_in(page, email)
    assert _path(page) == "/login/code"
    page.goto("/login/code?lang=da")  # not logged in yet: the language of the browser, or the one chosen
    assert_no_axe_violations(page)
    _shots(page, "2fa-4-login-code")
    page.get_by_label("Kode", exact=True).fill(second_factor.code_at(secret, time.time()))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert _path(page) == "/staff"
    assert page.console_errors == []
