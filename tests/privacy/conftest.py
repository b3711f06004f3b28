"""A world for the "my data" tests: a participant with rows in every personal-data table (made through the
services, as the app makes them), their facilitator, a peer in the same group and placement, and a
participant of another municipality with a full set of their own rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts import sessions
from app.accounts.models import Municipality, Role, User
from app.db import utcnow
from app.events import attendance
from app.events import services as events
from app.events.models import MatchEvent
from app.extensions import db
from app.facilitation import services as facilitation
from app.facilitation.models import Principle
from app.groups.models import Group, GroupMessage
from app.meetings import calendar, checkin
from app.meetings import services as meetings
from app.meetings.models import Answer, Meeting
from app.meetings.schedule import new_meeting
from app.notes import services as notes
from app.notifications import subscriptions
from app.notifications.models import Kind
from app.notifications.prefs import prefs_for_update
from app.notifications.services import notify
from app.placements import services as placements
from app.placements.models import Assignment, Placement, SectorFollow, WaitlistEntry
from app.programme import services as programme
from app.programme.models import ProgrammeOutcome
from app.programme.rules import EducationKind, Point, Status
from app.reflections import services as reflections
from app.reflections.models import Reaction, Reflection, ReflectionReaction, Visibility
from app.workidentity import cv as work_cv
from app.workidentity import services as work
from app.workidentity.choices import ItemKind
from tests.factories import add_to_group, make_company, make_event, make_group, make_municipality, make_placement
from tests.factories import make_user as _make_user

SECRET = "My boss said I was brave today 7f3c"  # the participant's reflection: must never reach a log


@pytest.fixture(autouse=True)
def _english(english):  # noqa: ANN001
    """Service messages in these tests are asserted in English."""


@dataclass
class Town:
    town: Municipality
    group: Group
    facilitator: User
    placement: Placement
    event: MatchEvent
    meeting: Meeting
    under_way: MatchEvent  # started an hour ago: staff mark who came


@dataclass
class Person:
    user: User
    assignment: Assignment
    reflection: Reflection  # shared with the group, read and answered by the facilitator
    private: Reflection


@dataclass
class World:
    home: Town
    participant: Person
    peer: Person  # same group and placement; the participant read the peer's experience card
    other: Person  # another municipality: none of their rows may show up
    other_town: Town


def key() -> str:
    return uuid4().hex


def make_town() -> Town:
    town = make_municipality()
    facilitator = _make_user(Role.FACILITATOR, town)
    group = make_group(town)
    add_to_group(group, facilitator, "facilitator")
    company = make_company(town)
    meeting = new_meeting(group, placements.today() + timedelta(days=2))
    db.session.add(meeting)
    db.session.add(GroupMessage(group_id=group.id, author_id=facilitator.id, text="Remember lunch on Friday"))
    db.session.commit()
    sessions.start_session(facilitator, "facilitator laptop")
    _second_factor_rows(facilitator)
    # The facilitator's reflection on the meeting, written as if an hour after its start.
    ratings = {Principle.SHARING: 3, Principle.WORK_IDENTITY: 2}
    facilitation.save(
        facilitator, meeting, ratings, "The round about the week worked", now=meeting.starts_at + timedelta(hours=1)
    )
    return Town(
        town,
        group,
        facilitator,
        make_placement(town, company=company, seats=5),
        make_event(town, companies=[company]),
        meeting,
        make_event(town, companies=[company], starts_at=utcnow() - timedelta(hours=1)),
    )


def _second_factor_rows(staff: User) -> None:
    """The facilitator's authenticator, set up through the services, with its recovery codes (one used)."""
    import time

    from app.accounts import second_factor

    second_factor.start(staff)
    row = second_factor.enrolment(staff)
    assert row is not None
    codes = second_factor.confirm(staff, second_factor.code_at(row.secret, time.time()))
    assert codes and second_factor.verify(staff, codes[0])


def make_person(place: Town, name: str, text: str) -> Person:
    """A participant with rows in every table a participant can fill (and a facilitator's note on them), through the
    services."""
    f = place.facilitator
    user, _token = accounts.create_user(
        f, email=f"{name}-{key()[:6]}@example.test", display_name=name, role=Role.PARTICIPANT, language="en"
    )
    sessions.start_session(user, "phone")
    add_to_group(place.group, user)
    meetings.answer(user, place.meeting, Answer.YES)
    checkin.mark_attendance(f, place.meeting, user, True)
    calendar.renew_feed(user)
    events.sign_up(user, place.event)
    events.set_interest(user, place.event, place.event.companies[0].company, True)
    attendance.mark_came(f, place.under_way, user)
    start = placements.next_weekday(placements.today())
    assignment = placements.choose(user, place.placement, start=start, hours=10, key=key())
    placements.adjust_hours(user, assignment, hours=12, effective=start + timedelta(days=7))
    ended = placements.choose(user, make_placement(place.town, seats=2), start=start, hours=5, key=key())
    placements.end(user, ended, last_day=start + timedelta(days=3), reason="Not for me", lesson="I like people")
    reflection = reflections.write(user, text=text, assignment_id=assignment.id)
    reflections.share(user, reflection, Visibility.GROUP, None)
    reflections.open_shared(f, reflection.id)
    reflections.respond(f, reflection.id, f"Well done, {name}!")
    private = reflections.write(user, text=f"{text} (only for me)")
    _work_identity_rows(user, f, assignment, ended, reflection)
    notes.add(f, user, f"{name} asked good questions at the match event")
    _programme_rows(user, f, place.group)
    _notification_rows(user)
    _wellbeing_rows(user)
    return Person(user, assignment, reflection, private)


