"""The install button appears where the browser offers installation; iPhone users get a one-time guide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page

IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_install_button_appears_when_the_browser_offers_it_and_prompts(page: Page, app: Flask) -> None:
    with app.app_context():
        email = make_user().email
    log_in(page, email)
    button = page.locator("[data-nw-install] button")
    expect(button).to_be_hidden()
    page.evaluate(
        """() => { const e = new Event('beforeinstallprompt', {cancelable: true});
                   e.prompt = () => { window.__prompted = true; };
                   window.dispatchEvent(e); }"""
    )
    expect(button).to_be_visible()
    assert_no_axe_violations(page)
    button.click()
    assert page.evaluate("window.__prompted === true")
    expect(button).to_be_hidden()
    expect(page.locator("[data-nw-ios-guide]")).to_be_hidden()  # not an iPhone


def test_iphone_guide_is_shown_once_and_can_be_dismissed(browser, live_server: str, app: Flask) -> None:  # noqa: ANN001
    with app.app_context():
        email = make_user().email
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, user_agent=IPHONE_UA)
    page = context.new_page()
    log_in(page, email)
    guide = page.locator("[data-nw-ios-guide]")
    expect(guide).to_be_visible()
    assert_no_axe_violations(page)
    guide.get_by_role("button").click()
    expect(guide).to_be_hidden()
    page.reload()
    expect(page.locator("[data-nw-ios-guide]")).to_be_hidden()
    context.close()
