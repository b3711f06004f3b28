"""The person's use cases on "Me and work": choose strengths and interests, say where they showed, pick reflections,
say what to try next, share the page with their facilitators or withdraw it; and a facilitator opening it (a read
receipt for the person and an audit row, in one transaction with the read)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.accounts.audit import record_access
from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.placements.models import Assignment, PlacementKind
from app.placements.queries import filter_choices
from app.placements.rules import HOURS_MAX, HOURS_MIN
from app.reflections.models import Reflection
from app.transaction import transactional
from app.workidentity import policies
from app.workidentity.choices import LISTS, NOTE_MAX, OWN, OWN_ITEMS_MAX, PICKS_MAX, WORDS_MAX, ItemKind
from app.workidentity.models import WorkItem, WorkPageRead, WorkProfile, WorkReflectionPick, WorkWishSector

log = logging.getLogger(__name__)
OBJECT_TYPE = "work_identity"  # in the audit log


def profile_of(user: User) -> WorkProfile | None:
    return db.session.scalar(select(WorkProfile).where(WorkProfile.user_id == user.id))


def ensure_profile(user: User) -> WorkProfile:
    """The person's profile row, added to the session if they have none yet (inside the caller's transaction)."""
    if user.role is not Role.PARTICIPANT:
        raise DomainError(None, _("Only participants have a page about themselves and work."))
    profile = profile_of(user)
    if profile is None:
        profile = WorkProfile(user_id=user.id, cv_name=user.display_name, cv_email=user.email)
        db.session.add(profile)
    return profile


def check_own_assignment(user: User, assignment_id: int | None, field: str = "assignment_id") -> int | None:
    """`assignment_id` if it is one of the person's own placements (current or past), else DomainError."""
    if assignment_id is None:
        return None
    owner = db.session.scalar(select(Assignment.user_id).where(Assignment.id == assignment_id))
    if owner != user.id:
        raise DomainError(field, _("Choose one of your own placements."))
    return assignment_id


def _words(text: str | None, limit: int, field: str, required: bool) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise DomainError(field, _("Write a few words first."))
    if len(text) > limit:
        raise DomainError(field, _("Keep it to %(max)d characters or fewer.", max=limit))
    return text


@transactional
def choose_items(user: User, strengths: Iterable[str], interests: Iterable[str]) -> None:
    """Keep exactly these list items (own words stay as they are); each key must be on its list."""
    ensure_profile(user)
    for kind, keys in ((ItemKind.STRENGTH, set(strengths)), (ItemKind.INTEREST, set(interests))):
        if not keys <= set(LISTS[kind]):
            raise DomainError(kind.value, _("Choose from the list, or write it in your own words."))
        have = {
            item.key: item
            for item in db.session.scalars(
                select(WorkItem).where(WorkItem.user_id == user.id, WorkItem.kind == kind, WorkItem.key != OWN)
            )
        }
        for key, item in have.items():
            if key not in keys:
                db.session.delete(item)
        db.session.add_all(WorkItem(user_id=user.id, kind=kind, key=key) for key in sorted(keys - set(have)))


@transactional
def add_own_words(user: User, kind: ItemKind, words: str, assignment_id: int | None = None) -> WorkItem:
    """A strength or interest in the person's own words, optionally linked to the placement where it showed."""
    ensure_profile(user)
    text = _words(words, WORDS_MAX, "words", required=True)
    count = db.session.scalar(
        select(func.count())
        .select_from(WorkItem)
        .where(WorkItem.user_id == user.id, WorkItem.kind == kind, WorkItem.key == OWN)
    )
    if (count or 0) >= OWN_ITEMS_MAX:
        raise DomainError(
            "words", _("You have %(max)d in your own words already. Remove one first.", max=OWN_ITEMS_MAX)
        )
    item = WorkItem(
        user_id=user.id, kind=kind, key=OWN, words=text, assignment_id=check_own_assignment(user, assignment_id)
    )
    db.session.add(item)
    return item


def get_own_item_or_404(item_id: int, user: User) -> WorkItem:
    item = db.session.get(WorkItem, item_id)
    if item is None or item.user_id != user.id:
        abort(404)
    return item


@transactional
def place_item(user: User, item: WorkItem, assignment_id: int | None) -> None:
    """Say at which of the person's placements a strength or interest showed (None: at no particular one)."""
    if item.user_id != user.id:
        abort(404)
    item.assignment_id = check_own_assignment(user, assignment_id)


