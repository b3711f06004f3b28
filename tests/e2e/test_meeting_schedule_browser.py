"""A facilitator adds an extra meeting from the group page on a phone, in Danish; the group page shows coming and
past meetings with their state; axe finds nothing on the group page, the form and a past meeting's page."""

from __future__ import annotations

from datetime import time, timedelta
from typing import TYPE_CHECKING

from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, CheckinMethod
from app.meetings.schedule import generate_meetings, new_meeting
from app.timeutil import to_local
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in, screenshot
from tests.factories import make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _group_with_history(app: Flask) -> dict[str, object]:
    with app.app_context():
        town = make_municipality()
        facilitator = make_user(Role.FACILITATOR, town)
        member = make_user(Role.PARTICIPANT, town, name="Amira Haddad")
        group = Group(
            municipality_id=town.id, name="Torsdagsgruppen", weekday=3, start_time=time(13), place="Jobcentret"
        )
        db.session.add(group)
        db.session.flush()
        joined = utcnow() - timedelta(days=30)
        db.session.add(Membership(group=group, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=joined))
        db.session.add(Membership(group=group, user_id=member.id, role=MemberRole.MEMBER, joined_at=joined))
        past = new_meeting(group, (to_local(utcnow()) - timedelta(days=7)).date())
        past.starts_at = utcnow().replace(microsecond=0) - timedelta(days=7)
        past.ends_at = past.starts_at + timedelta(hours=2)
        db.session.add(past)
        db.session.flush()
        db.session.add(
            Attendance(meeting_id=past.id, user_id=member.id, method=CheckinMethod.CODE, checked_in_at=past.starts_at)
        )
        db.session.commit()
        generate_meetings(group, weeks=2)
        return {"facilitator": facilitator.email, "group": group.id, "past": past.id}


def test_facilitator_adds_an_extra_meeting_on_a_phone(page: Page, app: Flask) -> None:
    data = _group_with_history(app)
    log_in(page, str(data["facilitator"]))
    page.goto(f"/staff/groups/{data['group']}")
    earlier = page.locator("section", has=page.get_by_role("heading", name="Tidligere møder"))
    expect(earlier).to_contain_text("1 af 1 kom")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Tilføj et ekstra møde").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    day = (to_local(utcnow()) + timedelta(days=3)).date()
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Tidspunkt").fill("15:30")
    page.get_by_label("Dagsorden").fill("Vi øver jobsamtaler")
    page.get_by_role("button", name="Tilføj mødet").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Det ekstra møde er tilføjet")
    expect(page.locator("h1")).to_contain_text("15.30")
    expect(page.get_by_text("Ekstra møde", exact=True)).to_be_visible()
    page.goto(f"/staff/groups/{data['group']}")
    coming = page.locator("section", has=page.get_by_role("heading", name="Kommende møder"))
    expect(coming.locator("li", has_text="Ekstra møde")).to_have_count(1)
    screenshot(page, "group-meetings-390x844")
    page.goto(f"/staff/meetings/{data['past']}")
    expect(page.get_by_role("heading", name="Hvem kom")).to_be_visible()
    expect(page.get_by_role("heading", name="Aflys mødet")).to_have_count(0)
    assert_no_axe_violations(page)
    screenshot(page, "past-meeting-390x844")
    assert page.console_errors == []
