"""The facilitation pages in the browser: the monthly view of a group at 1280 px (chart, table, texts) and the
reflection form on a phone (write, then see it on the meeting's page). axe-core finds no violations."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.facilitation import services
from app.facilitation.models import Principle
from app.meetings.models import Attendance, CheckinMethod
from app.timeutil import to_local
from tests.e2e.conftest import PHONE, assert_no_axe_violations, log_in
from tests.facilitation.conftest import add_meeting
from tests.factories import add_to_group, make_group, make_municipality, make_user

WIDE = {"width": 1280, "height": 800}


def _world(app: Flask) -> dict:
    with app.app_context():
        town = make_municipality()
        group = make_group(town, name="Tirsdagsgruppen")
        facilitator = make_user(Role.FACILITATOR, town, name="Mette")
        colleague = make_user(Role.FACILITATOR, town, name="Omar")
        add_to_group(group, facilitator, "facilitator", joined_at=utcnow() - timedelta(days=90))
        add_to_group(group, colleague, "facilitator", joined_at=utcnow() - timedelta(days=90))
        people = [make_user(Role.PARTICIPANT, town, name=f"Ung {n}") for n in range(4)]
        for person in people:
            add_to_group(group, person, joined_at=utcnow() - timedelta(days=60))
        now = utcnow()
        earlier = add_meeting(group, now - timedelta(days=7, hours=3))
        held = add_meeting(group, now - timedelta(hours=3))
        for meeting, came in ((earlier, people[:3]), (held, people[:2])):
            for person in came:
                db.session.add(Attendance(meeting_id=meeting.id, user_id=person.id, method=CheckinMethod.CODE))
        db.session.commit()
        for meeting in (earlier, held):
            services.save(colleague, meeting, {Principle.SHARING: 3, Principle.RESOURCES: 4}, "Runden virkede godt")
        local = to_local(held.starts_at)
        return {
            "email": facilitator.email,
            "group": group.id,
            "held": held.id,
            "month": f"{local.year:04d}-{local.month:02d}",
        }


def test_the_monthly_view_at_1280_px(page, app: Flask) -> None:  # noqa: ANN001
    w = _world(app)
    page.set_viewport_size(WIDE)
    log_in(page, w["email"])
    page.goto(f"/staff/groups/{w['group']}/facilitation?month={w['month']}&months=3")
    assert page.locator("#facilitation-chart svg[role=img]").is_visible()
    assert page.locator("table.figures-by-meeting tbody tr").count() >= 1
    assert "Runden virkede godt" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    assert page.console_errors == []


def test_a_facilitator_writes_a_reflection_on_a_phone(page, app: Flask) -> None:  # noqa: ANN001
    w = _world(app)
    page.set_viewport_size(PHONE)
    log_in(page, w["email"])
    page.goto(f"/staff/meetings/{w['held']}")
    page.get_by_role("link", name="Skriv din refleksion").click()
    page.wait_for_url(f"**/staff/meetings/{w['held']}/facilitation")
    assert_no_axe_violations(page)
    page.locator("#rating_sharing label", has_text="4 · Rigtig godt").click()
    page.locator("#rating_co_determination label", has_text="2 · Lidt").click()
    page.fill("#text", "De delte erfaringer fra praktikken. Næste gang lader jeg dem vælge emnet.")
    page.get_by_role("button", name="Gem refleksionen").click()
    page.wait_for_url(f"**/staff/meetings/{w['held']}")
    assert "Ret din refleksion" in page.locator("main").inner_text()
    page.goto(f"/staff/meetings/{w['held']}/facilitation")
    assert page.locator("input[name=rating_sharing][value='4']").is_checked()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    assert page.console_errors == []
