"""Experience cards with context and one-tap reactions: the group sees the placement's kind and sector (and the
company only if the author shows it) or the meeting it was about; a member taps "It helped me" or "Thanks for
sharing" (a second tap takes it back); the author sees how many of each, never who; nobody else can react."""

from __future__ import annotations

from sqlalchemy import func, select

from app.placements import services as placements
from app.placements.models import PlacementKind
from app.reflections.models import Reaction, ReflectionReaction, Visibility
from tests.conftest import post_form
from tests.factories import make_company, make_placement
from tests.placements.support import day, new_key
from tests.reflections.conftest import write


def _placement_card(db, world, *, show_company: bool = True):  # noqa: ANN001, ANN202
    town = world.author.municipality
    place = make_placement(town, company=make_company(town, name="Netto Syd"), kind=PlacementKind.PAID_HOURS,
                           sector="Detail")  # fmt: skip
    mine = placements.choose(world.author, place, start=day(0), hours=10, key=new_key())
    card = write(db, world.author, "Jeg turde spørge kunden selv.", Visibility.GROUP, assignment_id=mine.id)
    if not show_company:
        from app.reflections import services

        services.share(world.author, card, Visibility.GROUP, None, show_company=False)
    db.session.commit()
    return card


def test_the_group_sees_kind_and_sector_and_the_company_if_shown(db, world, clients) -> None:  # noqa: ANN001
    card = _placement_card(db, world)
    peer = clients.for_(world.peer)
    for path in ("/reflections", f"/reflections/{card.id}"):
        html = peer.get(path).get_data(as_text=True)
        assert "Løntimer · Detail · Netto Syd" in html, path


def test_the_author_can_leave_the_company_out(db, world, clients) -> None:  # noqa: ANN001
    card = _placement_card(db, world, show_company=False)
    html = clients.for_(world.peer).get(f"/reflections/{card.id}").get_data(as_text=True)
    assert "Detail" in html and "Netto Syd" not in html


def test_a_member_reacts_with_one_tap_and_the_author_sees_a_count(db, world, clients) -> None:  # noqa: ANN001
    card = write(db, world.author, "Første dag gik godt.", Visibility.GROUP)
    peer = clients.for_(world.peer)
    assert post_form(peer, f"/reflections/{card.id}/react", {"kind": "helped"}).status_code == 302
    assert post_form(peer, f"/reflections/{card.id}/react", {"kind": "thanks"}).status_code == 302
    page = peer.get(f"/reflections/{card.id}").get_data(as_text=True)
    assert page.count('aria-pressed="true"') == 2
    author = clients.for_(world.author)
    mine = author.get(f"/reflections/{card.id}").get_data(as_text=True)
    assert "Det hjalp mig: 1" in mine and "Tak for at dele: 1" in mine
    assert "Bo" not in mine.split("Reaktioner fra din gruppe")[1].split("</section>")[0]  # how many, not who
    assert "Det hjalp mig: 1" in author.get("/reflections").get_data(as_text=True)
    post_form(peer, f"/reflections/{card.id}/react", {"kind": "helped"})  # a second tap takes it back
    assert db.session.scalar(select(func.count()).select_from(ReflectionReaction)) == 1
    assert db.session.scalar(select(ReflectionReaction.kind)) is Reaction.THANKS


def test_nobody_outside_the_group_or_the_author_can_react(db, world, clients) -> None:  # noqa: ANN001
    card = write(db, world.author, "Kun til mig selv.", Visibility.FACILITATORS)
    shared = write(db, world.author, "Til gruppen.", Visibility.GROUP)
    for person in (world.other_member, world.outsider, world.foreign_member, world.former):
        assert post_form(clients.for_(person), f"/reflections/{shared.id}/react", {"kind": "helped"}).status_code == 404
    assert post_form(clients.for_(world.peer), f"/reflections/{card.id}/react", {"kind": "helped"}).status_code == 404
    assert (
        post_form(clients.for_(world.author), f"/reflections/{shared.id}/react", {"kind": "helped"}).status_code == 404
    )
    assert (
        post_form(clients.for_(world.facilitator), f"/reflections/{shared.id}/react", {"kind": "helped"}).status_code
        == 403
    )
    assert db.session.scalar(select(func.count()).select_from(ReflectionReaction)) == 0
