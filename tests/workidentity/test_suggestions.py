"""Suggestions come only from what the person chose: a strength or interest they linked to a placement, a sector
they want to try, a sector they follow. Only open placements with a free seat that they are not in, filtered by the
kind and hours they chose; listed by title, never ranked by anything else."""

from __future__ import annotations

from uuid import uuid4

from app.placements import follows
from app.placements import services as placements
from app.placements.models import PlacementKind
from app.workidentity import queries, services
from app.workidentity.suggestions import suggestions
from tests.factories import make_company, make_municipality, make_placement
from tests.workidentity.conftest import World


def _titles(world: World) -> list[tuple[str, list[str]]]:
    return [(s.sector, [p.title for p in s.placements]) for s in suggestions(queries.work_page(world.person))]


def test_nothing_chosen_nothing_suggested(db, world: World):
    make_placement(world.town, sector="Detail")
    placements.choose(world.person, make_placement(world.town, sector="Detail"), start=placements.today(), hours=8,
                      key=uuid4().hex)  # fmt: skip
    assert _titles(world) == []


def test_you_liked_it_there_here_are_open_placements_in_that_sector(db, world: World, clients):
    town = world.town
    garden = make_placement(town, company=make_company(town, name="Grønt Gartneri"), sector="Grønne områder",
                            title="Gartnerhjælper")  # fmt: skip
    mine = placements.choose(world.person, garden, start=placements.today(), hours=10, key=uuid4().hex)
    services.choose_items(world.person, [], ["outdoors"])
    item = queries.items(world.person)[0]
    services.place_item(world.person, item, mine.id)
    make_placement(town, sector="Grønne områder", title="Parkarbejder")
    make_placement(town, sector="Grønne områder", title="Anlægsgartner")
    make_placement(town, sector="Grønne områder", title="Fuld", seats=1, taken=1)
    make_placement(town, sector="Grønne områder", title="Lukket", is_open=False)
    make_placement(town, sector="Detail", title="Butik")
    make_placement(make_municipality(), sector="Grønne områder", title="Andet sted")

    # Not the garden itself: she is there (and a place she has left is not new to her either).
    assert _titles(world) == [("Grønne områder", ["Anlægsgartner", "Parkarbejder"])]
    placements.end(world.person, mine, last_day=placements.today(), reason="", lesson="")
    assert _titles(world) == [("Grønne områder", ["Anlægsgartner", "Parkarbejder"])]
    html = clients.for_(world.person).get("/me/work").get_data(as_text=True)
    assert "You liked “Working outdoors” at Grønt Gartneri." in html
    assert "Open placements in Grønne områder:" in html


def test_wishes_and_followed_sectors_in_the_persons_order_filtered_by_their_kind_and_hours(db, world: World):
    town = world.town
    make_placement(town, sector="Værksted", title="Dæk", kind=PlacementKind.PAID_HOURS, hours_min=10, hours_max=20)
    make_placement(town, sector="Værksted", title="Alle timer", kind=PlacementKind.PAID_HOURS, hours_min=25,
                   hours_max=30)  # fmt: skip
    make_placement(town, sector="Værksted", title="Praktik", kind=PlacementKind.INTERNSHIP)
    make_placement(town, sector="Café", title="Kaffe", kind=PlacementKind.PAID_HOURS, hours_min=5, hours_max=20)
    follows.follow(world.person, "Café")
    services.save_next(world.person, sectors=["Værksted"], kind=PlacementKind.PAID_HOURS, hours=15, note="")
    assert _titles(world) == [("Værksted", ["Dæk"]), ("Café", ["Kaffe"])]
    reasons = [s.reason for s in suggestions(queries.work_page(world.person))]
    assert reasons == ["You want to try Værksted.", "You follow Café."]


def test_a_sector_without_open_placements_says_so(db, world: World, clients):
    make_placement(world.town, sector="Lager", title="Fuld", seats=1, taken=1)
    services.save_next(world.person, sectors=["Lager"], kind=None, hours=None, note="")
    assert _titles(world) == [("Lager", [])]
    html = clients.for_(world.person).get("/me/work").get_data(as_text=True)
    assert "No open placements in Lager right now." in html and "/placements?sector=Lager" in html


def test_at_most_three_per_sector_by_title(db, world: World):
    for title in ("Delta", "Alfa", "Echo", "Charlie", "Bravo"):
        make_placement(world.town, sector="Lager", title=title)
    services.save_next(world.person, sectors=["Lager"], kind=None, hours=None, note="")
    assert _titles(world) == [("Lager", ["Alfa", "Bravo", "Charlie"])]