def _wellbeing_rows(user: User) -> None:
    """A month's check-in answers (one question left out) and a request to talk."""
    from app.wellbeing import services as wellbeing

    values = {f"who5_{n}": 3 for n in range(1, 6)} | {"lonely_1": 2, "lonely_2": None, "lonely_3": 1, "useful": 4}
    wellbeing.answer(user, values, key=key())
    wellbeing.request_talk(user)


def _work_identity_rows(user: User, f: User, assignment: Assignment, ended: Assignment, shown: Reflection) -> None:
    """Strengths (one linked to a placement), a reflection on the page, a wish, CV details with a placement left off
    and education, the page shared and read by the facilitator."""
    work.choose_items(user, ["on_time"], ["people"])
    work.add_own_words(user, ItemKind.STRENGTH, "I fix bikes", assignment.id)
    work.pick_reflections(user, [shown.id])
    work.save_next(user, sectors=["Detail"], kind=None, hours=15, note="Something with people")
    work_cv.save_details(
        user, name=user.display_name, phone="12 34 56 78", email="", place="Roskilde", about="", language="en",
        strengths=True, interests=False, placements=[assignment.id],
    )  # fmt: skip
    work_cv.add_education(user, title="9th grade", place="Roskilde School", period="2021")
    work.share(user, True)
    work.open_shared(f, user.id)


def _programme_rows(user: User, f: User, group: Group) -> None:
    """A period in the programme with the participant's own exit report (not confirmed yet) and a follow-up the
    facilitator recorded; an export key the facilitator made and a pseudonymised export of their group."""
    from app.reports.export import create_key, export_csv
    from app.reports.figures import Params
    from app.reports.scope import Scope

    today = placements.today()
    period = programme.start_period(user, today - timedelta(days=200))
    assert period is not None
    db.session.add(ProgrammeOutcome(period_id=period.id, point=Point.EXIT, status=Status.EDUCATION,
                                    education_kind=EducationKind.VOCATIONAL, with_su=True,
                                    as_of=today + timedelta(days=30), reported_by_id=user.id))  # fmt: skip
    db.session.add(ProgrammeOutcome(period_id=period.id, point=Point.M6, status=Status.IN_PROGRAMME, as_of=today,
                                    reported_by_id=f.id, confirmed_by_id=f.id, confirmed_at=utcnow()))  # fmt: skip
    db.session.commit()
    export_key = create_key(f, f"Evaluator {key()[:8]}")
    scope = Scope("group", f.municipality_id, f.id, group.id)
    export_csv(f, Params(scope, today - timedelta(days=30), today, None, today, utcnow()), export_key)


def _notification_rows(user: User) -> None:
    """A push device, saved preferences, a followed sector and an inbox entry with a queued push."""
    info = subscriptions.SubscriptionInfo(
        endpoint=f"https://fcm.googleapis.com/fcm/send/{key()}", p256dh="B" + "A" * 86, auth="A" * 22
    )
    _row, _created = subscriptions.subscribe(user, info, login_session_id=None, device="Chrome on Android")
    prefs_for_update(user.id).quiet_enabled = False
    db.session.add(SectorFollow(user_id=user.id, sector="Retail"))
    notify([user.id], Kind.TEST, url="/week", urgent=True)
    full = make_placement(user.municipality, seats=0)  # a full placement, with the person on its waiting list
    db.session.add(WaitlistEntry(placement_id=full.id, user_id=user.id))
    db.session.commit()


@pytest.fixture
def world(db) -> World:  # noqa: ANN001
    home = make_town()
    peer = make_person(home, "Peer", "I learned to ask for help")
    participant = make_person(home, "Participant", SECRET)
    reflections.open_shared(participant.user, peer.reflection.id)
    db.session.add(
        ReflectionReaction(reflection_id=peer.reflection.id, user_id=participant.user.id, kind=Reaction.HELPED)
    )
    other_town = make_town()
    other = make_person(other_town, "Other", "Someone else entirely")
    db.session.commit()
    return World(home, participant, peer, other, other_town)


def user_fk_columns() -> list[tuple[str, str]]:
    """Every (table, column) with a foreign key to user.id, from the metadata."""
    return sorted(
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "user" and fk.column.name == "id"
    )


def rows_referring_to(user_id: int) -> dict[tuple[str, str], int]:
    """How many rows of each FK column (and the user table) point at `user_id`; only the non-zero ones."""
    counts = {}
    for table_name, column in [*user_fk_columns(), ("user", "id")]:
        table = db.metadata.tables[table_name]
        n = db.session.scalar(select(func.count()).select_from(table).where(table.c[column] == user_id))
        if n:
            counts[(table_name, column)] = n
    return counts
