"""Writing a facilitation reflection (one per author per meeting; a second save edits it) and reading a meeting's
reflections. Views call these; the rules are in policies.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.db import utcnow
from app.errors import DomainError, RuleConflict
from app.extensions import db
from app.facilitation import policies
from app.facilitation.models import MAX_LENGTH, RATING_MAX, RATING_MIN, FacilitationReflection, Principle
from app.forms import clean_text
from app.meetings.models import Meeting
from app.meetings.services import get_meeting_for_staff_or_404
from app.transaction import transactional


@dataclass(frozen=True)
class ReflectionRow:
    """A reflection as a page shows it: plain values, so nothing is loaded again after the read."""

    id: int
    meeting_id: int
    meeting_starts_at: datetime
    author_id: int | None
    author_name: str | None  # None: the author's account is deleted
    ratings: dict[Principle, int | None]
    text: str
    created_at: datetime
    edited_at: datetime | None


def get_meeting_or_404(reader: User, meeting_id: int) -> Meeting:
    """A meeting of the reader's municipality (staff only), else 404."""
    meeting = get_meeting_for_staff_or_404(meeting_id, reader)
    if not policies.may_read(reader, meeting.group):
        abort(404)
    return meeting


def _clean_ratings(ratings: Mapping[Principle, int | None]) -> dict[Principle, int | None]:
    cleaned: dict[Principle, int | None] = {}
    for principle in Principle:
        value = ratings.get(principle)
        if value is not None and not RATING_MIN <= value <= RATING_MAX:
            raise DomainError(principle.column, _("Choose from %(low)d to %(high)d.", low=RATING_MIN, high=RATING_MAX))
        cleaned[principle] = value
    return cleaned


def _clean_text(text: str | None, ratings: dict[Principle, int | None]) -> str:
    text = clean_text(text or "")
    if len(text) > MAX_LENGTH:
        raise DomainError("text", _("Keep it to %(max)d characters or fewer.", max=MAX_LENGTH))
    if not text and all(value is None for value in ratings.values()):
        raise DomainError("text", _("Choose a rating or write a few words first."))
    return text


def own_reflection(author: User, meeting: Meeting) -> FacilitationReflection | None:
    return db.session.scalar(
        select(FacilitationReflection).where(
            FacilitationReflection.meeting_id == meeting.id, FacilitationReflection.author_id == author.id
        )
    )


@transactional
def save(
    author: User,
    meeting: Meeting,
    ratings: Mapping[Principle, int | None],
    text: str | None,
    now: datetime | None = None,
) -> FacilitationReflection:
    """Write the author's reflection on the meeting, or change the one they wrote (one per author and meeting).

    404 for a meeting of another municipality (or a participant); 403 for staff who may read but not write (a
    facilitator of another group). RuleConflict before the meeting starts or when it did not take place;
    DomainError for a rating outside 1-4, a too long text, or neither a rating nor a text.
    """
    now = now or utcnow()
    if not policies.may_read(author, meeting.group):
        abort(404)
    if not policies.may_write_for(author, meeting):
        abort(403)
    if meeting.cancelled:
        raise RuleConflict("text", _("The meeting did not take place."))
    if not policies.open_for_reflection(meeting, now):
        raise RuleConflict("text", _("You can write it once the meeting has started."))
    cleaned = _clean_ratings(ratings)
    text = _clean_text(text, cleaned)
    row = own_reflection(author, meeting)
    if row is None:
        row = FacilitationReflection(meeting_id=meeting.id, author_id=author.id, text=text, created_at=now)
        _fill(row, cleaned)
        try:
            with db.session.begin_nested():  # another tab saved first: the unique constraint says so
                db.session.add(row)
        except IntegrityError:
            row = own_reflection(author, meeting)
            if row is None:
                raise
        else:
            return row
    row.text = text
    row.edited_at = now
    _fill(row, cleaned)
    return row


def _fill(row: FacilitationReflection, ratings: dict[Principle, int | None]) -> None:
    for principle, value in ratings.items():
        setattr(row, principle.column, value)


def meeting_reflections(reader: User, meeting: Meeting) -> list[ReflectionRow]:
    """The reflections on the meeting, oldest first, with their authors' names (empty for non-staff). One query."""
    if not policies.may_read(reader, meeting.group):
        return []
    return rows(select_rows().where(FacilitationReflection.meeting_id == meeting.id))


Rows = Select[FacilitationReflection, datetime, str]  # (reflection, the meeting's start, the author's name)


def select_rows() -> Rows:
    """Reflections with their meeting's start and author's name (None: deleted), by meeting, then as written."""
    return (
        select(FacilitationReflection, Meeting.starts_at, User.display_name)
        .join(Meeting, Meeting.id == FacilitationReflection.meeting_id)
        .outerjoin(User, User.id == FacilitationReflection.author_id)
        .order_by(Meeting.starts_at, FacilitationReflection.created_at, FacilitationReflection.id)
    )


def rows(stmt: Rows) -> list[ReflectionRow]:
    return [
        ReflectionRow(r.id, r.meeting_id, starts, r.author_id, name, r.ratings(), r.text, r.created_at, r.edited_at)
        for r, starts, name in db.session.execute(stmt)
    ]
