"""On a phone: a participant writes a reflection (live counter) and shares it with their facilitators; the facilitator
reads it and responds; the participant sees "read by" and the response. axe on every reflection page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import add_to_group, make_group, make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page

TEXT = "I dag spurgte jeg selv kunden, om jeg kunne hjælpe. Det gik godt, og jeg vil prøve kassen næste gang."
RESPONSE = "Hvor er det flot, at du tog initiativet!"


def _group_with_facilitator(app: Flask) -> dict:
    with app.app_context():
        town = make_municipality()
        group = make_group(town, name="Tirsdagsgruppen")
        facilitator = make_user(Role.FACILITATOR, town, name="Anne Facilitator")
        member = make_user(Role.PARTICIPANT, town, name="Emma")
        joined = utcnow() - timedelta(days=14)
        add_to_group(group, facilitator, "facilitator", joined_at=joined)
        add_to_group(group, member, joined_at=joined)
        return {"member": member.email, "facilitator": facilitator.email}


def _collect_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console.error: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


def test_write_share_read_respond_and_see_read_by(page: Page, browser, live_server: str, app: Flask) -> None:  # noqa: ANN001
    data = _group_with_facilitator(app)
    assert page.viewport_size == {"width": 390, "height": 844}

    # The participant writes a reflection; the live counter follows the typing.
    log_in(page, data["member"])
    page.locator("nav.tabs").get_by_role("link", name=re.compile("Refleksion|Reflection")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/reflections")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Skriv en refleksion|Write a reflection")).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/reflections/new")
    counter = page.locator("[data-counter-for=text]")
    expect(counter).to_have_text(re.compile(r"^1000 / 1000$"))
    assert_no_axe_violations(page)
    page.locator("#text").press_sequentially("Hej")
    expect(counter).to_have_text("997 / 1000")
    page.locator("#text").fill(TEXT)
    expect(counter).to_have_text(f"{1000 - len(TEXT)} / 1000")
    page.locator("main form button.primary").click()
    page.wait_for_load_state()
    assert re.search(r"/reflections/\d+$", page.url), page.url
    reflection_id = page.url.rsplit("/", 1)[1]
    expect(page.locator("main .card .pre").first).to_have_text(TEXT)
    assert_no_axe_violations(page)

    # …and shares it with the facilitators of the group.
    share = page.locator("form[action$='/share']")
    share.locator("select[name=visibility]").select_option("facilitators")
    share.get_by_role("button").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_be_visible()
    expect(share.locator("select[name=visibility]")).to_have_value("facilitators")
    assert_no_axe_violations(page)

    # The facilitator finds it in the feed, reads it and responds.
    staff_context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff_errors = _collect_errors(staff)
    log_in(staff, data["facilitator"])
    staff.goto("/staff/reflections")
    link = staff.locator(f"a[href='/staff/reflections/{reflection_id}']")
    expect(link).to_contain_text("Emma")
    assert_no_axe_violations(staff)
    link.click()
    staff.wait_for_load_state()
    expect(staff.locator("main")).to_contain_text(TEXT)
    assert_no_axe_violations(staff)
    staff.locator("#text").fill(RESPONSE)
    staff.locator("form[action$='/respond']").get_by_role("button").click()
    staff.wait_for_load_state()
    expect(staff.locator(".flash")).to_be_visible()
    expect(staff.locator("main")).to_contain_text(RESPONSE)
    assert_no_axe_violations(staff)
    assert staff_errors == []
    staff_context.close()

    # The participant reloads and sees who read it, when, and the response.
    page.reload()
    read_by = page.locator("section", has=page.get_by_role("heading", name=re.compile("^(Læst af|Read by)$")))
    expect(read_by).to_contain_text(re.compile(r"Anne Facilitator \([^)]+\), .*\d{1,2}[.:]\d{2}"))
    expect(page.locator("main")).to_contain_text(RESPONSE)
    assert_no_axe_violations(page)
    page.goto("/reflections")
    expect(page.locator("main")).to_contain_text(re.compile(r"Læst af 1|Read by 1"))
    assert page.console_errors == []


def test_a_full_counter_with_line_breaks_is_accepted(page: Page, app: Flask) -> None:
    """The browser sends line breaks as CRLF; what the counter shows as 1000 characters must be saved."""
    data = _group_with_facilitator(app)
    log_in(page, data["member"])
    page.goto("/reflections/new")
    text = "\n".join(["Linje"] * 166) + "xxxxx"  # 166 lines of 5 characters, 165 line breaks, 5 more: 1000
    assert len(text) == 1000
    page.locator("#text").fill(text)
    expect(page.locator("[data-counter-for=text]")).to_have_text("0 / 1000")
    page.locator("main form button.primary").click()
    page.wait_for_load_state()
    assert re.search(r"/reflections/\d+$", page.url), page.locator(".error").all_inner_texts()
    assert page.console_errors == []
