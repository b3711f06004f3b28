"""The reports page in Chromium, on a laptop (1280 px) and a phone (390 px), in Danish and English: axe-core finds
nothing, the charts are images with a text alternative (their title and description) whose numbers the table
repeats, nothing scrolls sideways but the wide tables in their own scroll box, and the export form is there.
Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.e2e.conftest import assert_no_axe_violations, log_in, screenshot
from tests.reports.helpers import report_url
from tests.reports.world import build

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "da": ("Rapporter", "Nøgletal", "Andel i praktik hver uge", "Sådan tælles tallene"),
    "en": ("Reports", "Key figures", "Share with a placement each week", "How the figures are counted"),
}


@pytest.mark.parametrize("lang", list(WORDS))
@pytest.mark.parametrize("size", list(SIZES))
def test_reports_page(browser, live_server: str, app: Flask, size: str, lang: str) -> None:  # noqa: ANN001
    with app.app_context():
        world = build()
        url = report_url(world)
        from app.extensions import db

        world.frida.language = lang
        db.session.commit()
        email = world.frida.email
    context = browser.new_context(viewport=SIZES[size], base_url=live_server, locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, email)
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        main = page.inner_text("main")
        for word in WORDS[lang][1:]:
            assert word in main, word
        menu = page.locator(".staff-nav" if size == "laptop" else "details.staff-menu")
        assert WORDS[lang][0] in (menu.text_content() or "")

        # Each chart is an image whose accessible name is its title and description.
        charts = page.locator("figure.chart svg[role=img]")
        assert charts.count() == 2
        for index in range(2):
            svg = charts.nth(index)
            labelled = svg.get_attribute("aria-labelledby").split()
            text = " ".join(page.locator(f"#{name}").text_content() for name in labelled)
            assert len(text) > 40, text
            box = svg.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
        page.locator("section[aria-labelledby=weekly-h] details summary").click()  # the weekly table, opened
        assert page.locator("#weekly-table tbody tr").count() == 12
        assert_no_axe_violations(page)

        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= SIZES[size]["width"], wide
        assert page.locator("form[action$='/export'] button").count() == 1  # no key yet: the named CSV only
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] <= (100 if size == "laptop" else 80)
        screenshot(page, f"reports-{size}-{lang}")
    finally:
        context.close()


def test_the_admins_longer_menu_never_scrolls_the_page_sideways(browser, live_server: str, app: Flask) -> None:  # noqa: ANN001
    """An admin has the most menu items (Settings, Reports …): at 1280 px the main ones fit one line with the rest
    under "More" (Danish, the longer words); at 1024 px they may wrap to a second line, never sideways."""
    with app.app_context():
        world = build()
        url, email = report_url(world, "municipality"), world.admin.email
    for width in (1024, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, base_url=live_server, locale="da-DK")
        page = context.new_page()
        try:
            log_in(page, email)
            assert page.goto(url).status == 200
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert_no_axe_violations(page)
            if width == 1280:
                tops = page.evaluate(
                    "[...document.querySelectorAll('.staff-nav > a, .staff-more summary')]"
                    ".map(e => Math.round(e.getBoundingClientRect().top))"
                )
                assert len(tops) == 9 and len(set(tops)) == 1, tops
                page.locator(".staff-more summary").click()
                page.locator(".staff-more").get_by_role("link", name="Indstillinger").click()
                page.wait_for_url("**/staff/settings")
                assert_no_axe_violations(page)
        finally:
            context.close()
