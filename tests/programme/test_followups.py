"""Follow-ups 6, 12 and 30 months after the start: when they fall due (the 31st becomes the month's last day), the
reminder the push worker's scheduler makes for the staff who look after the person (once, in the inbox, naming
them), and recording one (not before it is due; it withdraws the reminder's push)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.groups import services as groups
from app.groups.models import Membership
from app.notifications.models import Delivery, DeliveryStatus, Kind, Notification, PushSubscription
from app.notifications.reminders import schedule_due
from app.programme import services
from app.programme.models import ProgrammePeriod
from app.programme.rules import FOLLOWUPS, Point, Status, due_on, latest_start_due
from app.timeutil import local_to_utc, local_today
from tests.conftest import post_form
from tests.factories import make_user


@pytest.mark.parametrize(
    ("start", "point", "due"),
    [
        (date(2026, 1, 15), Point.M6, date(2026, 7, 15)),
        (date(2025, 8, 31), Point.M6, date(2026, 2, 28)),
        (date(2023, 8, 31), Point.M30, date(2026, 2, 28)),
        (date(2024, 2, 29), Point.M12, date(2025, 2, 28)),
    ],
)
def test_due_dates(start, point, due):
    assert due_on(start, point) == due


def test_latest_start_due_is_exact():
    day = date(2026, 1, 1)
    for _ in range(800):
        for point in FOLLOWUPS:
            cutoff = latest_start_due(point, day)
            assert due_on(cutoff, point) <= day < due_on(cutoff + timedelta(days=1), point)
        day += timedelta(days=1)


def period_of(db, person) -> ProgrammePeriod:  # noqa: ANN001
    return db.session.scalar(select(ProgrammePeriod).where(ProgrammePeriod.user_id == person.id))


def started(db, person, day: date) -> ProgrammePeriod:  # noqa: ANN001
    db.session.execute(update(ProgrammePeriod).where(ProgrammePeriod.user_id == person.id).values(started_on=day))
    db.session.commit()
    return period_of(db, person)


def at_noon(day: date) -> datetime:
    return local_to_utc(day, datetime.min.time().replace(hour=12))


def followup_notes(db) -> list[Notification]:  # noqa: ANN001
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.kind == Kind.FOLLOWUP_DUE)).all()


def test_the_scheduler_reminds_the_facilitator_once_when_a_follow_up_falls_due(db, world):
    period = started(db, world.person, date(2026, 1, 15))
    assert schedule_due(at_noon(date(2026, 7, 14))) == 0  # the day before
    assert followup_notes(db) == []
    schedule_due(at_noon(date(2026, 7, 15)))
    schedule_due(at_noon(date(2026, 7, 16)))  # again: nothing new
    (note,) = followup_notes(db)
    assert (note.user_id, note.actor_id, note.object_id) == (world.facilitator.id, world.person.id, period.id)
    assert note.url == f"/staff/programme/{period.id}/followup/m6"
    assert note.dedupe_key == f"followup:{period.id}:m6:{world.facilitator.id}"


def test_the_inbox_names_who_to_follow_up_on(client, login_as, db, world):
    started(db, world.person, date(2026, 1, 15))
    schedule_due(at_noon(date(2026, 7, 15)))
    login_as(client, world.facilitator)
    assert "Time to follow up on Amira" in client.get("/inbox").get_data(as_text=True)


def test_after_leaving_the_facilitators_of_their_last_group_are_reminded(db, world):
    period = started(db, world.person, date(2024, 1, 10))
    services.record_exit(
        world.facilitator, period, status=Status.MOVED, last_day=date(2024, 5, 1), details=services.Details()
    )
    co = make_user(Role.FACILITATOR, world.town)
    groups.add_cofacilitator(world.facilitator, world.group, co)
    schedule_due(at_noon(date(2026, 7, 11)))  # 30 months after the start
    assert sorted(n.user_id for n in followup_notes(db)) == sorted([world.facilitator.id, co.id])


def test_nobody_runs_their_group_any_more_so_the_admins_are_reminded(db, world):
    started(db, world.person, date(2026, 1, 15))
    db.session.execute(update(Membership).where(Membership.user_id == world.facilitator.id).values(left_at=utcnow()))
    db.session.commit()
    schedule_due(at_noon(date(2026, 7, 15)))
    assert [n.user_id for n in followup_notes(db)] == [world.admin.id]


def test_no_reminder_for_a_recorded_follow_up_or_one_long_overdue(db, world, monkeypatch):
    period = started(db, world.person, date(2026, 1, 15))
    schedule_due(at_noon(date(2026, 9, 20)))  # 67 days late: not reminded any more
    assert followup_notes(db) == []
    monkeypatch.setattr("app.programme.services.today", lambda: date(2026, 7, 20))
    services.record_followup(world.facilitator, period, Point.M6, status=Status.NEITHER, details=services.Details())
    schedule_due(at_noon(date(2026, 7, 21)))
    assert followup_notes(db) == []


def test_recording_it_withdraws_the_push_still_waiting(db, world, monkeypatch):
    period = started(db, world.person, date(2026, 1, 15))
    db.session.add(
        PushSubscription(
            user_id=world.facilitator.id,
            endpoint="https://fcm.googleapis.com/fcm/send/x",
            endpoint_hash="x" * 64,
            p256dh="p",
            auth="a",
        )
    )
    db.session.commit()
    # 23:00: quiet hours hold the push back until the morning
    schedule_due(local_to_utc(date(2026, 7, 15), datetime.min.time().replace(hour=23)))
    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert delivery.status is DeliveryStatus.QUEUED
    monkeypatch.setattr("app.programme.services.today", lambda: date(2026, 7, 15))
    services.record_followup(
        world.facilitator, period, Point.M6, status=Status.JOB, details=services.Details(job_kind="ordinary")
    )
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.WITHDRAWN


def test_a_follow_up_cannot_be_recorded_before_it_is_due(client, login_as, db, world):
    period = period_of(db, world.person)  # started today
    with pytest.raises(DomainError, match="is due on"):
        services.record_followup(
            world.facilitator, period, Point.M6, status=Status.JOB, details=services.Details(job_kind="ordinary")
        )
    login_as(client, world.facilitator)
    assert client.get(f"/staff/programme/{period.id}/followup/m6").status_code == 302
    assert client.get(f"/staff/programme/{period.id}/followup/m7").status_code == 404


def test_the_facilitator_records_a_follow_up_from_the_reminder(client, login_as, db, world):
    today = local_today(datetime.now(UTC))
    period = started(db, world.person, today - timedelta(days=400))
    login_as(client, world.facilitator)
    page = client.get(f"/staff/people/{world.person.id}").get_data(as_text=True)
    assert f"/staff/programme/{period.id}/followup/m6" in page and "/followup/m12" in page
    assert "/followup/m30" not in page
    response = post_form(
        client,
        f"/staff/programme/{period.id}/followup/m12",
        {"status": "education", "education_kind": "higher", "with_su": "no"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    (outcome,) = period_of(db, world.person).outcomes
    assert (outcome.point, outcome.status, outcome.with_su, outcome.as_of) == (
        Point.M12,
        Status.EDUCATION,
        False,
        today,
    )
    assert outcome.confirmed_by_id == world.facilitator.id
