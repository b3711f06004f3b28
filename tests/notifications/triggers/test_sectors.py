"""Followed sectors: follow and stop from the placements page (CSRF on), and a new or newly opened placement in
the sector is told once to the followers of the same municipality."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.errors import DomainError
from app.notifications.models import Kind
from app.placements import follows as sectors
from app.placements import staff_services
from app.placements.models import SectorFollow
from tests.conftest import post_form
from tests.factories import make_company, make_placement, make_user
from tests.notifications.triggers.conftest import ids, notes, recipients


def follows(db) -> set[tuple[int, str]]:  # noqa: ANN001
    db.session.rollback()
    return {tuple(row) for row in db.session.execute(select(SectorFollow.user_id, SectorFollow.sector))}


def test_following_from_the_placements_page(db, client, login_as, world):
    make_placement(world.town, sector="Detail")
    me = world.members[0]
    login_as(client, me)
    page = client.get("/placements?sector=Detail").get_data(as_text=True)
    assert 'action="/placements/sectors/follow"' in page
    for _ in range(2):  # a double tap: one row
        response = post_form(client, "/placements/sectors/follow", {"sector": "Detail"})
        assert response.status_code == 302 and response.headers["Location"] == "/placements?sector=Detail"
    assert follows(db) == {(me.id, "Detail")}
    page = client.get("/placements?sector=Detail").get_data(as_text=True)
    assert 'action="/placements/sectors/unfollow"' in page
    assert sectors.followed(me) == ["Detail"]

    assert post_form(client, "/placements/sectors/unfollow", {"sector": "Detail"}).status_code == 302
    assert post_form(client, "/placements/sectors/unfollow", {"sector": "Detail"}).status_code == 302
    assert follows(db) == set()


def test_no_follow_button_without_a_sector_filter(db, client, login_as, world):
    make_placement(world.town, sector="Detail")
    login_as(client, world.members[0])
    page = client.get("/placements").get_data(as_text=True)
    assert "/placements/sectors/follow" not in page


def test_only_sectors_of_the_municipalitys_placements(db, client, login_as, world):
    make_placement(world.far_town, sector="Rumfart")
    login_as(client, world.members[0])
    assert post_form(client, "/placements/sectors/follow", {"sector": "Rumfart"}).status_code == 302
    assert post_form(client, "/placements/sectors/follow", {"sector": ""}).status_code == 400
    assert post_form(client, "/placements/sectors/follow", {"sector": "x" * 81}).status_code == 400
    assert follows(db) == set()
    with pytest.raises(DomainError):
        sectors.follow(world.facilitator, "Rumfart")


def test_staff_and_anonymous_cannot_follow(db, client, login_as, world):
    make_placement(world.town, sector="Detail")
    assert post_form(client, "/placements/sectors/follow", {"sector": "Detail"}).status_code == 302  # to login
    login_as(client, world.facilitator)
    assert post_form(client, "/placements/sectors/follow", {"sector": "Detail"}).status_code == 403
    login_as(client, world.members[0])
    assert client.post("/placements/sectors/follow", data={"sector": "Detail"}).status_code == 400  # no CSRF
    assert follows(db) == set()


def _values(company, **changes) -> dict:  # noqa: ANN001, ANN003
    values = {"company_id": company.id, "title": "Kassemedarbejder", "kind": "internship", "hours_min": 5,
              "hours_max": 15, "seats": 2, "sector": "Detail"}  # fmt: skip
    return {**values, **changes}


def test_a_new_placement_is_told_to_the_sectors_followers_in_the_municipality_once(db, world):
    make_placement(world.town, sector="Detail")
    make_placement(world.town, sector="Lager")
    make_placement(world.far_town, sector="Detail")
    follower, lager_fan, nobody = world.members
    sectors.follow(follower, "Detail")
    sectors.follow(lager_fan, "Lager")
    sectors.follow(world.far_member, "Detail")  # the same sector name in another municipality
    company = make_company(world.town)

    placement = staff_services.create_placement(world.facilitator, **_values(company))
    new = notes(db, Kind.NEW_PLACEMENT)
    assert [(n.user_id, n.url, n.object_id) for n in new] == [
        (follower.id, f"/placements/{placement.id}", placement.id)
    ]
    staff_services.update_placement(world.facilitator, placement, **_values(company, title="Kasse"))
    staff_services.set_open(world.facilitator, placement, True)
    assert recipients(db, Kind.NEW_PLACEMENT) == [follower.id]  # an edit or a repeated open: nothing new

    staff_services.update_placement(world.facilitator, placement, **_values(company, sector="Lager"))
    assert recipients(db, Kind.NEW_PLACEMENT) == ids(follower, lager_fan)  # changed into a followed sector
    assert nobody.id not in recipients(db)


def test_a_closed_placement_is_told_when_it_opens(db, world):
    make_placement(world.town, sector="Detail")
    sectors.follow(world.members[0], "Detail")
    placement = staff_services.create_placement(world.facilitator, is_open=False, **_values(make_company(world.town)))
    assert notes(db) == []
    staff_services.set_open(world.facilitator, placement, False)
    assert notes(db) == []
    staff_services.set_open(world.facilitator, placement, True)
    assert recipients(db, Kind.NEW_PLACEMENT) == [world.members[0].id]


def test_inactive_followers_are_not_told(db, world):
    make_placement(world.town, sector="Detail")
    gone = make_user(Role.PARTICIPANT, world.town)
    sectors.follow(gone, "Detail")
    gone.active = False
    db.session.commit()
    staff_services.create_placement(world.facilitator, **_values(make_company(world.town)))
    assert notes(db) == []
