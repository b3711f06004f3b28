"""A full placement's page over HTTP: "Tell me when a seat is free", the person's number in line, leaving it, and
a held seat taken with the page's own choose form; the offer is in the inbox with the placement's name."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import Role
from app.placements import services
from app.placements.models import Assignment, AssignmentStatus, WaitlistEntry, WaitStatus
from tests.conftest import post_form
from tests.factories import make_municipality, make_placement, make_user
from tests.placements.support import day, new_key


def _full(db):  # noqa: ANN001, ANN202
    town = make_municipality()
    place = make_placement(town, seats=1, title="Lagerhjælper")
    holder = make_user(Role.PARTICIPANT, town)
    assignment = services.choose(holder, place, start=day(0), hours=10, key=new_key())
    me = make_user(Role.PARTICIPANT, town, language="da")
    return town, place, holder, assignment, me


def test_join_see_your_number_and_leave(client, db, login_as) -> None:  # noqa: ANN001
    town, place, _holder, _a, me = _full(db)
    ahead = make_user(Role.PARTICIPANT, town)
    from app.placements import waitlist

    waitlist.join(ahead, place)
    login_as(client, me)
    page = client.get(f"/placements/{place.id}").get_data(as_text=True)
    assert "Giv mig besked, når der er en ledig plads" in page
    assert post_form(client, f"/placements/{place.id}/wait").status_code == 302
    page = client.get(f"/placements/{place.id}").get_data(as_text=True)
    assert "Du er nummer 2 på ventelisten" in page
    assert post_form(client, f"/placements/{place.id}/wait/leave").status_code == 302
    assert "Giv mig besked" in client.get(f"/placements/{place.id}").get_data(as_text=True)


def test_a_held_seat_is_taken_with_the_pages_form_and_told_in_the_inbox(client, db, login_as) -> None:  # noqa: ANN001
    _town, place, holder, assignment, me = _full(db)
    login_as(client, me)
    post_form(client, f"/placements/{place.id}/wait")
    services.end(holder, assignment, last_day=day(0), reason="")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Der er en ledig plads til dig" in inbox and "Lagerhjælper" in inbox
    page = client.get(f"/placements/{place.id}").get_data(as_text=True)
    assert "Der er en plads til dig" in page and "Nej tak, giv pladsen videre" in page
    key = re.search(r'name="choose-key" type="hidden" value="([^"]+)"', page).group(1)
    data = {"choose-key": key, "choose-hours": "10", "choose-start_date": day(1).isoformat()}
    assert post_form(client, f"/placements/{place.id}/choose", data).status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(select(Assignment).where(Assignment.user_id == me.id))
    assert mine.status is AssignmentStatus.ACTIVE
    assert db.session.scalar(select(WaitlistEntry.status).where(WaitlistEntry.user_id == me.id)) is WaitStatus.TOOK


def test_staff_and_other_towns_cannot_use_the_line(client, db, login_as) -> None:  # noqa: ANN001
    town, place, _holder, _a, _me = _full(db)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert post_form(client, f"/placements/{place.id}/wait").status_code == 403
    login_as(client, make_user(Role.PARTICIPANT, make_municipality()))
    assert post_form(client, f"/placements/{place.id}/wait").status_code == 404
