"""The person's "Me and work" rows for their data export (app/privacy/export.py puts them under "work_identity"):
what they chose and wrote, and who read their shared page. A fixed number of queries (seven)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import Model, db
from app.workidentity.models import (
    WorkCvOmit,
    WorkEducation,
    WorkItem,
    WorkPageRead,
    WorkProfile,
    WorkReflectionPick,
    WorkWishSector,
)

PROFILE_FIELDS = (
    "id",
    "shared_at",
    "next_kind",
    "next_hours",
    "next_note",
    "cv_name",
    "cv_phone",
    "cv_email",
    "cv_place",
    "cv_about",
    "cv_language",
    "cv_strengths",
    "cv_interests",
    "created_at",
    "updated_at",
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(obj: Model, *names: str, **extra: Any) -> dict:
    return {**{name: _value(getattr(obj, name)) for name in names}, **{k: _value(v) for k, v in extra.items()}}


def _rows(column: Any, uid: int, *names: str) -> list[dict]:
    """The rows of `column`'s table where `column` is the person, oldest first."""
    model = column.class_
    return [_row(obj, *names) for obj in db.session.scalars(select(model).where(column == uid).order_by(model.id))]


def work_identity(uid: int) -> dict:
    """Everything the person chose, wrote and shared on "Me and work", and who read it (by name and role)."""
    read_by = [
        _row(read, "id", "read_at", reader=reader.display_name, reader_role=reader.role)
        for read, reader in db.session.execute(
            select(WorkPageRead, User)
            .join(User, User.id == WorkPageRead.reader_id)
            .where(WorkPageRead.owner_id == uid)
            .order_by(WorkPageRead.read_at, WorkPageRead.id)
        )
    ]
    return {
        "profile": _rows(WorkProfile.user_id, uid, *PROFILE_FIELDS),
        "strengths_and_interests": _rows(
            WorkItem.user_id, uid, "id", "kind", "key", "words", "assignment_id", "created_at"
        ),
        "reflections_on_page": _rows(WorkReflectionPick.user_id, uid, "id", "reflection_id", "created_at"),
        "sectors_to_try": _rows(WorkWishSector.user_id, uid, "id", "sector"),
        "education": _rows(WorkEducation.user_id, uid, "id", "title", "place", "period", "created_at"),
        "placements_left_off_cv": _rows(WorkCvOmit.user_id, uid, "id", "assignment_id"),
        "read_by": read_by,
    }


def pages_read(uid: int) -> list[dict]:
    """Whose shared pages the person (staff) opened: when, not whose — like the reflections they read."""
    return _rows(WorkPageRead.reader_id, uid, "id", "read_at")
