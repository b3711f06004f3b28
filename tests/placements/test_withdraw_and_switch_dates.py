"""Switch dates never overlap, and a placement that never started is withdrawn, not history.

Choosing a placement that starts on Thursday and switching with the page's default date used to end the old one
"3. dec – 3. dec" while the new one also held that day, and the never-started one showed under "What I have tried".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.placements import services
from app.placements.models import Assignment, AssignmentStatus, ChangeKind, PlacementChange
from tests.conftest import post_form
from tests.factories import make_municipality, make_placement
from tests.placements.support import day, new_key, participant


@pytest.fixture
def town():
    return make_municipality()


def _held_days(assignment: Assignment) -> set[date]:
    if assignment.status is AssignmentStatus.WITHDRAWN:
        return set()
    last = assignment.end_date or assignment.start_date + timedelta(days=60)
    return {assignment.start_date + timedelta(days=i) for i in range((last - assignment.start_date).days + 1)}


@pytest.mark.parametrize("old_start", [0, 1, 2, 5, -10])
@pytest.mark.parametrize("new_start", [0, 1, 2, 7])
def test_a_switch_never_leaves_two_placements_on_one_day(town, old_start, new_start) -> None:  # noqa: ANN001
    me = participant(town)
    old = services.choose(me, make_placement(town), start=max(day(0), day(old_start)), hours=10, key=new_key())
    if old_start < 0:  # it started ten days ago
        old.start_date = day(old_start)
        db.session.commit()
    new = services.switch(me, old, make_placement(town), start=day(new_start), hours=10, lesson="", key=new_key())
    db.session.refresh(old)
    assert not _held_days(old) & _held_days(new)
    if old.start_date >= new.start_date:
        assert (old.status, old.end_date) == (AssignmentStatus.WITHDRAWN, None)
    else:
        assert (old.status, old.end_date) == (AssignmentStatus.ENDED, new.start_date - timedelta(days=1))


def test_withdrawing_before_the_first_day_frees_the_seat_and_leaves_no_history(town) -> None:  # noqa: ANN001
    me = participant(town)
    place = make_placement(town, seats=1)
    mine = services.choose(me, place, start=day(3), hours=10, key=new_key())
    services.withdraw(me, mine)
    db.session.expire_all()
    assert (mine.status, mine.end_date, place.taken) == (AssignmentStatus.WITHDRAWN, None, 0)
    assert services.choose(participant(town), place, start=day(1), hours=10, key=new_key())  # the seat is free
    current, past = services_timeline(me)
    assert current == past == []
    kinds = db.session.scalars(select(PlacementChange.kind).order_by(PlacementChange.id)).all()
    assert kinds[:2] == [ChangeKind.CHOSE, ChangeKind.WITHDREW]


def test_a_started_placement_cannot_be_withdrawn(town) -> None:  # noqa: ANN001
    me = participant(town)
    mine = services.choose(me, make_placement(town), start=day(0), hours=10, key=new_key())
    with pytest.raises(DomainError):
        services.withdraw(me, mine)


def services_timeline(me):  # noqa: ANN001, ANN201
    from app.placements.queries import timeline

    return timeline(me, services.today())


def _default_switch_start(html: str) -> str:
    return re.search(r'id="switch-start_date"[^>]*value="([0-9-]+)"', html).group(1)


def test_the_switch_with_the_pages_default_date_on_a_thursday_start(client, db, login_as, town) -> None:  # noqa: ANN001
    """The example: chosen to start on the next weekday, then switched with the date the page suggests."""
    me = participant(town)
    me.language = "da"
    first, second = make_placement(town, title="Lager"), make_placement(town, title="Café")
    db.session.commit()
    services.choose(me, first, start=services.next_weekday(services.today()), hours=10, key=new_key())
    login_as(client, me)
    page = client.get(f"/placements/{second.id}").get_data(as_text=True)
    old = db.session.scalar(select(Assignment).where(Assignment.placement_id == first.id))
    data = {
        "switch-from_assignment": str(old.id),
        "switch-start_date": _default_switch_start(page),
        "switch-hours": "10",
        "switch-key": new_key(),
    }
    assert post_form(client, f"/placements/{second.id}/switch", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, old.id).status is AssignmentStatus.WITHDRAWN
    mine = client.get("/placements/mine").get_data(as_text=True)
    assert "Det har jeg prøvet" not in mine and "Lager" not in mine  # never started: not history


def test_the_stop_button_of_a_placement_not_started_withdraws_it(client, db, login_as, town) -> None:  # noqa: ANN001
    me = participant(town)
    me.language = "da"
    db.session.commit()
    mine = services.choose(me, make_placement(town), start=day(2), hours=10, key=new_key())
    login_as(client, me)
    assert "Jeg starter alligevel ikke" in client.get("/placements/mine").get_data(as_text=True)
    page = client.get(f"/placements/mine/{mine.id}/end").get_data(as_text=True)
    assert "Ja, jeg starter ikke" in page
    assert post_form(client, f"/placements/mine/{mine.id}/end", {"withdraw": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, mine.id).status is AssignmentStatus.WITHDRAWN
    assert "Det har jeg prøvet" not in client.get("/placements/mine").get_data(as_text=True)
