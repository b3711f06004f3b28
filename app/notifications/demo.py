"""Demo step: a message from Mette to Tirsdagsgruppen, a followed sector, and a few inbox notifications
for the demo participant (ung1) and facilitator — made with the same services as the real events."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Municipality, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, GroupMessage
from app.notifications.listeners import path_for
from app.notifications.models import Kind
from app.notifications.services import notify
from app.placements.models import Placement, PlacementChange, SectorFollow
from app.reflections.models import Reflection, ReflectionResponse

MESSAGE = "Husk at tage jeres cv med på tirsdag. Vi øver den korte præsentation til matcharrangementet."


def add_notifications(town: Municipality, users: dict[str, User]) -> None:
    """Adds and flushes; never commits."""
    now = utcnow()
    participant, facilitator = users["ung1@example.org"], users["facilitator@example.org"]
    group = db.session.scalar(select(Group).where(Group.municipality_id == town.id, Group.name == "Tirsdagsgruppen"))
    if group is not None:
        message = GroupMessage(
            group_id=group.id, author_id=facilitator.id, text=MESSAGE, created_at=now - timedelta(hours=3)
        )
        db.session.add(message)
        db.session.flush()
        notify(
            [users[f"ung{n}@example.org"].id for n in range(1, 11)],
            Kind.GROUP_MESSAGE,
            url=path_for("messages.detail", message_id=message.id),
            object_id=message.id,
            now=message.created_at,
        )
    placement = db.session.scalar(
        select(Placement)
        .where(Placement.municipality_id == town.id, Placement.is_open.is_(True), Placement.sector != "")
        .order_by(Placement.id)
    )
    if placement is not None:
        db.session.add(SectorFollow(user_id=participant.id, sector=placement.sector))
        notify(
            [participant.id],
            Kind.NEW_PLACEMENT,
            url=path_for("placements.detail", placement_id=placement.id),
            object_id=placement.id,
            now=now - timedelta(days=1),
        )
    answered = db.session.execute(
        select(Reflection.id, ReflectionResponse.author_id)
        .join(ReflectionResponse)
        .where(Reflection.author_id == participant.id)
        .limit(1)
    ).first()
    if answered is not None:
        for note in notify(
            [participant.id],
            Kind.REFLECTION_RESPONSE,
            object_id=answered.id,
            url=path_for("reflections.detail", reflection_id=answered.id),
            actor_id=answered.author_id,
            now=now - timedelta(days=2),
        ):
            note.read_at = now - timedelta(days=1)
    shared = db.session.scalar(select(Reflection).where(Reflection.author_id == users["ung4@example.org"].id).limit(1))
    if shared is not None:
        notify(
            [facilitator.id],
            Kind.REFLECTION_SHARED,
            object_id=shared.id,
            url=path_for("reflections.staff_read", reflection_id=shared.id),
            now=now - timedelta(days=3),
        )
    change = db.session.scalar(
        select(PlacementChange)
        .where(PlacementChange.municipality_id == town.id)
        .order_by(PlacementChange.created_at.desc())
        .limit(1)
    )
    if change is not None:
        notify(
            [facilitator.id],
            Kind.PLACEMENT_CHANGE,
            object_id=change.user_id,
            url=path_for("placements.staff_person", user_id=change.user_id),
            now=change.created_at,
        )
    db.session.flush()
