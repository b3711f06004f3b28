"""The page's placement figures (weeks, hours in all) are the ones My placements computes (placements.queries), and
equal a hand-computed example across an hours change and a switch."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import uuid4

import pytest

from app.people import profile
from app.placements import services as placements
from app.placements.models import PlacementKind
from app.workidentity import queries
from tests.factories import make_company, make_placement
from tests.workidentity.conftest import World


def _day(offset: int):  # noqa: ANN202
    return placements.today() + timedelta(days=offset)


@pytest.fixture
def history(db, world: World, monkeypatch):  # noqa: ANN001, ANN201
    """Through the services, as the pages do it:
    - day 0: chooses the bike shop, 10 hours a week (an internship in Detail);
    - day 7: changes to 20 hours a week;
    - day 14: switches to the care home, 8 hours a week (paid hours in Omsorg), with a lesson.
    The pages are then seen on day 24 (the measuring day is the pages' `today`)."""
    town = world.town
    bikes = make_placement(
        town, company=make_company(town, name="Roskilde Cykler"), title="Cykelhjælper", sector="Detail",
        kind=PlacementKind.INTERNSHIP, hours_min=5, hours_max=30,
    )  # fmt: skip
    care = make_placement(
        town, company=make_company(town, name="Solgården"), title="Aktivitetshjælper", sector="Omsorg",
        kind=PlacementKind.PAID_HOURS, hours_min=5, hours_max=30,
    )  # fmt: skip
    first = placements.choose(world.person, bikes, start=_day(0), hours=10, key=uuid4().hex)
    placements.adjust_hours(world.person, first, hours=20, effective=_day(7))
    placements.switch(
        world.person, first, care, start=_day(14), hours=8, lesson="Jeg kan lide at hjælpe", key=uuid4().hex
    )
    day24 = _day(24)
    monkeypatch.setattr(queries, "today", lambda: day24)
    monkeypatch.setattr(placements, "today", lambda: day24)  # whether a placement has started, for the pages
    monkeypatch.setattr(profile, "local_today", lambda now=None: day24)  # the staff's person page
    return first


def test_the_figures_equal_the_hand_computed_example(db, world: World, history):
    # Bike shop: days 0-13 (switch ends it the day before the new start) = 14 days = 2.0 weeks;
    #   10 h a week on days 0-6 (7 days: 10.0 h) + 20 h a week on days 7-13 (7 days: 20.0 h) = 30.0 h.
    # Care home: days 14-24 (today included) = 11 days = 1.57 -> 1.6 weeks; 8 h a week: 8 * 11/7 = 12.57 -> 12.6 h.
    page = queries.work_page(world.person)
    figures = [(e.assignment.placement.company.name, e.weeks, e.total_hours) for e in page.current + page.past]
    assert figures == [("Solgården", 1.6, 12.6), ("Roskilde Cykler", 2.0, 30.0)]


def test_the_page_shows_kind_sector_weeks_hours_and_the_lesson(db, world: World, history, clients):
    html = clients.for_(world.person).get("/me/work").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Solgården Aktivitetshjælper Kind Paid hours Sector Omsorg" in text
    # The figures in whole numbers, worded as on My placements (1.6 weeks, 12.6 hours; 2.0 weeks, 30.0 hours).
    assert "How long 2 weeks, 13 hours in all" in text
    assert "Roskilde Cykler Cykelhjælper Kind Internship Sector Detail" in text
    assert "How long 2 weeks, 30 hours in all What I learned: Jeg kan lide at hjælpe" in text
    assert not re.search(r"\d\.\d (weeks?|hours?)", text)


def test_every_page_says_the_same_in_whole_numbers(db, world: World, history, clients):
    client = clients.for_(world.person)
    staff = clients.for_(world.facilitator)
    said = []
    for who, path in (
        (client, "/placements/mine"),
        (client, "/me/work"),
        (staff, f"/staff/placements/people/{world.person.id}"),
        (staff, f"/staff/people/{world.person.id}"),
    ):
        html = who.get(path).get_data(as_text=True)
        assert not re.search(r"\d[.,]\d+ (weeks?|hours?)", html), path
        said.append(re.findall(r"\d+ weeks?, \d+ hours? in all", html))
    # the same figures (1.6 weeks and 12.6 hours; 2.0 weeks and 30.0 hours), shown whole on every page, the
    # participant's and the staff's
    assert said == [["2 weeks, 13 hours in all", "2 weeks, 30 hours in all"]] * 4
