"""A participant (on a 390×844 and a 320×640 phone) answers and checks in with the code the facilitator's screen
shows; after checking in, My week is about the meeting now, not the next one; axe on meeting pages."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings import checkin
from app.meetings.schedule import new_meeting
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _meeting_soon(app: Flask) -> dict:
    """A group with a facilitator and a member; its meeting starts in 5 minutes and check-in is open."""
    with app.app_context():
        town = make_municipality()
        facilitator = make_user(Role.FACILITATOR, town)
        member = make_user(Role.PARTICIPANT, town, name="Emma")
        group = Group(
            municipality_id=town.id, name="Tirsdagsgruppen", weekday=1, start_time=time(10), place="Jobcentret"
        )
        db.session.add(group)
        db.session.flush()
        joined = utcnow() - timedelta(days=7)
        db.session.add(Membership(group=group, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=joined))
        db.session.add(Membership(group=group, user_id=member.id, role=MemberRole.MEMBER, joined_at=joined))
        meeting = new_meeting(group, utcnow().date())
        meeting.starts_at = utcnow().replace(microsecond=0) + timedelta(minutes=5)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        db.session.add(meeting)
        db.session.commit()
        return {"member": member.email, "facilitator": facilitator.email, "meeting": meeting.id, "group": group.id}


def _open_checkin(app: Flask, data: dict) -> None:
    with app.app_context():
        from app.accounts.models import User
        from app.meetings.models import Meeting

        checkin.open_checkin(db.session.scalar(select(User).filter_by(email=data["facilitator"])),
                             db.session.get(Meeting, data["meeting"]))  # fmt: skip


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_participant_answers_and_checks_in_with_the_shown_code(
    page: Page,
    size: dict,
    browser,  # noqa: ANN001
    live_server: str,
    app: Flask,
) -> None:
    page.set_viewport_size(size)
    data = _meeting_soon(app)
    log_in(page, data["member"])
    assert page.url.endswith("/week")
    page.get_by_role("button", name=re.compile("kommer|coming", re.I)).first.click()
    expect(page.locator(".flash")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("kommer|coming", re.I)).first).to_have_attribute(
        "aria-pressed", "true"
    )
    _open_checkin(app, data)
    staff_context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    log_in(staff, data["facilitator"])
    staff.goto(f"/staff/meetings/{data['meeting']}")
    shown = staff.locator(".code").inner_text()
    code = re.sub(r"\D", "", shown)
    assert len(code) == 6
    assert_no_axe_violations(staff)
    staff.goto(f"/staff/groups/{data['group']}")
    assert_no_axe_violations(staff)

    page.reload()  # check-in is open now: the code field replaces the question
    expect(page.get_by_role("button", name=re.compile("kommer|coming", re.I))).to_have_count(0)
    page.get_by_label(re.compile("Kode|Code")).fill(code)
    page.get_by_role("button", name=re.compile("Tjek ind|Check in")).click()
    page.wait_for_load_state()
    expect(page.locator(".badge-ok")).to_have_text(re.compile("Du er tjekket ind|You are checked in"))
    assert_no_axe_violations(page)
    page.goto("/week")
    expect(page.get_by_role("heading", name=re.compile("Mødet nu|The meeting now"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Næste møde|Next meeting"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Kommer du\\?|Are you coming\\?"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Du var der|You were there"))).to_have_count(0)  # it has not even begun
    page.goto("/meetings")
    assert_no_axe_violations(page)
    page.goto(f"/meetings/{data['meeting']}")
    assert_no_axe_violations(page)
    assert page.console_errors == []

    staff.goto(f"/staff/meetings/{data['meeting']}")
    expect(staff.locator("table")).to_contain_text("Emma")
    expect(staff.locator("table")).to_contain_text("✓")
    staff_context.close()
