"""Read-only views of programme periods: a person's periods for their page, and the follow-ups that have fallen due
(for the reminders the push worker makes). A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import exists, literal, select, union_all
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.extensions import db
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import FOLLOWUP_REMIND_WITHIN, FOLLOWUPS, Point, due_on, latest_start_due


@dataclass
class FollowUp:
    point: Point
    due: date
    outcome: ProgrammeOutcome | None

    @property
    def is_due(self) -> bool:
        return self.outcome is None


@dataclass
class PeriodView:
    period: ProgrammePeriod
    exit: ProgrammeOutcome | None
    followups: list[FollowUp] = field(default_factory=list)  # those that have fallen due, in order

    @property
    def awaits_confirmation(self) -> bool:
        return self.exit is not None and not self.exit.confirmed


def periods_of(person: User, today: date) -> list[PeriodView]:
    """The person's periods, newest first, each with its exit and the follow-ups due by `today` (two queries)."""
    periods = db.session.scalars(
        select(ProgrammePeriod)
        .options(selectinload(ProgrammePeriod.outcomes).joinedload(ProgrammeOutcome.placement_company))
        .where(ProgrammePeriod.user_id == person.id)
        .order_by(ProgrammePeriod.started_on.desc(), ProgrammePeriod.id.desc())
    ).all()
    views = []
    for period in periods:
        by_point = {outcome.point: outcome for outcome in period.outcomes}
        followups = [
            FollowUp(point, due, by_point.get(point))
            for point in FOLLOWUPS
            if (due := due_on(period.started_on, point)) <= today
        ]
        views.append(PeriodView(period, by_point.get(Point.EXIT), followups))
    return views


@dataclass(frozen=True)
class DueFollowUp:
    period_id: int
    user_id: int
    point: Point
    due: date


def due_followups(today: date) -> list[DueFollowUp]:
    """Follow-ups not recorded yet that fell due within FOLLOWUP_REMIND_WITHIN up to `today`, of every municipality
    (one query). Older ones are not reminded of any more; the reports count them as not recorded."""
    since = today - FOLLOWUP_REMIND_WITHIN
    parts = []
    for point in FOLLOWUPS:
        recorded = exists().where(ProgrammeOutcome.period_id == ProgrammePeriod.id, ProgrammeOutcome.point == point)
        parts.append(
            select(ProgrammePeriod.id, ProgrammePeriod.user_id, ProgrammePeriod.started_on, literal(point.value)).where(
                ProgrammePeriod.started_on > latest_start_due(point, since - timedelta(days=1)),
                ProgrammePeriod.started_on <= latest_start_due(point, today),
                ~recorded,
            )
        )
    rows = db.session.execute(union_all(*parts)).all()
    return [
        DueFollowUp(period_id, user_id, Point(point), due_on(started, Point(point)))
        for period_id, user_id, started, point in rows
    ]
