"""When turning on notifications fails, the page says so in the person's language with what to try, never the
browser's own English message ("Registration failed - permission denied"). 390×844 and 320×640, axe clean."""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import Role
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

BROWSER_SAYS = "Registration failed - permission denied"
# subscribe() refused by the browser (Chrome's words), or failing for another reason (a push service down).
FAILURES = {
    "denied": f'PushManager.prototype.subscribe = () => Promise.reject(new DOMException("{BROWSER_SAYS}", '
    '"NotAllowedError"));',
    "failed": 'PushManager.prototype.subscribe = () => Promise.reject(new DOMException("Registration failed - push '
    'service error", "AbortError"));',
}
SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
@pytest.mark.parametrize("kind", list(FAILURES))
def test_a_failed_subscribe_is_explained_in_danish(
    browser, live_server: str, app: Flask, kind: str, size: dict
) -> None:  # noqa: ANN001
    with app.app_context():
        email = make_user(Role.PARTICIPANT, make_municipality(), language="da").email
    context = browser.new_context(viewport=size, base_url=live_server)
    context.grant_permissions(["notifications"], origin=live_server)
    context.add_init_script(script=FAILURES[kind])
    try:
        page = context.new_page()
        log_in(page, email)
        page.goto("/settings/notifications")
        page.wait_for_function("navigator.serviceWorker.ready.then(() => true)", timeout=15_000)
        page.locator("[data-nw-push-on]").click()
        state = page.locator("[data-nw-push-state]")
        expected = page.locator("[data-nw-push]").get_attribute(f"data-msg-{kind}")
        expect(state).to_have_text(expected)
        assert "Registration failed" not in state.inner_text()
        assert "prøv igen" in expected  # what to try
        expect(page.locator("[data-nw-push-on]")).to_be_visible()  # and it can be tried again
        assert_no_axe_violations(page)
    finally:
        context.close()
