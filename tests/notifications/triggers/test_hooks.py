"""What the features notify, to whom exactly, and always in the feature's own transaction."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

import pytest

from app import create_app, signals
from app.accounts.models import Role
from app.db import utcnow
from app.events import services as events
from app.events import staff_services as event_staff
from app.extensions import db as _db
from app.groups import messages
from app.groups import services as group_services
from app.groups.models import MemberRole
from app.meetings import schedule
from app.meetings.models import Meeting
from app.notifications.models import DeliveryStatus, Kind
from app.notifications.reminders import evening_before, schedule_due
from app.placements import follows as sectors
from app.placements import services as placements
from app.placements import staff_services as staff_placements
from app.reflections import services as reflections
from app.reflections.models import Reflection, Visibility
from app.timeutil import local_today, to_local
from tests.factories import make_company, make_event, make_placement, make_user
from tests.notifications.triggers.conftest import add_device, deliveries, ids, meeting_at, notes, recipients, statuses
from tests.placements.support import day, new_key, participant


def soon(db, world, hours: int) -> Meeting:  # noqa: ANN001
    """A meeting of the first group starting in about `hours` hours (local wall clock, whole minutes)."""
    start = to_local(utcnow() + timedelta(hours=hours))
    return meeting_at(db, world.group, start.date(), time(start.hour, start.minute))


def move(world, meeting: Meeting, *, days: int = 0, hours: int = 0, place: str | None = None) -> None:  # noqa: ANN001
    new = to_local(meeting.starts_at + timedelta(days=days, hours=hours))
    schedule.move_meeting(world.facilitator, meeting, day=new.date(), at=new.time(), place=place or meeting.place,
                          agenda="")  # fmt: skip


# Meetings


@pytest.mark.parametrize(("hours", "urgent"), [(6, True), (72, False)], ids=["within a day", "in three days"])
def test_a_moved_meeting_is_told_to_its_members_urgently_when_soon(db, world, hours, urgent):
    meeting = soon(db, world, hours)
    new_start = meeting.starts_at + timedelta(hours=1)
    move(world, meeting, hours=1)
    (first, *_rest) = moved = notes(db, Kind.MEETING_MOVED)
    assert sorted(n.user_id for n in moved) == ids(*world.members)
    assert all(n.urgent is urgent and n.url == f"/meetings/{meeting.id}" and n.object_id == meeting.id for n in moved)
    assert first.expires_at == new_start == meeting.starts_at


def test_changing_only_the_agenda_tells_nobody_and_a_new_place_does(db, world):
    meeting = soon(db, world, 72)
    move(world, meeting)
    assert notes(db, Kind.MEETING_MOVED) == []
    move(world, meeting, place="Biblioteket")
    assert recipients(db, Kind.MEETING_MOVED) == ids(*world.members)


@pytest.mark.parametrize(("hours", "urgent"), [(20, True), (30, False)])
def test_a_cancelled_meeting_is_told_to_its_members_and_its_reminders_withdrawn(db, world, hours, urgent):
    meeting = soon(db, world, hours)
    for person in world.members:
        add_device(db, person)
    schedule_due(utcnow())
    schedule.cancel_meeting(world.facilitator, meeting, "Sygdom")
    schedule.cancel_meeting(world.facilitator, meeting, "Sygdom")  # twice: told once
    cancelled = notes(db, Kind.MEETING_CANCELLED)
    assert sorted(n.user_id for n in cancelled) == ids(*world.members)
    assert all(n.urgent is urgent for n in cancelled)
    assert set(statuses(db, Kind.MEETING_REMINDER)) <= {DeliveryStatus.WITHDRAWN}
    assert statuses(db, Kind.MEETING_CANCELLED) == [DeliveryStatus.QUEUED] * 3


def test_a_past_meeting_cancelled_afterwards_tells_nobody(db, world):
    meeting = meeting_at(db, world.group, local_today(utcnow()) - timedelta(days=7), time(10))
    schedule.cancel_meeting(world.facilitator, meeting, "Fejl")
    assert notes(db) == []


# Placements


def test_placement_changes_go_to_the_facilitators_of_the_participants_group_only(db, world):
    me = world.members[0]
    first = placements.choose(me, make_placement(world.town), start=day(1), hours=10, key=new_key())
    placements.adjust_hours(me, first, hours=12, effective=day(3))
    second = placements.switch(me, first, make_placement(world.town), start=day(5), hours=8, lesson="",
                               key=new_key())  # fmt: skip
    placements.end(me, second, last_day=day(9), reason="")
    changes = notes(db, Kind.PLACEMENT_CHANGE)
    assert sorted(n.user_id for n in changes) == sorted(ids(world.facilitator, world.cofacilitator) * 4)
    assert {n.url for n in changes} == {f"/staff/placements/people/{me.id}"}
    assert recipients(db) == sorted(ids(world.facilitator, world.cofacilitator) * 4)  # nobody else, not `me`


def test_placement_changes_follow_the_participant_and_the_facilitator_to_their_groups_now(db, world):
    me = world.members[0]
    group_services.move_member(world.admin, me, world.other_group)  # the old membership has ended
    group_services.end_membership(world.admin, group_services.current_members(
        world.other_group, MemberRole.FACILITATOR)[0])  # fmt: skip
    group_services.add_cofacilitator(world.admin, world.other_group, world.cofacilitator)
    placements.choose(me, make_placement(world.town), start=day(1), hours=10, key=new_key())
    assert recipients(db, Kind.PLACEMENT_CHANGE) == [world.cofacilitator.id]


def test_a_participant_without_a_group_tells_nobody(db, world):
    loner = participant(world.town)
    placements.choose(loner, make_placement(world.town), start=day(1), hours=10, key=new_key())
    assert notes(db) == []


def test_each_app_has_its_own_listeners_connected_once(app):
    other = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    bare = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "DOMAIN_LISTENERS": False}
    )
    for event in signals.ALL_EVENTS:
        assert len(event.receivers(app)) == 1, event.name
        assert len(event.receivers(other)) == 1, event.name
        assert event.receivers(bare) == [], event.name


def test_an_app_without_listeners_sends_events_to_nobody(app):
    bare = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "DOMAIN_LISTENERS": False}
    )
    heard: list[SimpleNamespace] = []
    bare_change, full_change = SimpleNamespace(user_id=0), SimpleNamespace(user_id=0)  # nobody's facilitators
    with app.app_context(), signals.placement_changed.connected_to(app, lambda _app, change: heard.append(change)):
        with bare.app_context():
            signals.placement_changed.send(change=bare_change)  # no listener of the full app hears it
        signals.placement_changed.send(change=full_change)
    assert heard == [full_change]


# Reflections


def _reflection(db, world) -> Reflection:  # noqa: ANN001
    return reflections.write(world.members[0], text="Jeg lærte at lappe et dæk.")


def test_sharing_tells_the_authors_facilitators_once_and_never_while_private(db, world):
    reflection = _reflection(db, world)
    reflections.share(world.members[0], reflection, Visibility.PRIVATE, None)
    assert notes(db) == []
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, None)
    shared = notes(db, Kind.REFLECTION_SHARED)
    assert sorted(n.user_id for n in shared) == ids(world.facilitator, world.cofacilitator)
    assert {n.url for n in shared} == {f"/staff/reflections/{reflection.id}"}
    reflections.share(world.members[0], reflection, Visibility.GROUP, None)  # already readable: a re-save
    reflections.share(world.members[0], reflection, Visibility.PRIVATE, None)
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, None)  # again: still told once
    assert recipients(db) == ids(world.facilitator, world.cofacilitator)


def test_a_resave_tells_nobody_new_even_a_facilitator_who_joined_since(db, world):
    reflection = _reflection(db, world)
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, None)
    newcomer = make_user(Role.FACILITATOR, world.town)
    group_services.add_cofacilitator(world.admin, world.group, newcomer)
    reflections.share(world.members[0], reflection, Visibility.GROUP, None)
    assert newcomer.id not in recipients(db)


def test_sharing_an_expired_reflection_again_tells_the_new_facilitators(db, world):
    reflection = _reflection(db, world)
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, reflections.today())
    assert len(notes(db, Kind.REFLECTION_SHARED)) == 2
    reflection = db.session.get(Reflection, reflection.id)
    reflection.shared_until = reflections.today() - timedelta(days=1)  # it ran out yesterday
    db.session.commit()
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, reflections.today())
    assert len(notes(db, Kind.REFLECTION_SHARED)) == 2  # readable again, but both were told once already


def test_a_response_tells_the_author_and_the_other_facilitators_not_the_responder(db, world):
    reflection = _reflection(db, world)
    reflections.share(world.members[0], reflection, Visibility.FACILITATORS, None)
    reflections.respond(world.facilitator, reflection.id, "Flot klaret!")
    responses = {n.user_id: n.url for n in notes(db, Kind.REFLECTION_RESPONSE)}
    assert responses == {
        world.members[0].id: f"/reflections/{reflection.id}",
        world.cofacilitator.id: f"/staff/reflections/{reflection.id}",
    }


# Events


def test_a_cancelled_event_withdraws_its_queued_reminders(db, world):
    event = make_event(world.town)
    for person in world.members:
        events.sign_up(person, event)
        add_device(db, person)
    assert schedule_due(evening_before(event.starts_at)) == 3
    event_staff.cancel_event(world.facilitator, event)
    assert statuses(db, Kind.EVENT_REMINDER) == [DeliveryStatus.WITHDRAWN] * 3


def test_a_cancelled_event_is_told_to_those_signed_up_only(db, world):
    event = make_event(world.town)
    signed_up, other = world.members[0], world.members[1]
    events.sign_up(signed_up, event)
    event_staff.cancel_event(world.facilitator, event)
    event_staff.cancel_event(world.facilitator, event)  # twice: nothing more
    [note] = notes(db, Kind.EVENT_CANCELLED)
    assert note.user_id == signed_up.id != other.id
    assert note.object_id == event.id and note.url == f"/events/{event.id}"


# One transaction


def _trigger(name: str, db, world):  # noqa: ANN001, ANN202
    """Set the scene (committed) and return the call that makes the event."""
    me = world.members[0]
    if name in ("move", "cancel"):
        meeting = soon(db, world, 48)
        if name == "move":
            return lambda: move(world, meeting, days=1)
        return lambda: schedule.cancel_meeting(world.facilitator, meeting, "Sygdom")
    if name == "placement change":
        placement = make_placement(world.town)
        return lambda: placements.choose(me, placement, start=day(1), hours=10, key=new_key())
    if name == "new placement":
        company = make_company(world.town, sector="Detail")
        make_placement(world.town, sector="Detail")
        sectors.follow(me, "Detail")
        values = {"company_id": company.id, "title": "Kasse", "kind": "internship", "hours_min": 5, "hours_max": 10,
                  "seats": 2, "sector": "Detail"}  # fmt: skip
        return lambda: staff_placements.create_placement(world.facilitator, **values)
    if name == "group message":
        return lambda: messages.post_message(world.facilitator, world.group, "Husk madpakke")
    reflection = _reflection(db, world)
    if name == "share":
        return lambda: reflections.share(me, reflection, Visibility.GROUP, None)
    reflections.share(me, reflection, Visibility.FACILITATORS, None)
    return lambda: reflections.respond(world.facilitator, reflection.id, "Flot!")


@pytest.mark.parametrize(
    "name", ["move", "cancel", "placement change", "new placement", "group message", "share", "respond"]
)
def test_when_the_features_commit_fails_there_is_no_notification(db, world, monkeypatch, name):
    for person in (*world.members, world.facilitator, world.cofacilitator):
        add_device(db, person)
    make_it_happen = _trigger(name, db, world)
    before = len(notes(db))

    def boom() -> None:
        raise RuntimeError("the database went away at the commit")

    monkeypatch.setattr(_db.session, "commit", boom)
    with pytest.raises(RuntimeError):
        make_it_happen()
    monkeypatch.undo()
    _db.session.rollback()  # what the request teardown does
    assert len(notes(db)) == before

    make_it_happen()  # the control: the same event, committed, does notify
    assert len(notes(db)) > before and deliveries(db)
