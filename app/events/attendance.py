"""Who actually came to a match event: staff mark it once the event has started, for the people who signed up and
for walk-ins (participants of the municipality who came without signing up). Marking is idempotent both ways."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.events.models import EventAttendance, EventSignup, MatchEvent
from app.extensions import db
from app.transaction import transaction, transactional


@dataclass
class Attendance:
    """Who came, for the staff event page (two queries; the walk-in choices only while marking is possible)."""

    came: set[int]  # ids of everyone marked as came
    walk_ins: list[User]  # came without signing up, by name
    can_mark: bool
    candidates: list[User] = field(default_factory=list)  # may still be marked as walk-ins, by name


def can_mark(event: MatchEvent) -> bool:
    """Attendance is marked from the start of the event on (also afterwards), unless it was cancelled."""
    return event.cancelled_at is None and event.starts_at <= utcnow()


def _check(actor: User, event: MatchEvent) -> None:
    if not actor.is_staff or actor.municipality_id != event.municipality_id:
        raise DomainError(None, _("That is not part of your municipality."))
    if event.cancelled_at is not None:
        raise DomainError(None, _("This event is cancelled."))
    if event.starts_at > utcnow():
        raise DomainError(None, _("You can mark who came once the event has started."))


def mark_came(actor: User, event: MatchEvent, person: User) -> bool:
    """Mark that `person` came; True if new, False if they were already marked (nothing changes).

    Raises DomainError before the start, for a cancelled event, for staff of another municipality and for anyone
    who is not a participant of the event's municipality.
    """
    _check(actor, event)
    if person.role is not Role.PARTICIPANT or person.municipality_id != event.municipality_id:
        raise DomainError(None, _("Only participants of the municipality can do this."))
    match = (EventAttendance.event_id == event.id, EventAttendance.user_id == person.id)
    if db.session.scalar(select(EventAttendance.id).where(*match)) is not None:
        return False
    try:
        with transaction():
            db.session.add(EventAttendance(event_id=event.id, user_id=person.id, marked_by_id=actor.id))
    except IntegrityError:
        # Two staff marked the same person at the same moment: the first mark stands.
        if db.session.scalar(select(EventAttendance.id).where(*match)) is None:
            raise
        return False
    return True


@transactional
def unmark_came(actor: User, event: MatchEvent, person: User) -> bool:
    """Take back a mark; True if there was one. Raises DomainError as `mark_came` does for the event."""
    _check(actor, event)
    removed = db.session.execute(
        delete(EventAttendance)
        .where(EventAttendance.event_id == event.id, EventAttendance.user_id == person.id)
        .execution_options(synchronize_session=False)
    )
    return affected_rows(removed) == 1


def attendance_of(event: MatchEvent) -> Attendance:
    """Who came (one query for the marks with the walk-ins' names) and, while marking is possible, the active
    participants of the municipality who may still be marked as walk-ins (one more query)."""
    signed_up = exists().where(EventSignup.event_id == event.id, EventSignup.user_id == User.id)
    rows = db.session.execute(
        select(EventAttendance.user_id, User, signed_up.label("signed_up"))
        .join(User, User.id == EventAttendance.user_id)
        .where(EventAttendance.event_id == event.id)
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    view = Attendance(
        came={user_id for user_id, _user, _signed in rows},
        walk_ins=[user for _id, user, signed in rows if not signed],
        can_mark=can_mark(event),
    )
    if view.can_mark:
        marked = exists().where(EventAttendance.event_id == event.id, EventAttendance.user_id == User.id)
        view.candidates = list(
            db.session.scalars(
                select(User)
                .where(
                    User.municipality_id == event.municipality_id,
                    User.role == Role.PARTICIPANT,
                    User.active.is_(True),
                    ~signed_up,
                    ~marked,
                )
                .order_by(func.lower(User.display_name), User.id)
            )
        )
    return view
