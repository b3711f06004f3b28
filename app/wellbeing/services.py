"""The pulse's rules: taking part (opt in, not now, off for good), when the card is due, saving a month's answers
once (idempotency key), the person's own trend, and the neutral "I'd like to talk" request.

Months are calendar months in Copenhagen time; an answer belongs to the month it is saved in, and saving again in
the same month changes that month's answer (one row per person and month).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError

from app import signals
from app.accounts.models import User
from app.db import utcnow
from app.errors import RuleConflict
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.idempotency import claim
from app.timeutil import local_today
from app.transaction import transactional
from app.wellbeing import scoring
from app.wellbeing.models import LONELY_ITEMS, WHO5_ITEMS, PulseAnswer, PulseSetting, PulseStatus

KEY_SCOPE = "pulse"
TALK_AGAIN_AFTER = timedelta(hours=24)  # one request a day is enough: the facilitators already know
TREND_MONTHS = 12
ITEMS = tuple(f"who5_{n}" for n in range(1, WHO5_ITEMS + 1)) + tuple(f"lonely_{n}" for n in range(1, LONELY_ITEMS + 1))
FIELDS = (*ITEMS, "useful")
BOUNDS = {name: (0, 5) if name.startswith("who5") else (1, 3) for name in ITEMS} | {"useful": (1, 5)}


class Card(enum.StrEnum):
    """What My week shows about the pulse."""

    NONE = "none"  # nothing: answered this month, skipped it, said "not now", or turned it off
    INVITE = "invite"  # not decided yet: would you like a monthly check-in?
    DUE = "due"  # taking part, and this month is not answered yet


def month_of(day: date) -> date:
    return day.replace(day=1)


def this_month(now: datetime | None = None) -> date:
    return month_of(local_today(now or utcnow()))


def _setting(user: User, *, lock: bool = False) -> PulseSetting | None:
    stmt = select(PulseSetting).where(PulseSetting.user_id == user.id)
    return db.session.scalar(stmt.with_for_update() if lock else stmt)


def _setting_for_change(user: User) -> PulseSetting:
    setting = _setting(user, lock=True)
    if setting is None:
        setting = PulseSetting(user_id=user.id)
        db.session.add(setting)
    return setting


@cache
def _card_statement() -> Select[PulseStatus | None, date | None, bool]:
    """The card's one statement, built once (building a select costs more than running it); person and month are
    bind parameters."""
    answered = (
        select(PulseAnswer.id)
        .where(PulseAnswer.user_id == bindparam("person_id"), PulseAnswer.month == bindparam("month"))
        .exists()
    )
    return select(PulseSetting.status, PulseSetting.quiet_month, answered.label("answered")).where(
        PulseSetting.user_id == bindparam("person_id")
    )


def card_for(user: User, now: datetime | None = None) -> Card:
    """The card for My week (one query)."""
    month = this_month(now)
    row = db.session.execute(_card_statement(), {"person_id": user.id, "month": month}).first()
    if row is None:
        return Card.INVITE
    status, quiet, done = row
    return _card(status, quiet, done, month)


def _card(status: PulseStatus | None, quiet: date | None, answered: bool, month: date) -> Card:
    if status is PulseStatus.OFF or quiet == month or answered:
        return Card.NONE
    return Card.DUE if status is PulseStatus.ON else Card.INVITE


@dataclass(frozen=True)
class Standing:
    """Where the person stands, for their "How are you?" page: taking part or not, this month's card, and when they
    last asked to talk (if within TALK_AGAIN_AFTER)."""

    status: PulseStatus | None
    card: Card
    talk_asked: datetime | None


def standing(user: User, now: datetime | None = None) -> Standing:
    """One read of the person's setting and this month's answer (the page used to read the setting three times)."""
    now = now or utcnow()
    month = this_month(now)
    row = db.session.execute(
        select(PulseSetting, _card_statement().selected_columns.answered).where(
            PulseSetting.user_id == bindparam("person_id")
        ),
        {"person_id": user.id, "month": month},
    ).first()
    if row is None:
        return Standing(None, Card.INVITE, None)
    setting, answered = row
    asked = setting.talk_requested_at
    return Standing(
        setting.status,
        _card(setting.status, setting.quiet_month, answered, month),
        asked if asked is not None and now - asked < TALK_AGAIN_AFTER else None,
    )


@transactional
def join(user: User) -> None:
    """Take part from now on (also after turning it off: it is always the person's own choice)."""
    setting = _setting_for_change(user)
    setting.status, setting.quiet_month = PulseStatus.ON, None


@transactional
def not_now(user: User, now: datetime | None = None) -> None:
    """No card this month, whatever the card was (the invitation or this month's pulse)."""
    _setting_for_change(user).quiet_month = this_month(now)


@transactional
def turn_off(user: User) -> None:
    """Never ask again. The answers already given stay for the person's own trend until they delete them."""
    _setting_for_change(user).status = PulseStatus.OFF


def _checked(values: dict[str, int | None]) -> dict[str, int | None]:
    """Only the pulse's fields, each None or in its scale (forms check this too; the service is the rule)."""
    checked: dict[str, int | None] = {}
    for name in FIELDS:
        value = values.get(name)
        if value is not None:
            low, high = BOUNDS[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise RuleConflict(name, _("Choose one of the answers."))
        checked[name] = value
    return checked


def _current_group_id(user: User) -> int | None:
    return db.session.scalar(
        select(Membership.group_id).where(
            Membership.user_id == user.id, Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
        )
    )


@transactional
def answer(user: User, values: dict[str, int | None], *, key: str | None = None, now: datetime | None = None) -> int:
    """Save this month's answers (skipped items are None) and return the answer's id. Answering also means taking
    part. With an idempotency `key`, AlreadyDone when that key was used before (the first answer stands)."""
    checked = _checked(values)
    claimed = claim(user.id, key, KEY_SCOPE) if key else None  # the first write: a resent form waits here
    setting = _setting_for_change(user)  # the person's row lock: two answers in one month wait for each other
    setting.status = PulseStatus.ON
    month = this_month(now)
    row = db.session.scalar(select(PulseAnswer).where(PulseAnswer.user_id == user.id, PulseAnswer.month == month))
    if row is None:
        row = PulseAnswer(user_id=user.id, month=month, municipality_id=user.municipality_id)
        db.session.add(row)
    row.group_id = _current_group_id(user)
    for name, value in checked.items():
        setattr(row, name, value)
    row.answered_at = now or utcnow()
    try:
        db.session.flush()
    except IntegrityError:  # a first answer of the month saved at the same moment by another device
        raise RuleConflict(None, _("Your answers were saved from another device just now. Please try again.")) from None
    if claimed is not None:
        claimed.result_id = row.id
    return row.id


@dataclass(frozen=True)
class TrendPoint:
    month: date
    wellbeing: int | None  # WHO-5, 0-100
    loneliness: int | None  # 3-9
    useful: int | None  # 1-5
    very_low: bool


def trend(user: User, now: datetime | None = None) -> list[TrendPoint]:
    """The person's own answers of the last TREND_MONTHS months, oldest first (one query)."""
    since = this_month(now)
    for _step in range(TREND_MONTHS - 1):
        since = month_of(since - timedelta(days=1))
    rows = db.session.scalars(
        select(PulseAnswer)
        .where(PulseAnswer.user_id == user.id, PulseAnswer.month >= since)
        .order_by(PulseAnswer.month)
    )
    return [
        TrendPoint(
            row.month,
            scoring.who5_percent(row.who5_items()),
            scoring.loneliness(row.lonely_items()),
            row.useful,
            scoring.is_very_low(row.who5_items()),
        )
        for row in rows
    ]


@transactional
def request_talk(user: User, now: datetime | None = None) -> bool:
    """Tell the person's facilitators that they would like to talk (no answers, no score). False when they already
    asked within TALK_AGAIN_AFTER: nothing is sent again."""
    now = now or utcnow()
    setting = _setting_for_change(user)
    if setting.talk_requested_at is not None and now - setting.talk_requested_at < TALK_AGAIN_AFTER:
        return False
    setting.talk_requested_at = now
    db.session.flush()
    signals.talk_requested.send(user=user)
    return True
