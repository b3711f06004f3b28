"""Check-in at the meeting with a short code that rotates every minute (TOTP, RFC 6238, over a per-meeting secret)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.twofactor import InvalidToken
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.db import affected_rows, utcnow
from app.errors import DomainError
from app.extensions import db
from app.meetings.models import Attendance, CheckinMethod, Meeting
from app.meetings.services import is_member_at
from app.meetings.state import checkin_open, checkin_window
from app.transaction import transaction, transactional

STEP_SECONDS = 60
CODE_DIGITS = 6
RECENT_STEPS = 30  # codes this many minutes old are "expired", older ones just "wrong"


def _totp(secret: str) -> TOTP:
    """The meeting's code generator: TOTP with HMAC-SHA256, keyed with the meeting's own random secret (hex)."""
    return TOTP(bytes.fromhex(secret), CODE_DIGITS, SHA256(), STEP_SECONDS)


def code_for_step(secret: str, step: int) -> str:
    """The code shown during time step `step` (whole minutes since the Unix epoch)."""
    return _totp(secret).generate(step * STEP_SECONDS).decode()


def _shown_in(secret: str, code: str, steps: range) -> bool:
    """Whether `code` was the code of one of `steps` (compared in constant time)."""
    totp = _totp(secret)
    for step in steps:
        try:
            totp.verify(code.encode(), step * STEP_SECONDS)
        except InvalidToken:
            continue
        return True
    return False


def _step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


@dataclass(frozen=True)
class CurrentCode:
    code: str
    seconds_left: int


def current_code(meeting: Meeting, now: datetime | None = None) -> CurrentCode:
    now = now or utcnow()
    step = _step(now)
    return CurrentCode(code_for_step(meeting.checkin_secret, step), STEP_SECONDS - int(now.timestamp()) % STEP_SECONDS)


def window(meeting: Meeting) -> tuple[datetime, datetime]:
    return checkin_window(meeting)


def in_window(meeting: Meeting, now: datetime) -> bool:
    opens, closes = window(meeting)
    return opens <= now <= closes


def is_open(meeting: Meeting, now: datetime | None = None) -> bool:
    return checkin_open(meeting, now)


@transactional
def open_checkin(actor: User, meeting: Meeting, now: datetime | None = None) -> None:
    """A facilitator opens check-in; only inside the window around the start."""
    now = now or utcnow()
    if not actor.is_staff or meeting.group.municipality_id != actor.municipality_id:
        raise DomainError(None, _("You cannot open check-in for this meeting."))
    if meeting.cancelled:
        raise DomainError(None, _("The meeting is cancelled."))
    if not in_window(meeting, now):
        raise DomainError(None, _("Check-in can be opened from 30 minutes before the start until 1 hour after."))
    if meeting.checkin_opened_at is None:
        meeting.checkin_opened_at = now


class CheckinResult(enum.Enum):
    CHECKED_IN = "checked_in"
    ALREADY = "already"


def check_in(
    user: User, meeting: Meeting, code: str, method: CheckinMethod, now: datetime | None = None
) -> CheckinResult:
    """Check the participant in with a code. Returns CheckinResult; raises DomainError('code', …) with the reason.

    The current and the previous minute's codes are accepted; a code from earlier is "expired".
    """
    now = now or utcnow()
    if meeting.cancelled:
        raise DomainError("code", _("This meeting is cancelled, so there is no check-in."))
    if not is_member_at(user, meeting):
        raise DomainError("code", _("You are not in the group of this meeting."))
    if _already(user, meeting):
        return CheckinResult.ALREADY
    opens, closes = window(meeting)
    if now < opens or (meeting.checkin_opened_at is None and now <= closes):
        raise DomainError("code", _("Check-in has not opened yet. It opens when the meeting is about to start."))
    if now > closes:
        raise DomainError("code", _("Check-in for this meeting has closed."))
    code = (code or "").strip()
    step = _step(now)
    secret = meeting.checkin_secret
    if not _shown_in(secret, code, range(step - 1, step + 1)):
        if _shown_in(secret, code, range(step - RECENT_STEPS, step - 1)):
            raise DomainError("code", _("That code has expired. Use the code shown right now."))
        raise DomainError("code", _("That code is not right. Check the numbers and try again."))
    return _record(meeting, user, method, None, now)


def _already(user: User, meeting: Meeting) -> bool:
    return (
        db.session.scalar(
            select(Attendance.id).where(Attendance.meeting_id == meeting.id, Attendance.user_id == user.id)
        )
        is not None
    )


def _record(
    meeting: Meeting, user: User, method: CheckinMethod, marked_by: User | None, now: datetime
) -> CheckinResult:
    row = Attendance(
        meeting_id=meeting.id,
        user_id=user.id,
        method=method,
        marked_by_id=marked_by.id if marked_by else None,
        checked_in_at=now,
    )
    try:
        with transaction():
            db.session.add(row)
    except IntegrityError:  # a double tap raced us: one row is enough
        return CheckinResult.ALREADY
    return CheckinResult.CHECKED_IN


def _check_can_mark(actor: User, meeting: Meeting, person: User) -> None:
    if not actor.is_staff or meeting.group.municipality_id != actor.municipality_id:
        raise DomainError(None, _("You cannot change this meeting."))
    if not is_member_at(person, meeting):
        raise DomainError(None, _("%(name)s is not in this group.", name=person.display_name))


@transactional
def mark_present(actor: User, meeting: Meeting, person: User, now: datetime | None = None) -> bool:
    """A facilitator marks someone present by hand. True if that checked them in; False if they already were
    (pressing it again changes nothing)."""
    _check_can_mark(actor, meeting, person)
    if _already(person, meeting):
        return False
    return _record(meeting, person, CheckinMethod.MANUAL, actor, now or utcnow()) is CheckinResult.CHECKED_IN


@transactional
def remove_checkin(actor: User, meeting: Meeting, person: User) -> bool:
    """A facilitator removes someone's check-in (by code, QR or by hand). True if there was one to remove; False if
    not (pressing it again changes nothing)."""
    _check_can_mark(actor, meeting, person)
    removed = db.session.execute(
        delete(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.user_id == person.id)
    )
    return affected_rows(removed) > 0


def mark_attendance(actor: User, meeting: Meeting, person: User, present: bool) -> None:
    """Mark present or remove the check-in, by a flag (test fixtures use it; the pages use the two services above)."""
    if present:
        mark_present(actor, meeting, person)
    else:
        remove_checkin(actor, meeting, person)
