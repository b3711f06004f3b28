"""Demo pulse answers: most of today's participants take part and have answered the last months, so the reports page
has figures (and a group with too few answers shows none); Amira takes part and this month's check-in is due, so My
week shows its card and her page shows her trend."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.models import Municipality, Role, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.timeutil import local_today
from app.wellbeing.models import PulseAnswer, PulseSetting, PulseStatus

MONTHS_BACK = 4
SAYS_NO = {"ung19@example.org"}  # turned it off for good
UNDECIDED = {"ung20@example.org"}  # still sees the invitation
ASKED_TO_TALK = "ung5@example.org"  # pressed "I'd like to talk" yesterday: first in the staff's attention list


def _months(now: datetime) -> list:
    month = local_today(now).replace(day=1)
    found = [month]
    for _step in range(MONTHS_BACK):
        month = (month - timedelta(days=1)).replace(day=1)
        found.append(month)
    return found[::-1]


def add_wellbeing(town: Municipality, users: dict[str, User], now: datetime | None = None) -> None:
    """Settings and answers for the demo's participants. Adds and flushes; never commits."""
    now = now or utcnow()
    rng = random.Random(2031)
    months = _months(now)
    group_of = dict(
        db.session.execute(
            select(Membership.user_id, Membership.group_id).where(
                Membership.role == MemberRole.MEMBER, Membership.left_at.is_(None)
            )
        ).all()
    )
    for email, person in users.items():
        if person.role is not Role.PARTICIPANT or email in UNDECIDED:
            continue
        if email in SAYS_NO:
            db.session.add(PulseSetting(user_id=person.id, status=PulseStatus.OFF))
            continue
        asked = now - timedelta(days=1) if email == ASKED_TO_TALK else None
        db.session.add(PulseSetting(user_id=person.id, status=PulseStatus.ON, talk_requested_at=asked))
        mood = rng.randint(1, 4)  # how this person has been doing, roughly; it improves over the months
        answered = months[:-1] if email == "ung1@example.org" else months
        for index, month in enumerate(answered):
            if email != "ung1@example.org" and rng.random() < 0.2:
                continue  # a month skipped
            level = min(5, mood + index // 2)
            db.session.add(
                PulseAnswer(
                    user_id=person.id,
                    month=month,
                    municipality_id=town.id,
                    group_id=group_of.get(person.id),
                    **{f"who5_{n}": max(0, min(5, level + rng.randint(-1, 1))) for n in range(1, 6)},
                    **{f"lonely_{n}": max(1, min(3, 3 - level // 2 + rng.randint(-1, 0))) for n in range(1, 4)},
                    useful=max(1, min(5, level + rng.randint(0, 1))),
                    answered_at=now - timedelta(days=(len(months) - 1 - index) * 30),
                )
            )
    db.session.flush()
