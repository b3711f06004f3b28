"""Who may read and write notes on a person: the facilitators of the group the participant is in now, and the
admins of the municipality. A facilitator of another group, anyone of another municipality, and the participants
may not (the pages answer 404, never 403, to staff, so a note's existence is not told). Only the author changes or
deletes a note, and only while they may still read it."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from app.accounts.models import Role, User
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.notes.models import PersonNote


def facilitates_now(reader: User, subject: User) -> bool:
    """Whether `reader` is a current facilitator of the group `subject` is a current member of (one query)."""
    subject_m = aliased(Membership)
    reader_m = aliased(Membership)
    stmt = select(
        exists(
            select(subject_m.id)
            .join(reader_m, reader_m.group_id == subject_m.group_id)
            .where(
                subject_m.user_id == subject.id,
                subject_m.role == MemberRole.MEMBER,
                subject_m.left_at.is_(None),
                reader_m.user_id == reader.id,
                reader_m.role == MemberRole.FACILITATOR,
                reader_m.left_at.is_(None),
            )
        )
    )
    return bool(db.session.scalar(stmt))


def may_read(reader: User, subject: User) -> bool:
    """Notes are about participants; the municipality's admins and the person's current facilitators read them."""
    if subject.role is not Role.PARTICIPANT or subject.municipality_id != reader.municipality_id:
        return False
    if reader.role is Role.ADMIN:
        return True
    return reader.role is Role.FACILITATOR and facilitates_now(reader, subject)


def may_write(author: User, subject: User) -> bool:
    """Whoever may read a person's notes may add one."""
    return may_read(author, subject)


def may_change(author: User, note: PersonNote) -> bool:
    """Edit or delete: the author, while they may still read the person's notes."""
    return note.author_id == author.id and may_read(author, note.subject)
