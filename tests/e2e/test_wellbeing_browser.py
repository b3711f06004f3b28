"""The monthly check-in in Chromium: on a phone (390 px) in Danish, My week invites, the pulse is answered with taps,
the person's own trend and the support box show, axe-core finds nothing and nothing scrolls sideways; answered
offline, it waits on the phone and arrives once; and the staff's monthly figures on a laptop (1280 px).
Screenshots go to $SCREENSHOT_DIR when it is set."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db
from app.idempotency import IdempotencyKey
from app.wellbeing import services
from app.wellbeing.models import PulseAnswer
from tests.e2e.conftest import assert_no_axe_violations, browser_problem, log_in, screenshot
from tests.factories import add_to_group, make_group, make_municipality, make_user

if browser_problem() is None:
    from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _world(app: Flask, *, history: bool = True) -> dict:
    """A group of six in Danish; everyone but the first has answered this month and the two before."""
    with app.app_context():
        town = make_municipality()
        group = make_group(town, name="Tirsdagsgruppen")
        people = [
            make_user(Role.PARTICIPANT, town, name=name) for name in ("Amira", "Bo", "Cem", "Dina", "Eva", "Finn")
        ]
        facilitator = make_user(Role.FACILITATOR, town, name="Mette")
        long_ago = utcnow() - timedelta(days=120)
        for person in people:
            add_to_group(group, person, joined_at=long_ago)
        add_to_group(group, facilitator, "facilitator", joined_at=long_ago)
        now = utcnow()
        for index, person in enumerate(people[1:] if history else []):
            for months_ago in (2, 1, 0):
                level = 2 + (index + months_ago) % 3
                values = {f"who5_{n}": level for n in range(1, 6)} | {f"lonely_{n}": 2 for n in range(1, 4)}
                services.answer(person, values | {"useful": 4}, now=now - timedelta(days=31 * months_ago))
        db.session.commit()
        return {"email": people[0].email, "id": people[0].id, "staff": facilitator.email, "group": group.id}


def _answers(app: Flask, user_id: int) -> list[PulseAnswer]:
    with app.app_context():
        return list(db.session.scalars(select(PulseAnswer).where(PulseAnswer.user_id == user_id)))


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_invite_answer_and_trend_on_a_phone(browser: Browser, live_server: str, app: Flask) -> None:
    data = _world(app)
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, data["email"])
        page.goto("/week")
        card = page.locator("section.pulse-card")
        expect(card).to_contain_text("Hvordan har du det?")
        assert_no_axe_violations(page)
        screenshot(page, "pulse-invite-phone-da")
        card.get_by_role("button", name="Ja, spørg mig").click()
        expect(page).to_have_url(f"{live_server}/wellbeing/pulse")
        expect(page.locator("h1")).to_have_text("Hvordan har du haft det?")
        assert_no_axe_violations(page)
        _no_sideways_scroll(page, PHONE["width"])
        screenshot(page, "pulse-form-phone-da")
        for name in ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5"):  # raw 5: very low
            page.locator(f"fieldset#{name} label.pill", has_text="Lidt af tiden").click()
        page.locator("fieldset#lonely_1 label.pill", has_text="Ofte").click()
        page.locator("fieldset#useful label.pill", has_text="Noget").click()
        page.get_by_role("button", name="Gem mine svar").click()
        expect(page).to_have_url(f"{live_server}/wellbeing")
        expect(page.locator("[data-support-box]")).to_contain_text("70 201 201")
        with app.app_context():  # two earlier months of her own, for the trend
            amira = db.session.get(User, data["id"])
            services.answer(amira, {f"who5_{n}": 4 for n in range(1, 6)}, now=utcnow() - timedelta(days=62))
            services.answer(amira, {f"who5_{n}": 3 for n in range(1, 6)}, now=utcnow() - timedelta(days=31))
            db.session.commit()
        page.reload()
        expect(page.locator("circle.dot")).to_have_count(3)
        assert_no_axe_violations(page)
        _no_sideways_scroll(page, PHONE["width"])
        screenshot(page, "pulse-trend-phone-da")
        (row,) = [r for r in _answers(app, data["id"]) if r.month == services.this_month()]
        assert (row.who5_items(), row.lonely_items(), row.useful) == ([1] * 5, [3, None, None], 3)
        page.goto("/week")
        expect(page.locator("section.pulse-card")).to_have_count(0)  # answered: no card this month
    finally:
        context.close()


def test_the_pulse_answered_offline_arrives_once(page: Page, live_server: str, app: Flask) -> None:
    data = _world(app, history=False)
    log_in(page, data["email"])
    page.goto("/wellbeing/pulse")
    page.wait_for_load_state()
    page.context.set_offline(True)
    for name in ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5"):
        page.locator(f"fieldset#{name} label.pill").first.click()  # all of the time
    page.locator("main form[data-queue] button.primary").click()
    box = page.locator("[data-queue-box]")
    expect(box.locator("[data-queue-list] li")).to_have_count(1)
    assert _answers(app, data["id"]) == []
    page.context.set_offline(False)  # the `online` event sends it
    expect(box.locator("[data-queue-list] li")).to_have_count(0)
    (row,) = _answers(app, data["id"])
    assert row.who5_items() == [5] * 5
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_staff_monthly_figures_on_a_laptop(browser: Browser, live_server: str, app: Flask) -> None:
    data = _world(app)
    context = browser.new_context(viewport=LAPTOP, base_url=live_server, locale="da-DK")
    page = context.new_page()
    try:
        log_in(page, data["staff"])
        page.goto(f"/staff/reports?scope=group-{data['group']}")
        section = page.locator("section#wellbeing")
        expect(section).to_contain_text("Trivsel: det månedlige trivselstjek")
        expect(section.locator("tbody tr")).to_have_count(3)  # three months of one group
        expect(section.locator("td[data-cell=respondents]").first).to_have_text("5")
        assert_no_axe_violations(page)
        _no_sideways_scroll(page, LAPTOP["width"])
        section.scroll_into_view_if_needed()
        screenshot(page, "pulse-staff-laptop-da")
    finally:
        context.close()
