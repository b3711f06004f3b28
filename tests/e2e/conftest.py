"""Browser tests: a live server thread serving the test app, and Debian's Chromium driven by Playwright.

Every test under tests/e2e is marked `browser`. Without Chromium or Playwright these tests are skipped with a
visible reason, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure instead.
Never run `playwright install`: the tests use /usr/bin/chromium.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
E2E_DIR = Path(__file__).parent

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def browser_problem() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}; install Debian's chromium to run browser tests"
    if sync_playwright is None:
        return "Playwright is not installed (pip install playwright; never `playwright install`)"
    if importlib.util.find_spec("axe_playwright_python") is None:
        return "axe-playwright-python is not installed (pip install axe-playwright-python)"
    return None


def screenshot(page: Any, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot as $SCREENSHOT_DIR/<name>.png when SCREENSHOT_DIR is set (for a person to look at);
    otherwise nothing. Every browser test takes its screenshots through this."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=full_page)


def require_browser() -> None:
    """Skip (or, with REQUIRE_BROWSER=1, fail) when the browser tests cannot run."""
    problem = browser_problem()
    if problem is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _needs_browser() -> None:
    require_browser()


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The test app on a real HTTP port (127.0.0.1, chosen by the OS). Yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    require_browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator:  # noqa: ANN001
    """A fresh phone-sized browser context. `page.console_errors` lists console errors and uncaught page errors."""
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    errors: list[str] = []

    def on_console(msg) -> None:  # noqa: ANN001
        if msg.type == "error":
            where = msg.location.get("url") or "inline"
            errors.append(f"console.error: {msg.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.console_errors = errors
    yield page
    context.close()


def log_in(page, email: str) -> None:  # noqa: ANN001
    """Log in through the real form (tests.factories.PASSWORD) and wait for the next page."""
    from tests.factories import PASSWORD

    page.goto("/login")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def assert_no_axe_violations(page) -> None:  # noqa: ANN001
    """axe-core (shipped by axe-playwright-python) finds no violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"
