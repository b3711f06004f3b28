"""The check-in presenter view in Chromium, in Danish, on a laptop for a projector (1280×800) and on a phone held up
(390×844): axe finds nothing, the code is at least a fifth of the screen high, no participant's name is on it, no
sideways scrolling down to 320 px; the countdown ticks and fetches the next code, and without JavaScript the page
reloads itself. Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings import checkin
from app.meetings.models import Answer, Rsvp
from app.meetings.schedule import new_meeting
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in, screenshot
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SIZES = {"projector": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
NAMES = ("Amira Haddad", "Jonas Østergaard", "Sofie Lindqvist")
REASON = "Tandlæge kl. 10"


def _meeting_now(app: Flask) -> dict[str, Any]:
    """A group of three named participants (one said no, with a reason); the meeting starts in 5 minutes and
    check-in is open; one participant has checked in."""
    with app.app_context():
        town = make_municipality()
        facilitator = make_user(Role.FACILITATOR, town, name="Karin Facilitator")
        people = [make_user(Role.PARTICIPANT, town, name=name) for name in NAMES]
        group = Group(
            municipality_id=town.id, name="Tirsdagsgruppen", weekday=1, start_time=time(10), place="Jobcentret"
        )
        db.session.add(group)
        db.session.flush()
        joined = utcnow() - timedelta(days=7)
        db.session.add(Membership(group=group, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=joined))
        for person in people:
            db.session.add(Membership(group=group, user_id=person.id, role=MemberRole.MEMBER, joined_at=joined))
        meeting = new_meeting(group, utcnow().date())
        meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(minutes=5)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        db.session.add(meeting)
        db.session.flush()
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=people[1].id, answer=Answer.NO, reason=REASON))
        db.session.commit()
        checkin.open_checkin(facilitator, meeting)
        checkin.mark_present(facilitator, meeting, people[0])
        return {"facilitator": facilitator.email, "meeting": meeting.id}


@pytest.fixture
def staff(browser: Browser, live_server: str, app: Flask) -> Iterator[tuple[Page, dict[str, Any]]]:
    data = _meeting_now(app)
    context = browser.new_context(base_url=live_server, viewport=SIZES["projector"], locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, data["facilitator"])
    data["errors"] = errors
    yield page, data
    context.close()


def _no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


@pytest.mark.parametrize("size", list(SIZES))
def test_presenter_view_fits_the_room_and_shows_no_personal_data(staff: tuple[Page, dict[str, Any]], size: str) -> None:
    page, data = staff
    viewport = SIZES[size]
    page.set_viewport_size(viewport)
    page.goto(f"/staff/meetings/{data['meeting']}/screen")
    code = page.locator(".screen-code")
    expect(code).to_be_visible()
    assert re.fullmatch(r"\d{3}\s*\d{3}", code.inner_text().strip())
    box = code.bounding_box()
    assert box is not None and box["height"] >= 0.2 * viewport["height"], (box, viewport)
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]  # the whole code is in view
    qr = page.locator(".screen-qr svg").bounding_box()
    assert qr is not None and qr["width"] >= 0.25 * min(viewport["width"], viewport["height"])
    expect(page.locator("[data-countdown-text]")).to_be_visible()  # JavaScript shows the countdown
    text = page.locator("body").inner_text()
    html = page.content()
    for private in (*NAMES, "Karin Facilitator", REASON):
        assert private not in text and private not in html, private
    assert "live" not in text.lower()
    assert page.evaluate("document.documentElement.lang") == "da"
    assert_no_axe_violations(page)
    assert _no_sideways_scroll(page)
    screenshot(page, f"presenter-{viewport['width']}x{viewport['height']}", full_page=False)
    page.set_viewport_size({"width": 320, "height": 640})
    assert _no_sideways_scroll(page)
    screenshot(page, "presenter-320x640", full_page=False)
    assert data["errors"] == []  # no CSP violation, no script error


def test_countdown_ticks_and_fetches_the_next_code_when_it_runs_out(staff: tuple[Page, dict[str, Any]]) -> None:
    page, data = staff
    page.clock.install()
    page.goto(f"/staff/meetings/{data['meeting']}/screen")
    seconds = page.locator("[data-seconds]")
    first = int(seconds.inner_text())
    if first > 5:
        page.clock.run_for(3000)
        assert first - 4 <= int(seconds.inner_text()) <= first - 2  # it ticks (real time also runs a little)
    with page.expect_request(lambda request: request.url.endswith(f"/staff/meetings/{data['meeting']}/screen")):
        page.clock.run_for((first + 1) * 1000)
    expect(page.locator(".screen-code")).to_be_visible()
    page.wait_for_timeout(300)  # let the swapped-in region start its own countdown
    assert page.locator("[data-countdown-text]").is_visible()
    assert data["errors"] == []


def test_without_javascript_the_screen_reloads_itself(browser: Browser, live_server: str, app: Flask) -> None:
    data = _meeting_now(app)
    context = browser.new_context(base_url=live_server, viewport=SIZES["phone"], java_script_enabled=False)
    page = context.new_page()
    log_in(page, data["facilitator"])
    page.goto(f"/staff/meetings/{data['meeting']}/screen")
    expect(page.locator(".screen-code")).to_be_visible()
    expect(page.locator("[data-countdown-text]")).to_be_hidden()
    expect(page.get_by_text("Koden skifter hvert minut")).to_be_visible()
    refresh = page.locator('noscript meta[http-equiv="refresh"]')
    assert 1 <= int(refresh.get_attribute("content") or "0") <= checkin.STEP_SECONDS + 1
    expect(page.get_by_role("link", name="Opdater skærmen nu")).to_be_visible()
    box = page.locator(".screen-code").bounding_box()
    assert box is not None and box["height"] >= 0.2 * SIZES["phone"]["height"]
    context.close()


def test_staff_meeting_page_links_to_the_screen_and_passes_axe(staff: tuple[Page, dict[str, Any]]) -> None:
    page, data = staff
    page.goto(f"/staff/meetings/{data['meeting']}")
    expect(page.locator("table")).to_contain_text(NAMES[0])  # the roster stays on the facilitator's own page
    expect(page.get_by_role("button", name=f"Fortryd tjek ind ({NAMES[0]})", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Markér til stede ({NAMES[1]})", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Vis koden på storskærm").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/staff/meetings/{data['meeting']}/screen")
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"/staff/meetings/{data['meeting']}")
    assert _no_sideways_scroll(page)
    screenshot(page, "staff-meeting-390x844")
    assert data["errors"] == []
