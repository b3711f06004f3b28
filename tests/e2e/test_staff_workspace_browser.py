"""The facilitator's workspace in Chromium, in Danish, on a phone (390×844) and a laptop (1280×800): the
overview, a person page, the group roster and the people list — axe-core finds nothing, the page never
scrolls sideways at 320 px, and the staff header stays small on the phone. Screenshots go to
$SCREENSHOT_DIR when it is set (to look at them)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.meetings.models import Answer, Attendance, CheckinMethod, Rsvp
from app.meetings.schedule import new_meeting
from app.placements.models import Assignment, HoursChange
from app.programme.services import start_period
from app.reflections import services as reflections
from app.reflections.models import Visibility
from app.timeutil import local_today
from tests.e2e.conftest import assert_no_axe_violations, log_in, screenshot
from tests.factories import add_to_group, make_company, make_group, make_municipality, make_placement, make_user

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def _world(app: Flask) -> dict[str, object]:
    with app.app_context():
        now = utcnow()
        town = make_municipality()
        facilitator = make_user(Role.FACILITATOR, town, name="Mette Madsen")
        group = make_group(town, name="Tirsdagsgruppen")
        add_to_group(group, facilitator, "facilitator", joined_at=now - timedelta(days=90))
        names = ("Amira", "Benjamin", "Clara", "Daniel", "Emma", "Frederik", "Gry", "Hassan")
        people = [make_user(Role.PARTICIPANT, town, name=n) for n in names]
        for person in people:
            add_to_group(group, person, joined_at=now - timedelta(days=60))
            start_period(person, local_today(now - timedelta(days=60)))  # as the member_added listener does
        today = local_today(now)
        past = [new_meeting(group, today - timedelta(weeks=w)) for w in (1, 2)]
        nxt = new_meeting(group, today + timedelta(days=2))
        db.session.add_all([*past, nxt])
        db.session.flush()
        for n, person in enumerate(people):
            if n % 3:
                db.session.add(Rsvp(meeting_id=nxt.id, user_id=person.id, answer=Answer.YES, answered_at=now))
            for meeting in past[: n % 3]:
                db.session.add(
                    Attendance(
                        meeting_id=meeting.id,
                        user_id=person.id,
                        method=CheckinMethod.CODE,
                        checked_in_at=meeting.starts_at,
                    )
                )
        placement = make_placement(town, company=make_company(town, name="Roskilde Bageri"), title="Bagerlærling")
        assignment = Assignment(
            user_id=people[0].id, placement_id=placement.id, start_date=date(2026, 10, 5), weekly_hours=15
        )
        db.session.add(assignment)
        db.session.flush()
        db.session.add_all(
            [
                HoursChange(assignment_id=assignment.id, to_hours=10, effective_date=date(2026, 10, 5)),
                HoursChange(assignment_id=assignment.id, from_hours=10, to_hours=15, effective_date=date(2026, 11, 2)),
            ]
        )
        db.session.commit()
        shared = reflections.write(people[0], text="Jeg lærte at tale med kunderne i butikken.")
        reflections.share(people[0], shared, Visibility.FACILITATORS, None)
        return {"email": facilitator.email, "person": people[0].id, "group": group.id}


@pytest.mark.parametrize("size", list(SIZES))
def test_workspace_pages_in_danish(browser, live_server: str, app: Flask, size: str) -> None:  # noqa: ANN001
    world = _world(app)
    context = browser.new_context(viewport=SIZES[size], base_url=live_server, locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, str(world["email"]))
        pages = {
            "overview": "/staff",
            "person": f"/staff/people/{world['person']}",
            "roster": f"/staff/groups/{world['group']}",
            "people": "/staff/people/",
        }
        for name, path in pages.items():
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == "da"
            assert_no_axe_violations(page)
            screenshot(page, f"{name}-{size}")
            if size == "laptop":  # the main menu on one line, the rest under "More"
                tops = page.evaluate(
                    "[...document.querySelectorAll('.staff-nav > a, .staff-more summary')]"
                    ".map(e => Math.round(e.getBoundingClientRect().top))"
                )
                assert len(set(tops)) == 1, (path, tops)
                more = page.locator(".staff-more summary")
                assert more.is_visible() and more.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
            if size == "phone":
                header = page.locator("header.top").bounding_box()
                assert header is not None and header["height"] <= 80, (path, header)
                page.set_viewport_size({"width": 320, "height": 700})
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 320, (path, wide)
                page.set_viewport_size(SIZES[size])
        page.goto("/staff")
        assert "Amira" in page.locator(".attention").inner_text()
        page.goto(pages["person"])
        assert "Bagerlærling" in page.inner_text("main") and "Roskilde Bageri" in page.inner_text("main")
    finally:
        context.close()
