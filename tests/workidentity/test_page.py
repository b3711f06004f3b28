"""Building the page: strengths and interests from the short list or in one's own words (each optionally at a
placement), the reflections the person picks, what to try next. Another person's rows are a 404; the rules are the
services' and the pages show their messages."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from app.errors import DomainError
from app.placements import services as placements
from app.reflections import services as reflections
from app.workidentity import queries, services
from app.workidentity.choices import OWN_ITEMS_MAX, PICKS_MAX, STRENGTHS, ItemKind
from app.workidentity.models import WorkItem
from tests.conftest import post_form
from tests.factories import make_company, make_placement
from tests.workidentity.conftest import World


def _choose(world: World, sector: str = "Detail", name: str = "Roskilde Cykler"):  # noqa: ANN202
    town = world.town
    placement = make_placement(town, company=make_company(town, name=name), sector=sector)
    return placements.choose(world.person, placement, start=placements.today(), hours=10, key=uuid4().hex)


def test_ticking_strengths_and_interests_keeps_exactly_those(db, world: World, clients):
    me = clients.for_(world.person)
    assert (
        post_form(me, "/me/work/strengths", {"strengths": ["on_time", "hands"], "interests": ["outdoors"]}).status_code
        == 302
    )
    assert post_form(me, "/me/work/strengths", {"strengths": ["hands", "learn"]}).status_code == 302
    page = queries.work_page(world.person)
    assert [i.item.key for i in page.strengths] == ["hands", "learn"]  # in the order of the list
    assert page.interests == []
    html = me.get("/me/work").get_data(as_text=True)
    assert str(STRENGTHS["hands"]) in html and str(STRENGTHS["on_time"]) not in html


def test_a_key_that_is_not_on_the_list_is_refused(db, world: World, clients):
    response = post_form(clients.for_(world.person), "/me/work/strengths", {"strengths": ["lazy"]})
    assert response.status_code == 422
    assert "Choose from the list." in response.get_data(as_text=True)
    with pytest.raises(DomainError):
        services.choose_items(world.person, ["lazy"], [])
    assert queries.items(world.person) == []


def test_own_words_at_a_placement_and_the_limit(db, world: World, clients):
    assignment = _choose(world)
    me = clients.for_(world.person)
    response = post_form(
        me, "/me/work/items", {"kind": "interest", "words": "At skrue på cykler", "assignment_id": str(assignment.id)}
    )
    assert response.status_code == 302
    page = queries.work_page(world.person)
    assert [(str(i.text), i.place.company.name) for i in page.interests] == [("At skrue på cykler", "Roskilde Cykler")]
    assert "showed at Roskilde Cykler" in me.get("/me/work").get_data(as_text=True)
    for n in range(OWN_ITEMS_MAX - 1):
        services.add_own_words(world.person, ItemKind.INTEREST, f"Noget {n}")
    response = post_form(me, "/me/work/items", {"kind": "interest", "words": "En for mange"})
    assert response.status_code == 422 and "Remove one first" in response.get_data(as_text=True)
    assert post_form(me, "/me/work/items", {"kind": "strength", "words": ""}).status_code == 422


def test_someone_elses_placement_or_item_is_refused(db, world: World, clients):
    theirs = placements.choose(
        world.peer, make_placement(world.town), start=placements.today(), hours=10, key=uuid4().hex
    )
    me = clients.for_(world.person)
    with pytest.raises(DomainError, match="one of your own placements"):
        services.add_own_words(world.person, ItemKind.STRENGTH, "Hjælpsom", theirs.id)
    item = services.add_own_words(world.peer, ItemKind.STRENGTH, "Bo's own words")
    assert post_form(me, f"/me/work/items/{item.id}/delete").status_code == 404
    assert post_form(me, f"/me/work/items/{item.id}/place", {f"item{item.id}-assignment_id": ""}).status_code == 404
    assert db.session.get(WorkItem, item.id) is not None


def test_saying_where_a_strength_showed(db, world: World, clients):
    assignment = _choose(world)
    services.choose_items(world.person, ["hands"], [])
    item = queries.items(world.person)[0]
    me = clients.for_(world.person)
    assert (
        post_form(
            me, f"/me/work/items/{item.id}/place", {f"item{item.id}-assignment_id": str(assignment.id)}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(WorkItem, item.id).assignment_id == assignment.id
    assert post_form(me, f"/me/work/items/{item.id}/delete").status_code == 302
    assert queries.items(world.person) == []


def test_where_it_showed_names_the_company_and_the_title_only_when_needed(db, world: World, clients):
    """The choices of "where did it show?" fit a phone's select: "Roskilde Cykler", not "Roskilde Cykler:
    Cykelmekaniker-hjælper" (cut off at 390 px); the title only tells two placements at one company apart."""
    from types import SimpleNamespace

    from app.workidentity.forms import placement_choices

    def at(company: str, title: str, id_: int) -> SimpleNamespace:
        return SimpleNamespace(id=id_, placement=SimpleNamespace(company=SimpleNamespace(name=company), title=title))

    mine = [at("Roskilde Cykler", "Cykelmekaniker-hjælper", 1), at("Netto", "Lager", 2), at("Netto", "Kasse", 3)]
    labels = [choice.label for choice in placement_choices(mine)]  # type: ignore[arg-type]
    assert labels[1:] == ["Roskilde Cykler", "Netto: Lager", "Netto: Kasse"]
    _choose(world)
    services.choose_items(world.person, ["hands"], [])
    page = clients.for_(world.person).get("/me/work/strengths").get_data(as_text=True)
    assert ">Roskilde Cykler</option>" in page


