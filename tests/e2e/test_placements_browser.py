"""On a phone (390×844 and 320×640): filter placements, choose one, switch to another from My placements, adjust
the hours; axe on every page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from app.accounts.models import Role
from app.placements.models import PlacementKind
from tests.e2e.conftest import assert_no_axe_violations, browser_problem
from tests.factories import PASSWORD, make_company, make_municipality, make_placement, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_filter_choose_switch_and_adjust(page: Page, size: dict, app: Flask) -> None:
    page.set_viewport_size(size)
    with app.app_context():
        town = make_municipality()
        email = make_user(Role.PARTICIPANT, town).email
        bikes = make_company(town, name="Roskilde Cykler")
        cafe = make_company(town, name="Café Domkirken")
        make_placement(town, company=bikes, title="Cykelværksted", kind=PlacementKind.INTERNSHIP, hours_min=8)
        make_placement(town, company=cafe, title="Køkkenhjælper", kind=PlacementKind.PAID_HOURS, hours_min=6)

    page.goto("/login")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.locator("nav.tabs").get_by_role("link", name=re.compile("Praktik|Placements")).click()
    assert_no_axe_violations(page)
    page.locator("summary").click()
    page.get_by_label(re.compile("^(Type|Kind)$")).select_option("internship")
    page.get_by_role("button", name=re.compile("Vis praktik|Show placements")).click()
    expect(page.get_by_role("link", name="Cykelværksted")).to_be_visible()
    expect(page.get_by_role("link", name="Køkkenhjælper")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Cykelværksted").click()
    assert_no_axe_violations(page)
    page.locator("#choose-hours").fill("10")
    page.get_by_role("button", name=re.compile("Vælg denne praktik|Choose this placement")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/placements/mine")
    expect(page.locator("main")).to_contain_text("Roskilde Cykler")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile("Skift til en anden praktik|Switch to another placement")).click()
    expect(page.locator("main")).to_contain_text(re.compile("Skift fra Roskilde Cykler|Switch from Roskilde Cykler"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Køkkenhjælper").click()
    expect(page.locator("#switch input[type=radio]:checked")).to_have_count(1)  # the switch is ready, first
    assert_no_axe_violations(page)
    page.locator("#switch-hours").fill("12")
    page.locator("#switch-lesson").fill("At jeg kan lide at skrue")
    page.get_by_role("button", name=re.compile("^(Skift|Switch)$")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/placements/mine")
    # Both would have begun on the same next weekday: the bike workshop never started, so it is withdrawn, not history.
    expect(page.locator("main")).not_to_contain_text("Roskilde Cykler")
    expect(page.locator("main")).not_to_contain_text("Det har jeg prøvet")

    page.get_by_role("link", name=re.compile("Ændr timer|Change hours")).first.click()
    assert_no_axe_violations(page)
    page.locator("#hours").fill("15")
    page.get_by_role("button", name=re.compile("Gem timer|Save hours")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("15")
    assert_no_axe_violations(page)
    page.goto("/week")
    expect(page.locator("main")).to_contain_text("Café Domkirken")
    assert_no_axe_violations(page)
    assert page.console_errors == []
