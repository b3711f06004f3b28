"""Who needs attention (app/people/attention.py): each rule on a hand-built group, with its boundary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.db import utcnow
from app.extensions import db as _db
from app.groups.models import Group, Membership
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from app.meetings.schedule import new_meeting
from app.people.attention import (
    ENDED_WITHIN,
    NEXT_MEETING_WITHIN,
    NO_PLACEMENT_AFTER,
    RESPONSE_WITHIN,
    TALK_WITHIN,
    Reason,
    needs_attention,
)
from app.placements.models import Assignment, AssignmentStatus
from app.reflections import services as reflections
from app.reflections.models import Visibility
from app.timeutil import local_today
from tests.factories import add_to_group, make_group, make_municipality, make_placement, make_user

NOW = utcnow().replace(microsecond=0)
LONG_AGO = NOW - timedelta(days=120)


@dataclass
class Group1:
    facilitator: User
    group: Group
    people: list[User]


@pytest.fixture
def g(db) -> Group1:  # noqa: ANN001
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    group = make_group(town)
    add_to_group(group, facilitator, "facilitator", joined_at=LONG_AGO)
    people = [make_user(Role.PARTICIPANT, town, name=f"Ung {n}") for n in range(3)]
    for person in people:
        add_to_group(group, person, joined_at=LONG_AGO)
    return Group1(facilitator, group, people)


def reasons(actor: User) -> dict[str, set[Reason]]:
    return {p.name: {f.reason for f in p.flags} for p in needs_attention(actor, now=NOW)}


def meeting(group: Group, starts: datetime, *, cancelled: bool = False) -> Meeting:
    m = new_meeting(group, local_today(starts))
    m.starts_at, m.ends_at = starts, starts + timedelta(hours=2)
    m.cancelled_at = starts - timedelta(days=1) if cancelled else None
    _db.session.add(m)
    _db.session.commit()
    return m


def answer(m: Meeting, person: User, value: Answer = Answer.YES) -> None:
    _db.session.add(Rsvp(meeting_id=m.id, user_id=person.id, answer=value, answered_at=NOW - timedelta(hours=1)))
    _db.session.commit()


def came(m: Meeting, person: User) -> None:
    _db.session.add(
        Attendance(meeting_id=m.id, user_id=person.id, method=CheckinMethod.CODE, checked_in_at=m.starts_at)
    )
    _db.session.commit()


def placed(person: User, *, active: bool = True, ended_at: datetime | None = None) -> Assignment:
    placement = make_placement(person.municipality)
    a = Assignment(user_id=person.id, placement_id=placement.id, start_date=date(2026, 1, 5), weekly_hours=10)
    if not active:
        a.status, a.end_date, a.ended_at = AssignmentStatus.ENDED, date(2026, 2, 1), ended_at
    _db.session.add(a)
    _db.session.commit()
    return a


def membership_of(person: User) -> Membership:
    return _db.session.scalars(select(Membership).where(Membership.user_id == person.id)).one()


def everyone_placed(g: Group1) -> None:
    for person in g.people:
        placed(person)


def test_no_one_needs_attention_when_all_is_well(g):
    everyone_placed(g)
    assert reasons(g.facilitator) == {}


def test_no_answer_to_the_next_meeting_within_a_week(g):
    everyone_placed(g)
    nxt = meeting(g.group, NOW + timedelta(days=2))
    meeting(g.group, NOW + timedelta(days=9))  # the one after: not asked about yet
    answer(nxt, g.people[0])
    answer(nxt, g.people[1], Answer.NO)
    assert reasons(g.facilitator) == {"Ung 2": {Reason.NO_ANSWER}}
    flag = needs_attention(g.facilitator, now=NOW)[0].flags[0]
    assert flag.object_id == nxt.id


def test_no_answer_is_not_asked_of_a_meeting_more_than_a_week_away(g):
    everyone_placed(g)
    later = meeting(g.group, NOW + NEXT_MEETING_WITHIN + timedelta(minutes=1))
    assert reasons(g.facilitator) == {}
    later.starts_at = NOW + NEXT_MEETING_WITHIN  # exactly a week ahead: now it is asked about
    _db.session.commit()
    assert set(reasons(g.facilitator)) == {"Ung 0", "Ung 1", "Ung 2"}


def test_a_cancelled_next_meeting_asks_nothing(g):
    everyone_placed(g)
    meeting(g.group, NOW + timedelta(days=1), cancelled=True)
    assert reasons(g.facilitator) == {}


def test_not_seen_at_exactly_the_last_two_meetings(g):
    everyone_placed(g)
    older, last = meeting(g.group, NOW - timedelta(days=14)), meeting(g.group, NOW - timedelta(days=7))
    early = meeting(g.group, NOW - timedelta(days=21))
    for person in g.people:
        came(early, person)
    came(older, g.people[0])  # missed only the last one: once is not a pattern
    came(last, g.people[1])  # missed only the one before
    assert reasons(g.facilitator) == {"Ung 2": {Reason.NOT_SEEN}}


def test_not_seen_needs_two_meetings_since_joining(g):
    everyone_placed(g)
    newcomer = make_user(Role.PARTICIPANT, g.facilitator.municipality, name="Ny")
    placed(newcomer)
    add_to_group(g.group, newcomer, joined_at=NOW - timedelta(days=10))
    for m in (meeting(g.group, NOW - timedelta(days=14)), meeting(g.group, NOW - timedelta(days=7))):
        for person in g.people:
            came(m, person)
    assert reasons(g.facilitator) == {}  # the newcomer was only a member for one of the two


def test_cancelled_and_ongoing_meetings_do_not_count_as_missed(g):
    everyone_placed(g)
    meeting(g.group, NOW - timedelta(days=7), cancelled=True)
    meeting(g.group, NOW - timedelta(hours=1))  # going on now
    m = meeting(g.group, NOW - timedelta(days=14))
    for person in g.people[:2]:
        came(m, person)
    assert reasons(g.facilitator) == {}  # Ung 2 missed one real meeting only


def test_no_placement_from_exactly_three_weeks_after_joining(g):
    joined = (NOW - NO_PLACEMENT_AFTER, NOW - NO_PLACEMENT_AFTER + timedelta(minutes=1), LONG_AGO)
    for person, when in zip(g.people, joined, strict=True):
        membership_of(person).joined_at = when
    _db.session.commit()
    placed(g.people[2])
    assert reasons(g.facilitator) == {"Ung 0": {Reason.NO_PLACEMENT}}


def test_placement_just_ended_until_two_weeks_after(g):
    placed(g.people[0], active=False, ended_at=NOW - ENDED_WITHIN)
    placed(g.people[1], active=False, ended_at=NOW - ENDED_WITHIN - timedelta(minutes=1))
    placed(g.people[1])  # and started another: fine
    placed(g.people[2], active=False, ended_at=NOW - timedelta(days=2))
    placed(g.people[2])  # switched: a new one is going
    found = reasons(g.facilitator)
    assert found["Ung 0"] == {Reason.PLACEMENT_ENDED, Reason.NO_PLACEMENT}
    assert "Ung 1" not in found and "Ung 2" not in found


def test_a_shared_reflection_unread_then_waiting_for_a_response(g):
    everyone_placed(g)
    me = g.people[0]
    private = reflections.write(me, text="Kun til mig")
    shared = reflections.write(me, text="Jeg lærte at tale med kunder.")
    reflections.share(me, shared, Visibility.FACILITATORS, None)
    assert reasons(g.facilitator) == {"Ung 0": {Reason.UNREAD_REFLECTION}}
    assert needs_attention(g.facilitator, now=NOW)[0].flags[0].object_id == shared.id != private.id

    reflections.open_shared(g.facilitator, shared.id)
    assert reasons(g.facilitator) == {"Ung 0": {Reason.AWAITS_RESPONSE}}

    reflections.respond(g.facilitator, shared.id, "Flot!")
    assert reasons(g.facilitator) == {}


def test_a_response_is_awaited_until_exactly_thirty_days_after_sharing(g):
    everyone_placed(g)
    on_the_day, a_minute_too_old = g.people[0], g.people[1]
    for person, age in ((on_the_day, RESPONSE_WITHIN), (a_minute_too_old, RESPONSE_WITHIN + timedelta(minutes=1))):
        shared = reflections.write(person, text="Delt med min konsulent")
        reflections.share(person, shared, Visibility.FACILITATORS, None)
        reflections.open_shared(g.facilitator, shared.id)
        shared.created_at = NOW - age
    _db.session.commit()
    assert reasons(g.facilitator) == {"Ung 0": {Reason.AWAITS_RESPONSE}}


def test_several_unread_reflections_are_one_flag_with_a_count(g):
    everyone_placed(g)
    for text in ("En", "To", "Tre"):
        reflections.share(g.people[0], reflections.write(g.people[0], text=text), Visibility.GROUP, None)
    (person,) = needs_attention(g.facilitator, now=NOW)
    assert [(f.reason, f.count) for f in person.flags] == [(Reason.UNREAD_REFLECTION, 3)]


def test_only_the_groups_i_run_and_admins_see_all_but_shared_reflections(g):
    town = g.facilitator.municipality
    other = make_user(Role.FACILITATOR, town)
    add_to_group(make_group(town), other, "facilitator")
    admin = make_user(Role.ADMIN, town)
    elsewhere = make_user(Role.FACILITATOR, make_municipality())
    reflections.share(g.people[0], reflections.write(g.people[0], text="Delt"), Visibility.FACILITATORS, None)
    assert needs_attention(other, now=NOW) == [] and needs_attention(elsewhere, now=NOW) == []
    assert reasons(admin) == {name: {Reason.NO_PLACEMENT} for name in ("Ung 0", "Ung 1", "Ung 2")}
    assert Reason.UNREAD_REFLECTION in reasons(g.facilitator)["Ung 0"]


def test_people_who_left_or_are_deactivated_are_not_listed(g):
    membership_of(g.people[0]).left_at = NOW - timedelta(days=1)
    g.people[1].active = False
    _db.session.commit()
    assert set(reasons(g.facilitator)) == {"Ung 2"}


def test_a_participant_who_asked_to_talk_is_flagged_for_two_weeks_and_never_why(g):
    """ "I'd like to talk" (app/wellbeing) puts the person first in the list; a very low pulse alone does not."""
    from app.wellbeing import services as wellbeing

    asker, low_only, _other = g.people
    low = {f"who5_{n}": 0 for n in range(1, 6)}
    wellbeing.answer(low_only, low)  # a very low WHO-5 that nobody asked to share: no flag
    wellbeing.request_talk(asker, now=NOW - timedelta(days=13))
    _db.session.commit()
    flagged = {name: found for name, found in reasons(g.facilitator).items() if Reason.WANTS_TO_TALK in found}
    assert flagged == {asker.display_name: {Reason.WANTS_TO_TALK, *reasons(g.facilitator)[asker.display_name]}}
    later = needs_attention(g.facilitator, now=NOW + timedelta(days=2))  # the request is 15 days old
    assert all(flag.reason is not Reason.WANTS_TO_TALK for person in later for flag in person.flags)


def test_asking_to_talk_flags_until_exactly_two_weeks_after(g):
    from app.wellbeing import services as wellbeing

    everyone_placed(g)
    wellbeing.request_talk(g.people[0], now=NOW - TALK_WITHIN)
    wellbeing.request_talk(g.people[1], now=NOW - TALK_WITHIN - timedelta(minutes=1))
    _db.session.commit()
    assert reasons(g.facilitator) == {"Ung 0": {Reason.WANTS_TO_TALK}}
