"""On a phone (390×844 and 320×640), with and without JavaScript: a "Need a start?" question goes into the text
after what was typed, nothing is lost, and the page stays where it is. axe on the page with the ideas open."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.reflections.models import Reflection
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TYPED = "I dag pakkede jeg varer ud."
QUESTION = "Hvad gik godt?"
SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]


def _participant(app: Flask) -> tuple[int, str]:
    with app.app_context():
        person = make_user(Role.PARTICIPANT, make_municipality())
        return person.id, person.email


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_an_idea_goes_into_the_text_without_losing_it(
    browser: Browser, live_server: str, app: Flask, size: dict, javascript: bool
) -> None:
    user_id, email = _participant(app)
    context = browser.new_context(viewport=size, base_url=live_server, java_script_enabled=javascript)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto("/reflections/new")
        page.locator("#text").fill(TYPED)
        page.get_by_text("Brug for idéer?").click()
        if javascript:  # (axe runs as a script: the same page is checked in the variant with JavaScript)
            assert_no_axe_violations(page)
        idea = page.get_by_role("button", name=QUESTION)
        box = idea.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= size["width"]
        idea.click()
        page.wait_for_load_state()
        expect(page.locator("#text")).to_have_value(f"{TYPED}\n\n{QUESTION}\n")
        assert page.url.endswith("/reflections/new")
        page.locator("#text").press("Control+End")
        page.locator("#text").type("At jeg turde spørge.")
        page.locator("main form.card button.primary").click()
        page.wait_for_load_state()
        expect(page.locator(".flash")).to_contain_text("Gemt")
        with app.app_context():
            (saved,) = db.session.scalars(select(Reflection).where(Reflection.author_id == user_id)).all()
            assert saved.text == f"{TYPED}\n\n{QUESTION}\nAt jeg turde spørge."
            assert saved.prompt == "went_well"
    finally:
        context.close()
