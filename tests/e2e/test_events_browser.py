"""A participant signs up for a match event and marks a company; axe on the event and company pages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flask import Flask

from app.accounts.models import Role
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_company, make_event, make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_sign_up_and_mark_a_company(page: Page, browser, live_server: str, app: Flask):  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        participant = make_user(Role.PARTICIPANT, town).email
        facilitator = make_user(Role.FACILITATOR, town).email
        company = make_company(town, name="Roskilde Cykler", sector="Detail", area="Roskilde")
        event = make_event(town, title="Mød virksomhederne", capacity=10, companies=[company]).id

    log_in(page, participant)
    page.goto("/week")
    page.get_by_role("link", name="Mød virksomhederne").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile("Tilmeld|Sign me up")).click()
    expect(page.locator(".flash")).to_be_visible()
    page.get_by_role("button", name=re.compile("snakke mere|talk more")).click()
    expect(page.locator("main")).to_contain_text(re.compile("snakke mere med|talk more with"))
    assert_no_axe_violations(page)
    page.goto("/events")
    assert_no_axe_violations(page)
    assert page.console_errors == []

    staff_context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    log_in(staff, facilitator)
    for path in (f"/staff/events/{event}", "/staff/events", "/staff/companies/", "/staff/events/new", "/staff"):
        staff.goto(path)
        assert_no_axe_violations(staff)
    staff.goto(f"/staff/events/{event}")
    expect(staff.locator("main")).to_contain_text("Roskilde Cykler")
    staff_context.close()
