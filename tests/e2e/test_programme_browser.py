"""Leaving for a job, in Chromium on a phone: the young person ends their last placement with "I have got a job!",
the details of education hide once "a job" is chosen, and their facilitator confirms it; axe-core finds nothing on
any of the pages."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.groups import services as groups
from app.placements import services as placements
from app.programme.models import ProgrammePeriod
from tests.e2e.conftest import assert_no_axe_violations, log_in
from tests.factories import add_to_group, make_company, make_group, make_municipality, make_placement, make_user


def test_i_have_got_a_job(browser, live_server: str, app: Flask) -> None:  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        facilitator = make_user(Role.FACILITATOR, town, language="en")
        group = make_group(town)
        add_to_group(group, facilitator, "facilitator")
        person = make_user(Role.PARTICIPANT, town, name="Amira", language="en")
        groups.add_member(facilitator, group, person)
        placement = make_placement(town, company=make_company(town, name="Roskilde Bageri"))
        assignment = placements.choose(person, placement, start=placements.today(), hours=10, key="e2e" * 11)
        emails, assignment_id = (person.email, facilitator.email), assignment.id
    phone = {"width": 390, "height": 844}

    context = browser.new_context(viewport=phone, base_url=live_server)
    page = context.new_page()
    try:
        log_in(page, emails[0])
        page.goto(f"/placements/mine/{assignment_id}/end")
        assert_no_axe_violations(page)
        page.get_by_role("link", name="I have got a job!").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "I have got a job!"
        assert page.locator("fieldset.if-education").is_hidden()  # "A job" is chosen
        assert page.locator("fieldset.if-job").is_visible()
        assert_no_axe_violations(page)
        page.get_by_label("Ordinary job").check()
        page.get_by_label("Hours a week (optional)").fill("30")
        page.get_by_label("Is it at a company where there was a placement?").select_option(label="Roskilde Bageri")
        page.get_by_role("button", name="Send to my facilitator").click()
        page.wait_for_load_state()
        assert "Congratulations!" in page.inner_text("main")
    finally:
        context.close()

    context = browser.new_context(viewport=phone, base_url=live_server)
    page = context.new_page()
    try:
        log_in(page, emails[1])
        with app.app_context():
            period_id = db.session.scalar(select(ProgrammePeriod.id).where(ProgrammePeriod.user_id == person.id))
        page.goto("/inbox")
        assert "Amira reported leaving for a job or education" in page.inner_text("main")
        page.goto(f"/staff/programme/{period_id}/exit")
        assert "Roskilde Bageri" in page.inner_text("main")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()
        assert "Amira has left the programme." in page.inner_text("main")
        assert_no_axe_violations(page)  # the person page with the programme card
    finally:
        context.close()