def test_only_picked_reflections_are_on_the_page(db, world: World, clients):
    shown = reflections.write(world.person, text="I dag lappede jeg tre dæk")
    private = reflections.write(world.person, text="Jeg var træt i dag")
    theirs = reflections.write(world.peer, text="Bo's reflection")
    me = clients.for_(world.person)
    assert post_form(me, "/me/work/reflections", {"reflections": [str(shown.id)]}).status_code == 302
    html = me.get("/me/work").get_data(as_text=True)
    assert "I dag lappede jeg tre dæk" in html and "Jeg var træt i dag" not in html
    assert post_form(me, "/me/work/reflections", {"reflections": [str(theirs.id)]}).status_code == 422
    with pytest.raises(DomainError, match="your own reflections"):
        services.pick_reflections(world.person, [theirs.id])
    assert [r.id for r in queries.picked_reflections(world.person)] == [shown.id]
    assert private.id not in [r.id for r in queries.picked_reflections(world.person)]


def test_at_most_five_reflections(db, world: World):
    ids = [reflections.write(world.person, text=f"Refleksion {n}").id for n in range(PICKS_MAX + 1)]
    with pytest.raises(DomainError, match="at most 5"):
        services.pick_reflections(world.person, ids)
    services.pick_reflections(world.person, ids[:PICKS_MAX])
    assert len(queries.picked_reflections(world.person)) == PICKS_MAX


def test_what_i_want_to_try_next(db, world: World, clients):
    make_placement(world.town, sector="Håndværk")
    me = clients.for_(world.person)
    response = post_form(
        me, "/me/work/next", {"sectors": ["Håndværk"], "kind": "paid_hours", "hours": "20", "note": "Motorer"}
    )
    assert response.status_code == 302
    html = me.get("/me/work").get_data(as_text=True)
    assert "Håndværk" in html and "Paid hours" in html and "Motorer" in html
    assert post_form(me, "/me/work/next", {"sectors": ["Månen"]}).status_code == 422
    assert post_form(me, "/me/work/next", {"hours": "99"}).status_code == 422
    with pytest.raises(DomainError):
        services.save_next(world.person, sectors=["Månen"], kind=None, hours=None, note="")
    assert queries.wish_sectors(world.person) == ["Håndværk"]


def test_other_peoples_pages_are_never_in_mine(db, world: World, clients):
    services.add_own_words(world.peer, ItemKind.STRENGTH, "Bo er god til tal")
    assert "Bo er god til tal" not in clients.for_(world.person).get("/me/work").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/me/work", "/me/work/strengths", "/me/work/next", "/me/work/reflections"])
def test_staff_cannot_open_participant_pages(db, world: World, clients, path):
    assert clients.for_(world.facilitator).get(path).status_code == 403


def test_staff_cannot_build_a_page(db, world: World):
    with pytest.raises(DomainError):
        services.choose_items(world.facilitator, ["hands"], [])
    assert db.session.scalars(select(WorkItem)).all() == []


def test_match_events_are_the_ones_the_person_came_to(db):
    from datetime import timedelta

    from app.accounts.models import Role
    from app.db import utcnow
    from app.events.models import EventAttendance, EventSignup
    from app.workidentity.queries import events_attended
    from tests.factories import make_event, make_municipality, make_user

    town = make_municipality()
    me = make_user(Role.PARTICIPANT, town)
    came = make_event(town, title="Kom", starts_at=utcnow() - timedelta(days=3))
    signed_only = make_event(town, title="Tilmeldt", starts_at=utcnow() - timedelta(days=2))
    cancelled = make_event(town, title="Aflyst", starts_at=utcnow() - timedelta(days=1), cancelled=True)
    for event in (came, signed_only, cancelled):
        db.session.add(EventSignup(event_id=event.id, user_id=me.id))
    for event in (came, cancelled):
        db.session.add(EventAttendance(event_id=event.id, user_id=me.id))
    db.session.commit()
    assert [e.title for e in events_attended(me)] == ["Kom"]
