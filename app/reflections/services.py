"""Writing, sharing and reading reflections. Staff reads are audited; every read by someone other
than the author leaves a read receipt the author can see."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import selectinload

from app import signals
from app.accounts.audit import record_access
from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.idempotency import claim, ensure_unused
from app.meetings.models import Meeting
from app.meetings.services import is_member_at
from app.placements.models import Assignment, Placement
from app.reflections import policies
from app.reflections.models import (
    MAX_LENGTH,
    PROMPT_TEXT,
    RESPONSE_MAX_LENGTH,
    Reflection,
    ReflectionRead,
    ReflectionResponse,
    Visibility,
)
from app.timeutil import local_today
from app.transaction import transactional

log = logging.getLogger(__name__)
LONGEST_SHARE = timedelta(days=365)


def today() -> date:
    return local_today(utcnow())


def _clean(text: str, limit: int) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise DomainError("text", _("Write a few words first."))
    if len(text) > limit:
        raise DomainError("text", _("Keep it to %(max)d characters or fewer.", max=limit))
    return text


def _check_link(author: User, assignment_id: int | None) -> int | None:
    if assignment_id is None:
        return None
    owner = db.session.scalar(select(Assignment.user_id).where(Assignment.id == assignment_id))
    if owner != author.id:
        raise DomainError("assignment_id", _("Choose one of your own placements."))
    return assignment_id


def _check_meeting(author: User, meeting_id: int | None) -> int | None:
    if meeting_id is None:
        return None
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not is_member_at(author, meeting):
        raise DomainError("text", _("You can only write about your own group's meetings."))
    return meeting_id


@transactional
def write(
    author: User,
    *,
    text: str,
    prompt: str = "",
    assignment_id: int | None = None,
    meeting_id: int | None = None,
    key: str | None = None,
) -> Reflection:
    """Save a new, private reflection. Raises DomainError for empty or too long text; with an
    idempotency `key`, AlreadyDone (carrying the first reflection's id) when that key was used before."""
    if key is not None:
        ensure_unused(author.id, key)
    if author.role is not Role.PARTICIPANT:
        raise DomainError(None, _("Only participants write reflections."))
    reflection = Reflection(
        author_id=author.id,
        text=_clean(text, MAX_LENGTH),
        prompt=prompt if prompt in PROMPT_TEXT else "",
        assignment_id=_check_link(author, assignment_id),
        meeting_id=_check_meeting(author, meeting_id),
        visibility=Visibility.PRIVATE,
    )
    token = claim(author.id, key, "reflections.write") if key is not None else None
    db.session.add(reflection)
    if token is not None:
        db.session.flush()
        token.result_id = reflection.id
    return reflection


@transactional
def edit(author: User, reflection: Reflection, *, text: str) -> None:
    _own(author, reflection)
    reflection.text = _clean(text, MAX_LENGTH)


@transactional
def remove(author: User, reflection: Reflection) -> None:
    _own(author, reflection)
    signals.reflection_deleted.send(reflection=reflection)
    db.session.delete(reflection)


@transactional
def share(
    author: User, reflection: Reflection, visibility: Visibility, until: date | None, show_company: bool | None = None
) -> None:
    """Set who may read it (private withdraws it at once), optionally until a day, and whether an experience card
    names the company (None keeps it). The facilitators are told when it becomes readable for them."""
    _own(author, reflection)
    if show_company is not None:
        reflection.show_company = show_company
    if until is not None and not today() <= until <= today() + LONGEST_SHARE:
        raise DomainError("until", _("Choose a day between today and a year from now."))
    was_shared = policies.shared_with_facilitators(reflection, today())
    reflection.visibility = visibility
    reflection.shared_until = None if visibility is Visibility.PRIVATE else until
    if not policies.shared_with_facilitators(reflection, today()):
        signals.reflection_withdrawn.send(reflection=reflection)
    elif not was_shared:
        signals.reflection_shared.send(reflection=reflection)


def _own(author: User, reflection: Reflection) -> None:
    if reflection.author_id != author.id:
        abort(404)


def get_own_or_404(reflection_id: int, author: User) -> Reflection:
    reflection = db.session.get(Reflection, reflection_id)
    if reflection is None or reflection.author_id != author.id:
        abort(404)
    return reflection


def get_readable_or_404(reflection_id: int, reader: User) -> Reflection:
    reflection = db.session.get(Reflection, reflection_id)
    if reflection is None or not policies.can_read(reader, reflection, today()):
        abort(404)
    return reflection


@transactional
def open_shared(reader: User, reflection_id: int) -> Reflection:
    """Read someone else's shared reflection: 404 unless shared with `reader` right now.

    Writes one read receipt per read, and for staff one audit row (who, whose, which, when — no text).
    """
    reflection = get_readable_or_404(reflection_id, reader)
    if reflection.author_id != reader.id:
        db.session.add(ReflectionRead(reflection_id=reflection.id, reader_id=reader.id))
        if reader.is_staff:
            record_access(
                reader, reflection.author_id, action="read", object_type="reflection", object_id=reflection.id
            )
        log.info("reflection %s read by user %s", reflection.id, reader.id)
    return reflection


@transactional
def respond(staff: User, reflection_id: int, text: str) -> ReflectionResponse:
    """A facilitator with access leaves a short, kind response the author sees (and is told about)."""
    reflection = get_readable_or_404(reflection_id, staff)
    if not staff.is_staff:
        abort(404)
    response = ReflectionResponse(
        reflection_id=reflection.id, author_id=staff.id, text=_clean(text, RESPONSE_MAX_LENGTH)
    )
    db.session.add(response)
    signals.response_written.send(reflection=reflection, responder=staff)
    return response


@dataclass
class OwnItem:
    reflection: Reflection
    readers: list[tuple[User, object]]  # (reader, last read time)


@cache
def _own_list() -> Select[Reflection]:
    return (
        select(Reflection)
        .options(selectinload(Reflection.responses).selectinload(ReflectionResponse.author))
        .where(Reflection.author_id == bindparam("author_id"))
        .order_by(Reflection.created_at.desc(), Reflection.id.desc())
    )


def own_list(author: User) -> list[OwnItem]:
    """The author's reflections, newest first, with who read each and when (three queries)."""
    reflections = list(db.session.scalars(_own_list(), {"author_id": author.id}))
    return [OwnItem(r, readers) for r, readers in zip(reflections, _readers([r.id for r in reflections]), strict=True)]


@cache
def _readers_of() -> Select[int, User, object]:
    return (
        select(ReflectionRead.reflection_id, User, func.max(ReflectionRead.read_at))
        .join(User, User.id == ReflectionRead.reader_id)
        .where(ReflectionRead.reflection_id.in_(bindparam("ids", expanding=True)))
        .group_by(ReflectionRead.reflection_id, User.id)
        .order_by(func.max(ReflectionRead.read_at).desc())
    )


def _readers(ids: list[int]) -> list[list[tuple[User, object]]]:
    if not ids:
        return []
    rows = db.session.execute(_readers_of(), {"ids": ids})
    by_reflection: dict[int, list[tuple[User, object]]] = {i: [] for i in ids}
    for reflection_id, user, at in rows:
        by_reflection[reflection_id].append((user, at))
    return [by_reflection[i] for i in ids]


def readers_of(reflection: Reflection) -> list[tuple[User, object]]:
    return _readers([reflection.id])[0]


@dataclass
class FeedItem:
    reflection: Reflection
    unread: bool


def feed(reader: User, limit: int = 50) -> list[FeedItem]:
    """Reflections shared with `reader` (staff: their groups' participants; peers: experience cards),
    unread first, then newest (two queries)."""
    read = exists().where(ReflectionRead.reflection_id == Reflection.id, ReflectionRead.reader_id == reader.id)
    rows = db.session.execute(
        select(Reflection, read)
        .options(selectinload(Reflection.author))
        .where(policies.readable_by_others(reader, today()))
        .order_by(read, Reflection.created_at.desc(), Reflection.id.desc())
        .limit(limit)
    )
    return [FeedItem(reflection, not was_read) for reflection, was_read in rows]


@cache
def _group_cards(one_group: bool, limit: int) -> Select[Reflection]:
    """Built once per (one group or all, limit): the reader, their municipality, today and the group are
    parameters. Its four aliases and subqueries cost more to construct than the query takes to run."""
    readable = policies.readable_condition(bindparam("reader_id"), bindparam("municipality_id"), bindparam("today"))
    stmt = (
        select(Reflection)
        .options(
            selectinload(Reflection.author),
            selectinload(Reflection.assignment).joinedload(Assignment.placement).joinedload(Placement.company),
            selectinload(Reflection.meeting),
        )
        .where(Reflection.visibility == Visibility.GROUP, readable)
    )
    if one_group:
        stmt = stmt.where(policies.author_in_group(bindparam("group_id")))
    return stmt.order_by(Reflection.created_at.desc()).limit(limit)


def group_cards(reader: User, group_id: int | None = None, limit: int = 20) -> list[Reflection]:
    """Experience cards the reader may see (optionally only from one group's current members),
    newest first — for the group page, the meeting page and the participant's list."""
    values = {"reader_id": reader.id, "municipality_id": reader.municipality_id, "today": today(), "group_id": group_id}
    return list(db.session.scalars(_group_cards(group_id is not None, limit), values))
