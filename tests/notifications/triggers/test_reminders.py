"""The reminder scheduler: meeting reminders the evening before (18:00 local) and 2 hours before, match event
reminders the evening before; each made once however often (or concurrently) it runs; none for cancelled
meetings or after an afbud; each person's choices honoured; never pushed after the start."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import update

from app.accounts.models import Role
from app.events import services as events
from app.events.models import EventSignup
from app.groups.models import Membership
from app.meetings import schedule
from app.meetings import services as meetings
from app.meetings.models import Answer
from app.notifications.models import DeliveryStatus, Kind, NotificationPrefs
from app.notifications.reminders import evening_before, schedule_due
from app.timeutil import local_to_utc
from tests.factories import add_to_group, make_event, make_group, make_user
from tests.notifications.triggers.conftest import (
    LONG_AGO,
    add_device,
    deliveries,
    ids,
    meeting_at,
    notes,
    recipients,
    statuses,
)
from tests.test_query_budget import counting

R = Kind.MEETING_REMINDER


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def slots(db) -> list[str]:  # noqa: ANN001
    """The slot part of each reminder's dedupe key ("evening" / "two_hours"), in order."""
    return [n.dedupe_key.split(":")[3] for n in notes(db, R)]


@pytest.mark.parametrize(
    ("day", "evening", "two_hours"),
    [
        # Sunday 30 March 2025, 10:00 CEST (DST began that night): the evening before is 18:00 CET.
        (date(2025, 3, 30), utc(2025, 3, 29, 17), utc(2025, 3, 30, 6)),
        # Sunday 26 October 2025, 10:00 CET (DST ended that night): the evening before is 18:00 CEST.
        (date(2025, 10, 26), utc(2025, 10, 25, 16), utc(2025, 10, 26, 7)),
    ],
    ids=["spring forward", "fall back"],
)
def test_reminders_fall_due_at_local_times_across_a_dst_change(db, world, day, evening, two_hours):
    meeting = meeting_at(db, world.group, day)
    assert meeting.starts_at == two_hours + timedelta(hours=2)
    minute = timedelta(minutes=1)

    assert schedule_due(evening - minute) == 0
    assert schedule_due(evening) == 3
    assert recipients(db, R) == ids(*world.members)
    assert schedule_due(two_hours - minute) == 0
    assert schedule_due(two_hours) == 3
    assert schedule_due(meeting.starts_at) == 0  # started: nothing more
    assert slots(db) == ["evening"] * 3 + ["two_hours"] * 3
    for note in notes(db, R):
        assert note.object_id == meeting.id and note.url == f"/meetings/{meeting.id}"
        assert note.expires_at == meeting.starts_at  # a reminder is never pushed after the meeting began
        assert note.created_at in (evening, two_hours)


def test_running_it_many_times_makes_each_reminder_once(db, world):
    meeting = meeting_at(db, world.group, date(2025, 1, 12))  # Sunday 10:00 CET
    first = evening_before(meeting.starts_at)
    made = [schedule_due(first + timedelta(minutes=m)) for m in range(0, 16 * 60, 15)]
    assert sum(made) == 6 and made[0] == 3  # 3 in the evening, 3 two hours before
    assert sorted(slots(db)) == ["evening"] * 3 + ["two_hours"] * 3


def _at_once(app, runs: int, now: datetime) -> list[int | BaseException]:  # noqa: ANN001
    barrier = threading.Barrier(runs)
    results: list[int | BaseException] = []

    def run() -> None:
        with app.app_context():
            barrier.wait()
            try:
                results.append(schedule_due(now))
            except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
                results.append(error)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_workers_at_the_same_moment_make_each_reminder_once(app, db, world):
    meeting = meeting_at(db, world.group, date(2025, 1, 12))
    for person in world.members:
        add_device(db, person)
    due, members = evening_before(meeting.starts_at), ids(*world.members)
    db.session.remove()
    results = _at_once(app, 4, due)
    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 3
    assert recipients(db, R) == members
    assert len(deliveries(db, R)) == 3


def test_no_reminders_for_a_cancelled_meeting_and_queued_ones_are_withdrawn(db, world):
    meeting = meeting_at(db, world.group, date.today() + timedelta(days=3), time(10))
    for person in world.members:
        add_device(db, person)
    assert schedule_due(evening_before(meeting.starts_at)) == 3
    assert statuses(db, R) == [DeliveryStatus.QUEUED] * 3

    schedule.cancel_meeting(world.facilitator, meeting, "Sygdom")
    assert statuses(db, R) == [DeliveryStatus.WITHDRAWN] * 3
    assert schedule_due(meeting.starts_at - timedelta(hours=2)) == 0
    assert len(notes(db, R)) == 3


def test_no_reminders_after_an_afbud_and_a_queued_one_is_withdrawn(db, world):
    meeting = meeting_at(db, world.group, date.today() + timedelta(days=3), time(10))
    quitter, *others = world.members
    for person in world.members:
        add_device(db, person)
    assert schedule_due(evening_before(meeting.starts_at)) == 3

    meetings.answer(quitter, meeting, Answer.NO, "Lægetid")
    withdrawn = {d.notification.user_id for d in deliveries(db, R) if d.status is DeliveryStatus.WITHDRAWN}
    assert withdrawn == {quitter.id}
    assert schedule_due(meeting.starts_at - timedelta(hours=2)) == 2
    assert sorted(n.user_id for n in notes(db, R) if n.dedupe_key.endswith(f"two_hours:{n.user_id}")) == ids(*others)


