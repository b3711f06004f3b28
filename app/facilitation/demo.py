"""Demo step: the facilitators' reflections on most of their groups' past meetings (and the admin's on one), so the
monthly view and the meeting pages have something to show. The same every time (a fixed random seed)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.models import Municipality, User
from app.db import utcnow
from app.extensions import db
from app.facilitation.models import FacilitationReflection, Principle
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Meeting

TEXTS = (
    "Runden om ugen virkede godt. Næste gang lader jeg dem selv vælge emnet for anden halvdel.",
    "En fortalte om sin første uge i praktik, og flere spurgte ind. Det vil jeg gerne have mere af.",
    "Jeg talte for meget i starten. Næste gang starter vi i par, før vi samler op i hele gruppen.",
    "God energi. Vi øvede en kort præsentation til matcharrangementet, og alle prøvede.",
    "Stille møde. Jeg prøver med et konkret spørgsmål på bordet næste gang: Hvad lærte du i praktikken i denne uge?",
    "De bestemte selv dagsordenen i dag, og det gav en god samtale om, hvad man kan byde ind med på en arbejdsplads.",
)
ADMIN_TEXT = "Jeg var med som gæst. Gruppen hjalp hinanden godt, især med at finde praktikker, de selv havde lyst til."


def add_facilitation(town: Municipality, users: dict[str, User], now: datetime | None = None) -> None:
    """Reflections by each group's facilitator on most past meetings. Adds and flushes; never commits."""
    now = now or utcnow()
    rng = random.Random(14)
    admin = users["admin@example.org"]
    meetings = db.session.execute(
        select(Meeting, Membership.user_id)
        .join(Group, Group.id == Meeting.group_id)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Group.municipality_id == town.id,
            Membership.role == MemberRole.FACILITATOR,
            Membership.left_at.is_(None),
            Meeting.ends_at <= now,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    for index, (meeting, facilitator_id) in enumerate(meetings):
        if rng.random() < 0.15:
            continue  # not every meeting gets one
        ratings: dict[Principle, int | None] = {
            p: min(4, max(1, round(rng.gauss(2.6 + index / (2 * len(meetings)), 0.8)))) for p in Principle
        }
        if rng.random() < 0.3:
            ratings[rng.choice(list(Principle))] = None
        written = meeting.ends_at + timedelta(minutes=rng.randint(10, 180))
        db.session.add(_reflection(meeting, facilitator_id, ratings, rng.choice(TEXTS), written))
        if index == len(meetings) - 2:
            admin_ratings: dict[Principle, int | None] = {p: 3 for p in Principle}
            admin_ratings[Principle.SHARING] = 4
            db.session.add(_reflection(meeting, admin.id, admin_ratings, ADMIN_TEXT, written + timedelta(hours=2)))
    db.session.flush()


def _reflection(
    meeting: Meeting, author_id: int, ratings: dict[Principle, int | None], text: str, at: datetime
) -> FacilitationReflection:
    row = FacilitationReflection(meeting_id=meeting.id, author_id=author_id, text=text, created_at=at)
    for principle, value in ratings.items():
        setattr(row, principle.column, value)
    return row
