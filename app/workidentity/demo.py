"""Demo step: Amira (ung1@example.org) has built her "Me and work" page and CV and shares the page with her
facilitators, who have read it once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.audit import AuditEntry
from app.accounts.models import Municipality, User
from app.db import utcnow
from app.extensions import db
from app.placements.models import Assignment, AssignmentStatus
from app.reflections.models import Reflection
from app.workidentity.choices import OWN, ItemKind
from app.workidentity.models import (
    WorkEducation,
    WorkItem,
    WorkPageRead,
    WorkProfile,
    WorkReflectionPick,
    WorkWishSector,
)

ABOUT = (
    "Jeg er 19 år og bor i Roskilde. Jeg kan godt lide at arbejde med hænderne og at være udenfor. "
    "Jeg møder til tiden og lærer hurtigt. Nu vil jeg gerne prøve et værksted eller et håndværk."
)


def add_work_identity(town: Municipality, users: dict[str, User]) -> None:
    amira = users["ung1@example.org"]
    facilitator = users["facilitator@example.org"]
    assignments = list(
        db.session.scalars(select(Assignment).where(Assignment.user_id == amira.id).order_by(Assignment.start_date))
    )
    garden = next((a for a in assignments if a.status is AssignmentStatus.ENDED), None)
    bikes = next((a for a in assignments if a.status is AssignmentStatus.ACTIVE), None)
    shared_at = utcnow() - timedelta(days=3)
    profile = WorkProfile(
        user_id=amira.id,
        shared_at=shared_at,
        next_hours=20,
        next_note="Jeg vil gerne lære mere om motorer.",
        cv_name=amira.display_name,
        cv_phone="20 30 40 50",
        cv_email=amira.email,
        cv_place="Roskilde",
        cv_about=ABOUT,
        cv_language="da",
    )
    db.session.add(profile)
    db.session.add_all(
        [
            WorkItem(user_id=amira.id, kind=ItemKind.STRENGTH, key="on_time"),
            WorkItem(user_id=amira.id, kind=ItemKind.STRENGTH, key="hands", assignment_id=bikes.id if bikes else None),
            WorkItem(user_id=amira.id, kind=ItemKind.STRENGTH, key="learn"),
            WorkItem(
                user_id=amira.id, kind=ItemKind.INTEREST, key="outdoors", assignment_id=garden.id if garden else None
            ),
            WorkItem(user_id=amira.id, kind=ItemKind.INTEREST, key="build"),
            WorkItem(user_id=amira.id, kind=ItemKind.STRENGTH, key=OWN, words="Jeg kan lappe et dæk på ti minutter"),
            WorkWishSector(user_id=amira.id, sector="Værksted"),
            WorkWishSector(user_id=amira.id, sector="Håndværk"),
            WorkEducation(user_id=amira.id, title="Folkeskolens 9. klasse", place="Himmelev Skole", period="2021"),
            WorkEducation(
                user_id=amira.id, title="Førstehjælp, grundkursus", place="Dansk Førstehjælpsråd", period="2024"
            ),
        ]
    )
    shown = db.session.scalar(
        select(Reflection).where(Reflection.author_id == amira.id).order_by(Reflection.created_at).limit(1)
    )
    if shown is not None:
        db.session.add(WorkReflectionPick(user_id=amira.id, reflection_id=shown.id))
    db.session.flush()
    read_at = shared_at + timedelta(hours=5)
    db.session.add(WorkPageRead(owner_id=amira.id, reader_id=facilitator.id, read_at=read_at))
    db.session.add(
        AuditEntry(
            actor_id=facilitator.id,
            subject_id=amira.id,
            action="read",
            object_type="work_identity",
            object_id=profile.id,
            at=read_at,
        )
    )
