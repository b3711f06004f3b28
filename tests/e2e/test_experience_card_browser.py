"""An experience card on a phone (390×844 and 320×640): its context, and one-tap reactions that stay pressed; the
author sees the count. axe on both pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.reflections import services
from app.reflections.models import Visibility
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import add_to_group, make_group, make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_react_to_a_card_and_the_author_sees_the_count(browser, live_server: str, app: Flask, size: dict) -> None:  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        group = make_group(town)
        author, peer = make_user(Role.PARTICIPANT, town, name="Amira Khan"), make_user(Role.PARTICIPANT, town)
        for person in (author, peer):
            add_to_group(group, person, joined_at=utcnow() - timedelta(days=9))
        card = services.write(author, text="Jeg ringede selv til virksomheden, og de sagde ja.")
        services.share(author, card, Visibility.GROUP, None)
        ids = {"card": card.id, "author": author.email, "peer": peer.email}
    for who in ("peer", "author"):
        context = browser.new_context(viewport=size, base_url=live_server)
        page = context.new_page()
        try:
            log_in(page, ids[who])
            page.goto(f"/reflections/{ids['card']}")
            if who == "peer":
                helped = page.get_by_role("button", name="Det hjalp mig")
                helped.click()
                page.wait_for_load_state()
                expect(page.get_by_role("button", name="Det hjalp mig")).to_have_attribute("aria-pressed", "true")
            else:
                expect(page.locator("main")).to_contain_text("Det hjalp mig: 1")
            assert_no_axe_violations(page)
        finally:
            context.close()
