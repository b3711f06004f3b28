"""On a phone (390 px): a participant builds "Mig og arbejde" (ticks strengths, says where one showed), shares it,
writes CV details and previews the CV; the facilitator reads the shared page; the page can be read offline once
visited. axe on every page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import uuid4

from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.placements import services as placements
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.e2e.test_pwa_browser import controlled, wait_stored
from tests.factories import add_to_group, make_company, make_group, make_municipality, make_placement, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _person_with_a_placement(app: Flask) -> dict:
    with app.app_context():
        town = make_municipality()
        group = make_group(town)
        facilitator = make_user(Role.FACILITATOR, town, name="Mette Madsen")
        person = make_user(Role.PARTICIPANT, town, name="Søren Østergaard")
        joined = utcnow() - timedelta(days=30)
        add_to_group(group, facilitator, "facilitator", joined_at=joined)
        add_to_group(group, person, joined_at=joined)
        bikes = make_placement(
            town, company=make_company(town, name="Roskilde Cykler"), title="Cykelhjælper", sector="Detail",
            tasks="Lappe dæk og samle cykler",
        )  # fmt: skip
        make_placement(town, company=make_company(town, name="Cykelsmeden"), title="Værkstedshjælper", sector="Detail")
        placements.choose(person, bikes, start=placements.today(), hours=12, key=uuid4().hex)
        return {"person": person.email, "person_id": person.id, "facilitator": facilitator.email}


def test_build_the_page_pick_strengths_share_and_preview_the_cv(
    page: Page,
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    data = _person_with_a_placement(app)
    assert page.viewport_size == {"width": 390, "height": 844}
    log_in(page, data["person"])
    page.goto("/placements/mine")
    page.get_by_role("link", name="Mig og arbejde").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Mig og arbejde")
    expect(page.locator("#tried-h")).to_be_visible()
    expect(page.get_by_text("Roskilde Cykler").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Vælg hvad du er god til og kan lide").click()
    page.wait_for_load_state()
    page.get_by_label("Jeg møder til tiden").check()
    page.get_by_label("Jeg er god med mine hænder").check()
    page.get_by_label("At arbejde udendørs").check()
    assert_no_axe_violations(page)
    page.locator("form.card").first.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_have_text("Gemt.")
    # Where it showed: the bike shop.
    where = page.get_by_role("region", name="Hvor viste det sig?").get_by_label("Jeg er god med mine hænder")
    where.select_option(label="Roskilde Cykler")
    where.locator("xpath=ancestor::form").get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)

    page.goto("/me/work")
    good_at = page.get_by_role("region", name="Det er jeg god til")
    expect(good_at.get_by_text("Jeg er god med mine hænder")).to_be_visible()
    expect(good_at.get_by_text("viste sig hos Roskilde Cykler")).to_be_visible()
    expect(page.get_by_text("Hos Roskilde Cykler fandt du ud af: »Jeg er god med mine hænder«")).to_be_visible()
    # A suggestion from her own choice: another open placement in the bike shop's sector.
    expect(page.get_by_role("link", name="Værkstedshjælper")).to_be_visible()
    page.get_by_label("Mig og mine konsulenter").check()
    page.get_by_role("button", name="Gem hvem der kan se den").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Nu kan dine konsulenter se din side")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Mit CV").first.click()
    page.wait_for_load_state()
    page.get_by_label("Telefon").fill("20 30 40 50")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Gem og se CV’et").click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/work/cv/da")
    expect(page.locator("h1")).to_have_text("Søren Østergaard")
    expect(page.get_by_text("20 30 40 50")).to_be_visible()
    expect(page.get_by_text("Lappe dæk og samle cykler")).to_be_visible()
    expect(page.get_by_role("button", name="Udskriv")).to_be_visible()  # shown by the page's own script
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    assert page.console_errors == []

    # The facilitator reads the shared page, read-only.
    staff = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server)
    try:
        other = staff.new_page()
        log_in(other, data["facilitator"])
        other.goto(f"/staff/people/{data['person_id']}")
        other.get_by_role("link", name="Læs siden").click()
        other.wait_for_load_state()
        expect(other.locator("h1")).to_have_text("Søren Østergaard: mig og arbejde")
        expect(
            other.get_by_role("region", name="Det er jeg god til").get_by_text("Jeg er god med mine hænder")
        ).to_be_visible()
        assert other.get_by_role("button").filter(has_text=re.compile("Gem")).count() == 0
        assert_no_axe_violations(other)
    finally:
        staff.close()
    page.goto("/me/work")
    expect(page.get_by_text(re.compile("Mette Madsen, "))).to_be_visible()  # read by, with the day


def test_the_page_can_be_read_offline_once_visited(page: Page, app: Flask) -> None:
    data = _person_with_a_placement(app)
    log_in(page, data["person"])
    page.goto("/me/work")
    controlled(page)
    wait_stored(page, "/me/work")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("[data-nw-offline-copy]")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Mig og arbejde")
    expect(page.get_by_text("Roskilde Cykler").first).to_be_visible()
    assert_no_axe_violations(page)
    page.context.set_offline(False)