@transactional
def remove_item(user: User, item: WorkItem) -> None:
    if item.user_id != user.id:
        abort(404)
    db.session.delete(item)


@transactional
def pick_reflections(user: User, reflection_ids: Iterable[int]) -> None:
    """Show exactly these of the person's own reflections on the page (at most PICKS_MAX)."""
    ensure_profile(user)
    wanted = set(reflection_ids)
    if len(wanted) > PICKS_MAX:
        raise DomainError("reflections", _("Choose at most %(max)d reflections.", max=PICKS_MAX))
    own = set(
        db.session.scalars(select(Reflection.id).where(Reflection.author_id == user.id, Reflection.id.in_(wanted)))
    )
    if own != wanted:
        raise DomainError("reflections", _("Choose among your own reflections."))
    have = set(
        db.session.scalars(select(WorkReflectionPick.reflection_id).where(WorkReflectionPick.user_id == user.id))
    )
    if have - wanted:
        db.session.execute(
            delete(WorkReflectionPick)
            .where(WorkReflectionPick.user_id == user.id, WorkReflectionPick.reflection_id.in_(have - wanted))
            .execution_options(synchronize_session=False)
        )
    db.session.add_all(WorkReflectionPick(user_id=user.id, reflection_id=rid) for rid in sorted(wanted - have))


@transactional
def save_next(
    user: User, *, sectors: Iterable[str], kind: PlacementKind | None, hours: int | None, note: str
) -> WorkProfile:
    """What the person wants to try next: sectors of the municipality's placements, a kind, hours, own words."""
    profile = ensure_profile(user)
    wanted = set(sectors)
    if not wanted <= set(filter_choices(user)[0]):
        raise DomainError("sectors", _("Choose a sector from the list."))
    if hours is not None and not HOURS_MIN <= hours <= HOURS_MAX:
        raise DomainError("hours", _("Write a number from %(min)d to %(max)d.", min=HOURS_MIN, max=HOURS_MAX))
    profile.next_kind = kind
    profile.next_hours = hours
    profile.next_note = _words(note, NOTE_MAX, "note", required=False)
    have = set(db.session.scalars(select(WorkWishSector.sector).where(WorkWishSector.user_id == user.id)))
    if have - wanted:
        db.session.execute(
            delete(WorkWishSector)
            .where(WorkWishSector.user_id == user.id, WorkWishSector.sector.in_(have - wanted))
            .execution_options(synchronize_session=False)
        )
    db.session.add_all(WorkWishSector(user_id=user.id, sector=sector) for sector in sorted(wanted - have))
    return profile


@transactional
def share(user: User, shared: bool) -> None:
    """Share the page with the facilitators of the person's group, or make it theirs alone again at once."""
    profile = ensure_profile(user)
    if shared and profile.shared_at is None:
        profile.shared_at = utcnow()
    elif not shared:
        profile.shared_at = None


@transactional
def open_shared(reader: User, person_id: int) -> tuple[User, WorkProfile | None]:
    """A facilitator opens a participant's page: 404 unless it is shared with them right now. Each read leaves a
    read receipt the person sees and, for staff, an audit row (who, whose, when — no content)."""
    person = db.session.get(User, person_id)
    if person is None or person.role is not Role.PARTICIPANT:
        abort(404)
    profile = profile_of(person)
    if not policies.can_read(reader, person, profile):
        abort(404)
    if reader.id != person.id and profile is not None:
        db.session.add(WorkPageRead(owner_id=person.id, reader_id=reader.id))
        record_access(reader, person.id, action="read", object_type=OBJECT_TYPE, object_id=profile.id)
        log.info("work page of user %s read by user %s", person.id, reader.id)
    return person, profile


def readers(user: User) -> list[tuple[User, object]]:
    """Who read the person's page and when they last did, newest first (one query)."""
    rows = db.session.execute(
        select(User, func.max(WorkPageRead.read_at))
        .join(WorkPageRead, WorkPageRead.reader_id == User.id)
        .where(WorkPageRead.owner_id == user.id)
        .group_by(User.id)
        .order_by(func.max(WorkPageRead.read_at).desc())
    )
    return [(reader, at) for reader, at in rows]
