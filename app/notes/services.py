"""Adding, editing and deleting notes, and reading a person's notes (each read by staff is in the access log the
person sees in their export). Views call these; the rules are in policies.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.audit import record_access
from app.accounts.models import User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.forms import clean_text
from app.notes import policies
from app.notes.models import MAX_LENGTH, PersonNote
from app.permissions import MAX_ID
from app.transaction import transactional

AUDIT_OBJECT = "person_note"


@dataclass(frozen=True)
class NoteRow:
    """A note as a page shows it: plain values, so nothing is loaded again after the read's commit."""

    id: int
    text: str
    created_at: datetime
    edited_at: datetime | None
    author_id: int | None
    author_name: str | None  # None: the author's account is deleted


def _clean(text: str | None) -> str:
    text = clean_text(text or "")
    if not text:
        raise DomainError("text", _("Write a few words first."))
    if len(text) > MAX_LENGTH:
        raise DomainError("text", _("Keep it to %(max)d characters or fewer.", max=MAX_LENGTH))
    return text


def get_subject_or_404(reader: User, user_id: int) -> User:
    """The person whose notes `reader` may read, else 404 (another group's, another municipality's, staff)."""
    subject = db.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if subject is None or not policies.may_read(reader, subject):
        abort(404)
    return subject


def get_own_note_or_404(author: User, subject: User, note_id: int) -> PersonNote:
    """A note on `subject` that `author` wrote and may still change, else 404."""
    note = db.session.get(PersonNote, note_id) if 0 < note_id <= MAX_ID else None
    if note is None or note.subject_id != subject.id or not policies.may_change(author, note):
        abort(404)
    return note


@transactional
def add(author: User, subject: User, text: str | None) -> PersonNote:
    """A new note on `subject`. 404 if `author` may not write about them; DomainError for empty or too long text."""
    if not policies.may_write(author, subject):
        abort(404)
    note = PersonNote(subject_id=subject.id, author_id=author.id, text=_clean(text))
    db.session.add(note)
    db.session.flush()
    return note


@transactional
def edit(author: User, note: PersonNote, text: str | None) -> None:
    if not policies.may_change(author, note):
        abort(404)
    note.text = _clean(text)
    note.edited_at = utcnow()


@transactional
def remove(author: User, note: PersonNote) -> None:
    if not policies.may_change(author, note):
        abort(404)
    db.session.delete(note)


@transactional
def read(reader: User, subject: User) -> list[NoteRow]:
    """The notes on `subject` that `reader` may read, newest first, with their authors (empty if none may be read).

    Showing notes to staff adds one row to the access log (who, whose, when; never the text).
    """
    if not policies.may_read(reader, subject):
        return []
    rows = db.session.execute(
        select(PersonNote, User.display_name)
        .outerjoin(User, User.id == PersonNote.author_id)
        .where(PersonNote.subject_id == subject.id)
        .order_by(PersonNote.created_at.desc(), PersonNote.id.desc())
    )
    notes = [NoteRow(n.id, n.text, n.created_at, n.edited_at, n.author_id, name) for n, name in rows]
    if notes:
        record_access(reader, subject.id, action="read", object_type=AUDIT_OBJECT, object_id=None)
    return notes
