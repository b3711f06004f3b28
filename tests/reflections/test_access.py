"""Who can open a reflection: private → only the author; shared → exactly the chosen audience, right now.

Every other person gets a 404 (never a 403 that would reveal it exists) and never sees it in any list.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.db import utcnow
from app.groups.models import Membership
from app.meetings.schedule import new_meeting
from app.reflections import services
from app.reflections.models import Visibility
from tests.conftest import post_form
from tests.factories import add_to_group
from tests.reflections.conftest import list_url_for, own_url, staff_url, url_for_reader, write

SECRET = "Min mor er syg, og jeg sov kun tre timer"

# Who may open it, by visibility (everyone else in the world gets a 404).
AUDIENCE = {
    Visibility.PRIVATE: {"author"},
    Visibility.FACILITATORS: {"author", "facilitator", "admin_facilitator"},
    Visibility.GROUP: {"author", "peer", "facilitator", "admin_facilitator"},
}
# Whose lists show it: the author's own list, the facilitators' feed, the group's experience cards.
LISTED_FOR = {
    Visibility.PRIVATE: {"author"},
    Visibility.FACILITATORS: {"author", "facilitator", "admin_facilitator"},
    Visibility.GROUP: {"author", "peer", "facilitator", "admin_facilitator"},
}


def _link(reflection_id: int) -> str:
    return f'reflections/{reflection_id}"'


@pytest.mark.parametrize("visibility", list(Visibility), ids=lambda v: v.value)
def test_only_the_chosen_audience_can_open_it(db, world, clients, visibility):
    reflection = write(db, world.author, SECRET, visibility)
    outcome = {}
    for name in world.reader_names():
        user = getattr(world, name)
        response = clients.for_(user).get(url_for_reader(user, reflection.id))
        outcome[name] = response.status_code
        if response.status_code == 404:
            assert SECRET not in response.get_data(as_text=True)
        else:
            assert SECRET in response.get_data(as_text=True), name
    expected = {name: 200 if name in AUDIENCE[visibility] else 404 for name in world.reader_names()}
    assert outcome == expected


@pytest.mark.parametrize("visibility", list(Visibility), ids=lambda v: v.value)
def test_lists_show_it_only_to_the_chosen_audience(db, world, clients, visibility):
    reflection = write(db, world.author, SECRET, visibility)
    shown = set()
    for name in world.reader_names():
        user = getattr(world, name)
        response = clients.for_(user).get(list_url_for(user))
        assert response.status_code == 200, name
        if _link(reflection.id) in response.get_data(as_text=True):
            shown.add(name)
        if name != "author":  # lists never show someone else's text, only a link
            assert SECRET not in response.get_data(as_text=True), name
    assert shown == LISTED_FOR[visibility]


def test_services_agree_with_the_pages(db, world):
    """feed() and group_cards() (used by other pages) follow the same rule."""
    private = write(db, world.author, "privat", Visibility.PRIVATE)
    to_staff = write(db, world.author, "til facilitator", Visibility.FACILITATORS)
    card = write(db, world.author, "til gruppen", Visibility.GROUP)

    def feed_ids(user):  # noqa: ANN001, ANN202
        return {item.reflection.id for item in services.feed(user)}

    assert feed_ids(world.facilitator) == {to_staff.id, card.id}
    assert {r.id for r in services.group_cards(world.peer)} == {card.id}
    for name in world.reader_names():
        user = getattr(world, name)
        if name == "author":
            continue
        assert private.id not in feed_ids(user) | {r.id for r in services.group_cards(user)}, name
    for name in ("other_facilitator", "other_member", "former", "outsider", "admin", "foreign_facilitator",
                 "foreign_member", "peer"):  # fmt: skip
        assert to_staff.id not in feed_ids(getattr(world, name)), name


def test_wrong_role_gets_the_same_403_whether_or_not_it_exists(db, world, clients):
    """Staff cannot use the participant pages and participants cannot use the staff pages; the answer does not
    depend on whether the id exists."""
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    missing = reflection.id + 1000
    for user, urls in ((world.facilitator, own_url), (world.peer, staff_url)):
        client = clients.for_(user)
        assert client.get(urls(reflection.id)).status_code == client.get(urls(missing)).status_code == 403
    assert clients.for_(world.peer).get("/staff/reflections").status_code == 403


def test_withdrawal_takes_effect_on_the_next_request(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    staff, peer, author = (clients.for_(u) for u in (world.facilitator, world.peer, world.author))
    assert staff.get(staff_url(reflection.id)).status_code == 200
    assert peer.get(own_url(reflection.id)).status_code == 200

    answer = post_form(author, f"/reflections/{reflection.id}/share", {"visibility": "private", "until": ""})
    assert answer.status_code == 302

    assert staff.get(staff_url(reflection.id)).status_code == 404
    assert peer.get(own_url(reflection.id)).status_code == 404
    assert _link(reflection.id) not in staff.get("/staff/reflections").get_data(as_text=True)
    assert _link(reflection.id) not in peer.get("/reflections").get_data(as_text=True)
    assert author.get(own_url(reflection.id)).status_code == 200


def test_narrowing_from_group_to_facilitators_shuts_the_group_out(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    peer = clients.for_(world.peer)
    assert peer.get(own_url(reflection.id)).status_code == 200
    post_form(clients.for_(world.author), f"/reflections/{reflection.id}/share", {"visibility": "facilitators"})
    assert peer.get(own_url(reflection.id)).status_code == 404
    assert clients.for_(world.facilitator).get(staff_url(reflection.id)).status_code == 200


def test_shared_until_today_is_shared_and_until_yesterday_is_private(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP, until=services.today())
    staff, peer = clients.for_(world.facilitator), clients.for_(world.peer)
    assert staff.get(staff_url(reflection.id)).status_code == 200
    assert peer.get(own_url(reflection.id)).status_code == 200

    reflection.shared_until = services.today() - timedelta(days=1)  # the day passed
    db.session.commit()

    assert staff.get(staff_url(reflection.id)).status_code == 404
    assert peer.get(own_url(reflection.id)).status_code == 404
    assert _link(reflection.id) not in staff.get("/staff/reflections").get_data(as_text=True)
    assert _link(reflection.id) not in peer.get("/reflections").get_data(as_text=True)
    assert clients.for_(world.author).get(own_url(reflection.id)).status_code == 200


def test_a_facilitator_who_left_the_group_loses_access(db, world, clients):

    reflection = write(db, world.author, SECRET, Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)
    assert staff.get(staff_url(reflection.id)).status_code == 200
    membership = db.session.query(Membership).filter_by(user_id=world.facilitator.id).one()
    membership.left_at = utcnow()
    db.session.commit()
    assert staff.get(staff_url(reflection.id)).status_code == 404


def test_when_the_author_moves_group_only_the_new_group_sees_it(db, world, clients):
    """'My facilitators' and 'my group' mean the author's current group, not the one they wrote it in."""

    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    membership = db.session.query(Membership).filter_by(user_id=world.author.id, left_at=None).one()
    membership.left_at = utcnow()
    db.session.commit()
    add_to_group(world.other_group, world.author)

    assert clients.for_(world.facilitator).get(staff_url(reflection.id)).status_code == 404
    assert clients.for_(world.peer).get(own_url(reflection.id)).status_code == 404
    assert clients.for_(world.other_facilitator).get(staff_url(reflection.id)).status_code == 200
    assert clients.for_(world.other_member).get(own_url(reflection.id)).status_code == 200


