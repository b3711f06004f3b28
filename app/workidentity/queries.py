"""What the "Me and work" page shows, read in a fixed number of queries.

The placements' weeks and hours come from app.placements.queries (`timeline`, which uses `figures`): the page
never computes them again, so it always says the same as My placements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import LazyString
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.db import utcnow
from app.events.models import EventAttendance, MatchEvent
from app.extensions import db
from app.placements.models import Assignment, Placement
from app.placements.queries import TimelineEntry, timeline
from app.reflections.models import Reflection
from app.timeutil import local_today
from app.workidentity.choices import LISTS, ItemKind, label
from app.workidentity.models import WorkItem, WorkProfile, WorkReflectionPick, WorkWishSector
from app.workidentity.services import profile_of


@dataclass
class Item:
    """A strength or an interest as the page shows it."""

    item: WorkItem
    text: str | LazyString  # the list label, or the person's own words

    @property
    def own_words(self) -> bool:
        return label(self.item.kind, self.item.key) is None

    @property
    def place(self) -> Placement | None:
        return self.item.assignment.placement if self.item.assignment is not None else None


@dataclass
class WorkPage:
    person: User
    profile: WorkProfile | None
    current: list[TimelineEntry]
    past: list[TimelineEntry]
    events: list[MatchEvent]
    reflections: list[Reflection]
    strengths: list[Item] = field(default_factory=list)
    interests: list[Item] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # what I want to try next

    @property
    def assignments(self) -> list[Assignment]:
        return [entry.assignment for entry in self.current + self.past]

    @property
    def is_empty(self) -> bool:
        return not (self.current or self.past or self.events or self.reflections or self.strengths or self.interests)


def today() -> date:
    return local_today(utcnow())


def events_attended(user: User) -> list[MatchEvent]:
    """Match events the person came to (staff marked them there; a sign-up alone is not enough), held and not
    cancelled; newest first (one query)."""
    return list(
        db.session.scalars(
            select(MatchEvent)
            .join(EventAttendance, EventAttendance.event_id == MatchEvent.id)
            .where(EventAttendance.user_id == user.id, MatchEvent.cancelled_at.is_(None))
            .order_by(MatchEvent.starts_at.desc())
        )
    )


def picked_reflections(user: User) -> list[Reflection]:
    """The person's own reflections they chose for the page, newest first (one query)."""
    return list(
        db.session.scalars(
            select(Reflection)
            .join(WorkReflectionPick, WorkReflectionPick.reflection_id == Reflection.id)
            .where(WorkReflectionPick.user_id == user.id, Reflection.author_id == user.id)
            .order_by(Reflection.created_at.desc(), Reflection.id.desc())
        )
    )


def items(user: User) -> list[WorkItem]:
    """Strengths and interests in the order of their lists, then own words in the order written (two queries)."""
    rows = db.session.scalars(
        select(WorkItem)
        .options(selectinload(WorkItem.assignment).joinedload(Assignment.placement).joinedload(Placement.company))
        .where(WorkItem.user_id == user.id)
        .order_by(WorkItem.created_at, WorkItem.id)
    )
    return list(rows)


def as_items(rows: list[WorkItem], kind: ItemKind) -> list[Item]:
    order = {key: index for index, key in enumerate(LISTS[kind])}
    chosen = [row for row in rows if row.kind is kind]
    chosen.sort(key=lambda row: order.get(row.key, len(order)))
    return [Item(row, label(kind, row.key) or row.words) for row in chosen]


def wish_sectors(user: User) -> list[str]:
    stmt = select(WorkWishSector.sector).where(WorkWishSector.user_id == user.id).order_by(WorkWishSector.sector)
    return list(db.session.scalars(stmt))


def work_page(person: User) -> WorkPage:
    """Everything on the person's page (about eight queries, however long their history)."""
    current, past = timeline(person, today())
    rows = items(person)
    return WorkPage(
        person=person,
        profile=profile_of(person),
        current=current,
        past=past,
        events=events_attended(person),
        reflections=picked_reflections(person),
        strengths=as_items(rows, ItemKind.STRENGTH),
        interests=as_items(rows, ItemKind.INTEREST),
        sectors=wish_sectors(person),
    )
