"""On a phone (390×844 and 320×640): a full placement offers "Tell me when a seat is free"; in line the page says
the person's number; when a seat frees it is held for them, and they take it with one form. axe on each state."""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import Role, User
from app.extensions import db
from app.placements import services
from app.placements.models import Assignment
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_placement, make_user
from tests.placements.support import day, new_key

if browser_problem() is None:
    from playwright.sync_api import expect

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_wait_for_a_seat_and_take_it(browser, live_server: str, app: Flask, size: dict) -> None:  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        place = make_placement(town, seats=1, title="Lagerhjælper")
        holder = make_user(Role.PARTICIPANT, town)
        assignment = services.choose(holder, place, start=day(0), hours=10, key=new_key())
        me = make_user(Role.PARTICIPANT, town, language="da")
        ids = {"place": place.id, "holder": holder.id, "assignment": assignment.id, "email": me.email}
    context = browser.new_context(viewport=size, base_url=live_server)
    page = context.new_page()
    try:
        log_in(page, ids["email"])
        page.goto(f"/placements/{ids['place']}")
        page.get_by_role("button", name="Giv mig besked, når der er en ledig plads").click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text("Du er nummer 1 på ventelisten")
        assert_no_axe_violations(page)

        with app.app_context():  # the person in it stops: the seat is held for the first in line
            services.end(db.session.get(User, ids["holder"]), db.session.get(Assignment, ids["assignment"]),
                         last_day=day(0), reason="")  # fmt: skip
        page.reload()
        expect(page.get_by_role("heading", name="Der er en plads til dig")).to_be_visible()
        assert_no_axe_violations(page)
        page.locator("#choose-hours").fill("10")
        page.get_by_role("button", name="Vælg denne praktik").click()
        page.wait_for_load_state()
        assert page.url.endswith("/placements/mine")
        expect(page.locator("main")).to_contain_text("Lagerhjælper")
    finally:
        context.close()
