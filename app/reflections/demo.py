"""Demo step: reflections of every visibility, some read, some with responses, some experience cards (about the
placement the author was in, with a few reactions from their group)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.audit import AuditEntry
from app.accounts.models import Municipality, User
from app.db import utcnow
from app.extensions import db
from app.placements.models import Assignment
from app.reflections.models import (
    Reaction,
    Reflection,
    ReflectionReaction,
    ReflectionRead,
    ReflectionResponse,
    Visibility,
)

V = Visibility
REFLECTIONS = (
    # participant number, days ago, visibility, text, read by facilitator, response
    (
        1,
        20,
        V.FACILITATORS,
        "I dag lappede jeg tre dæk helt selv. Jeg blev overrasket over, hvor godt det gik.",
        True,
        "Hvor er det flot! Du lyder som en, der kan lide at arbejde med hænderne.",
    ),
    (1, 6, V.PRIVATE, "Jeg var træt i dag og havde svært ved at komme op. Men jeg kom afsted.", False, None),
    (
        2,
        10,
        V.GROUP,
        "I køkkenet lærte jeg at lave en plan for dagen. Det hjælper mig at vide, hvad der skal ske.",
        True,
        "Godt at du deler det med gruppen. Lad os tale om planer på næste møde.",
    ),
    (3, 14, V.GROUP, "Jeg fandt ud af, at jeg er god til at holde styr på varer. Min chef sagde det også.", True, None),
    (4, 3, V.FACILITATORS, "Beboerne på plejecentret grinede af mine vittigheder. Det gjorde mig glad.", False, None),
    (5, 2, V.PRIVATE, "Næste gang vil jeg gerne prøve noget udendørs.", False, None),
    (
        11,
        8,
        V.GROUP,
        "Det var første gang, jeg malede et helt rum. Jeg vil gerne lære at spartle bedre.",
        True,
        "Spændende! Måske kan du spørge svenden, om du må øve dig på en væg.",
    ),
    (12, 4, V.FACILITATORS, "Jeg hjalp en ældre mand med MitID. Han takkede mig mange gange.", False, None),
)

# An experience card's author -> who in their group tapped which reaction (the author sees only the counts).
REACTIONS = {
    2: [(1, Reaction.THANKS), (3, Reaction.HELPED), (4, Reaction.HELPED), (5, Reaction.THANKS)],
    3: [(2, Reaction.HELPED), (6, Reaction.THANKS)],
}


def _placement_then(author: User, written: datetime) -> Assignment | None:
    """The placement the author was in on the day they wrote the card, for its kind and sector."""
    day = written.date()
    for assignment in db.session.scalars(select(Assignment).where(Assignment.user_id == author.id)):
        if assignment.start_date <= day and (assignment.end_date is None or day <= assignment.end_date):
            return assignment
    return None


def add_reflections(town: Municipality, users: dict[str, User]) -> None:
    now = utcnow()
    for number, days_ago, visibility, text, read, response in REFLECTIONS:
        author = users[f"ung{number}@example.org"]
        facilitator = users["facilitator@example.org" if number <= 10 else "facilitator2@example.org"]
        written = now - timedelta(days=days_ago)
        reflection = Reflection(
            author_id=author.id, text=text, visibility=visibility, created_at=written, updated_at=written
        )
        if visibility is V.GROUP:
            reflection.assignment = _placement_then(author, written)
        db.session.add(reflection)
        db.session.flush()
        for reader, kind in REACTIONS.get(number, []) if visibility is V.GROUP else []:
            db.session.add(
                ReflectionReaction(
                    reflection_id=reflection.id,
                    user_id=users[f"ung{reader}@example.org"].id,
                    kind=kind,
                    created_at=written + timedelta(days=1),
                )
            )
        if read:
            at = written + timedelta(hours=20)
            db.session.add(ReflectionRead(reflection_id=reflection.id, reader_id=facilitator.id, read_at=at))
            db.session.add(
                AuditEntry(
                    actor_id=facilitator.id,
                    subject_id=author.id,
                    action="read",
                    object_type="reflection",
                    object_id=reflection.id,
                    at=at,
                )
            )
        if response:
            db.session.add(
                ReflectionResponse(
                    reflection_id=reflection.id,
                    author_id=facilitator.id,
                    text=response,
                    created_at=written + timedelta(hours=21),
                )
            )