def test_unknown_and_garbage_ids_are_404(db, world, clients):
    staff, author = clients.for_(world.facilitator), clients.for_(world.author)
    for path in ("/staff/reflections/999999", "/staff/reflections/99999999999999999999", "/staff/reflections/-1"):
        assert staff.get(path).status_code == 404, path
    for path in ("/reflections/999999", "/reflections/99999999999999999999", "/reflections/abc"):
        assert author.get(path).status_code == 404, path


def test_meeting_and_group_pages_show_only_experience_cards(db, world, clients):
    """The group's meeting pages (and the group page) list experience cards, never private or facilitator-only ones."""
    meeting = new_meeting(world.group, services.today() + timedelta(days=1))
    db.session.add(meeting)
    db.session.commit()
    private = write(db, world.author, SECRET, Visibility.PRIVATE)
    to_staff = write(db, world.author, SECRET, Visibility.FACILITATORS)
    card = write(db, world.author, SECRET, Visibility.GROUP)
    expired = write(db, world.author, SECRET, Visibility.GROUP, until=services.today())
    expired.shared_until = services.today() - timedelta(days=1)
    db.session.commit()

    pages = {
        "peer's meeting page": (world.peer, f"/meetings/{meeting.id}"),
        "author's meeting page": (world.author, f"/meetings/{meeting.id}"),
        "facilitator's meeting page": (world.facilitator, f"/staff/meetings/{meeting.id}"),
        "facilitator's group page": (world.facilitator, f"/staff/groups/{world.group.id}"),
    }
    for where, (user, path) in pages.items():
        response = clients.for_(user).get(path)
        assert response.status_code == 200, where
        page = response.get_data(as_text=True)
        assert SECRET not in page, where
        for hidden in (private, to_staff, expired):
            assert _link(hidden.id) not in page, (where, hidden.visibility)
        if user is not world.author:
            assert _link(card.id) in page, where