def test_an_afbud_before_the_evening_means_no_reminder_at_all(db, world):
    meeting = meeting_at(db, world.group, date.today() + timedelta(days=3), time(10))
    meetings.answer(world.members[0], meeting, Answer.NO)
    meetings.answer(world.members[1], meeting, Answer.YES)
    assert schedule_due(evening_before(meeting.starts_at)) == 2
    assert world.members[0].id not in recipients(db, R)


def test_each_persons_reminder_choices_are_honoured(db, world):
    no_evening, no_two_hours, both = world.members
    db.session.add(NotificationPrefs(user_id=no_evening.id, remind_evening=False))
    db.session.add(NotificationPrefs(user_id=no_two_hours.id, remind_two_hours=False))
    db.session.commit()
    meeting = meeting_at(db, world.group, date(2025, 1, 12))
    schedule_due(evening_before(meeting.starts_at))
    schedule_due(meeting.starts_at - timedelta(hours=2))
    got = {(n.user_id, n.dedupe_key.split(":")[3]) for n in notes(db, R)}
    assert got == {(no_evening.id, "two_hours"), (no_two_hours.id, "evening"), (both.id, "evening"),
                   (both.id, "two_hours")}  # fmt: skip


def test_the_evening_reminder_is_skipped_once_the_two_hour_one_is_due(db, world):
    meeting = meeting_at(db, world.group, date(2025, 1, 12), time(19, 30))
    late = meeting.starts_at - timedelta(minutes=100)  # the worker was down all evening and morning
    assert schedule_due(late) == 3
    assert slots(db) == ["two_hours"] * 3


def test_only_current_active_members_whose_membership_covers_the_meeting(db, world):
    meeting = meeting_at(db, world.group, date(2025, 1, 12))
    left, inactive, stays = world.members
    db.session.execute(update(Membership).where(Membership.user_id == left.id).values(left_at=utc(2025, 1, 13)))
    inactive.active = False
    db.session.commit()
    schedule_due(evening_before(meeting.starts_at))
    assert recipients(db, R) == [stays.id]  # not the facilitators, the other group or another municipality


def test_a_moved_meeting_gets_reminders_for_its_new_time(db, world):
    meeting = meeting_at(db, world.group, date.today() + timedelta(days=3), time(10))
    for person in world.members:
        add_device(db, person)
    schedule_due(evening_before(meeting.starts_at))
    new_day = date.today() + timedelta(days=5)
    schedule.move_meeting(world.facilitator, meeting, day=new_day, at=time(13), place="Biblioteket", agenda="")
    assert statuses(db, R) == [DeliveryStatus.WITHDRAWN] * 3  # the old time's reminders do not go out
    assert schedule_due(evening_before(local_to_utc(new_day, time(13)))) == 3
    assert len(notes(db, R)) == 6


def test_a_reminder_that_would_only_arrive_after_the_start_stays_in_the_inbox(db, world):
    meeting = meeting_at(db, world.group, date(2025, 1, 12), time(23, 30))
    for person in world.members:
        add_device(db, person)
    # 21:30 local: in quiet hours, so a push would wait until 08:00 — after the meeting. Inbox only.
    assert schedule_due(meeting.starts_at - timedelta(hours=2)) == 3
    assert deliveries(db, R) == []


def test_quiet_hours_delay_a_reminder_made_at_2130_until_0800(db, world):
    event = make_event(world.town, starts_at=local_to_utc(date(2025, 1, 16), time(12)))
    person = world.members[0]
    db.session.add(EventSignup(event_id=event.id, user_id=person.id))
    db.session.commit()
    add_device(db, person)
    evening = local_to_utc(date(2025, 1, 15), time(21, 30))
    assert schedule_due(evening) == 1
    (delivery,) = deliveries(db, Kind.EVENT_REMINDER)
    assert delivery.not_before == local_to_utc(date(2025, 1, 16), time(8))
    assert delivery.status is DeliveryStatus.QUEUED


def test_event_reminders_go_to_signed_up_participants_the_evening_before(db, world):
    signed, not_signed, cancelled_signup = world.members
    event = make_event(world.town)  # in three days
    for person in (signed, cancelled_signup):
        events.sign_up(person, event)
        add_device(db, person)
    make_event(world.town, cancelled=True)  # a cancelled one reminds nobody
    due = evening_before(event.starts_at)
    assert schedule_due(due - timedelta(minutes=1)) == 0
    assert schedule_due(due) == 2
    assert schedule_due(due + timedelta(hours=3)) == 0
    events.cancel_signup(cancelled_signup, event)
    by_person = {d.notification.user_id: d.status for d in deliveries(db, Kind.EVENT_REMINDER)}
    assert by_person == {signed.id: DeliveryStatus.QUEUED, cancelled_signup.id: DeliveryStatus.WITHDRAWN}
    assert not_signed.id not in recipients(db)
    (note, _other) = notes(db, Kind.EVENT_REMINDER)
    assert note.url == f"/events/{event.id}" and note.expires_at == event.starts_at


def _busy_group(db, world, members: int):  # noqa: ANN001
    group = make_group(world.town)
    for _ in range(members):
        add_to_group(group, make_user(Role.PARTICIPANT, world.town), joined_at=LONG_AGO)
    return group


def test_a_run_makes_a_fixed_number_of_queries_when_nothing_is_new(db, world):
    day = date(2025, 1, 12)
    first = evening_before(meeting_at(db, world.group, day).starts_at)
    schedule_due(first)
    with counting(db.engine) as few:
        assert schedule_due(first + timedelta(minutes=1)) == 0
    for n in range(6):
        meeting_at(db, _busy_group(db, world, 8), day, time(10 + n))
    for person in world.members:
        add_device(db, person)
    assert schedule_due(first + timedelta(minutes=2)) == 48
    with counting(db.engine) as many:
        assert schedule_due(first + timedelta(minutes=3)) == 0
    assert len(few) == len(many) <= 8
