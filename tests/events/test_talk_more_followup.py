"""Whether an "I'd like to talk more" at a match event led to a placement at that company: linked when the
person chooses (or switches to) a placement there after marking the interest; shown on the staff event page."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest

from app.accounts.models import Role
from app.events import services as events
from app.placements import services as placements
from app.placements.from_events import placements_after_interest
from app.web import format_day
from tests.factories import make_company, make_event, make_municipality, make_placement, make_user


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


@pytest.fixture
def setting(town):  # noqa: ANN001, ANN201
    """An event with two companies, each offering a placement, and a participant."""
    bakery, garage = make_company(town, name="Bageriet"), make_company(town, name="Værkstedet")
    event = make_event(town, companies=[bakery, garage])
    person = make_user(Role.PARTICIPANT, town, name="Sofie", language="en")
    return event, bakery, garage, person, make_placement(town, company=bakery), make_placement(town, company=garage)


def _choose(person, placement):  # noqa: ANN001, ANN202
    start = placements.next_weekday(placements.today())
    return placements.choose(person, placement, start=start, hours=10, key=uuid4().hex)


def test_a_placement_at_that_company_after_the_interest_is_linked(setting):
    event, bakery, _garage, person, at_bakery, _at_garage = setting
    events.set_interest(person, event, bakery, True)
    assignment = _choose(person, at_bakery)
    assert placements_after_interest(event.id) == {bakery.id: {person.id: assignment.created_at}}


def test_a_switch_to_that_company_after_the_interest_is_linked(setting):
    event, _bakery, garage, person, at_bakery, at_garage = setting
    current = _choose(person, at_bakery)
    events.set_interest(person, event, garage, True)
    start = placements.next_weekday(placements.today())
    switched = placements.switch(person, current, at_garage, start=start, hours=10, lesson="", key=uuid4().hex)
    assert placements_after_interest(event.id) == {garage.id: {person.id: switched.created_at}}


def test_a_placement_at_another_company_is_not_linked(setting):
    event, bakery, _garage, person, _at_bakery, at_garage = setting
    events.set_interest(person, event, bakery, True)
    _choose(person, at_garage)
    assert placements_after_interest(event.id) == {}


def test_a_placement_chosen_before_the_interest_did_not_lead_to_it(setting):
    event, bakery, _garage, person, at_bakery, _at_garage = setting
    _choose(person, at_bakery)
    events.set_interest(person, event, bakery, True)
    assert placements_after_interest(event.id) == {}


def test_the_first_placement_after_the_interest_counts_and_other_events_are_apart(setting, town):
    event, bakery, _garage, person, at_bakery, _at_garage = setting
    events.set_interest(person, event, bakery, True)
    first = _choose(person, at_bakery)
    placements.end(person, first, last_day=first.start_date, reason="")
    _choose(person, make_placement(town, company=bakery))  # again later, at another of its offers
    assert placements_after_interest(event.id) == {bakery.id: {person.id: first.created_at}}
    later = make_event(town, companies=[bakery])
    assert placements_after_interest(later.id) == {}  # no interest marked there


def test_the_staff_page_shows_who_wanted_to_talk_more_and_who_got_a_placement(setting, client, login_as, town):
    event, bakery, garage, person, at_bakery, _at_garage = setting
    curious = make_user(Role.PARTICIPANT, town, name="Jonas")
    events.set_interest(person, event, bakery, True)
    events.set_interest(curious, event, bakery, True)
    events.set_interest(curious, event, garage, True)
    assignment = _choose(person, at_bakery)
    login_as(client, make_user(Role.FACILITATOR, town, language="en"))
    page = client.get(f"/staff/events/{event.id}").get_data(as_text=True)
    page = re.sub(r"</?a\b[^>]*>", "", page)  # names may link to the person page
    bakery_card = page[page.index("Bageriet") : page.index("Værkstedet")]
    garage_card = page[page.index("Værkstedet") :]
    assert "2 people would like to talk more." in bakery_card
    assert "1 of them later chose a placement here." in bakery_card
    day = format_day(assignment.created_at)
    assert f"Sofie</span> · chose a placement here on {day}" in bakery_card
    assert "Jonas" in bakery_card and "Jonas</span> · chose" not in bakery_card
    assert "later chose a placement here" not in garage_card
