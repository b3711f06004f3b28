"""A participant's pulse setting and their monthly answers.

Answers are small numbers, kept as numbers so staff figures can be summed in the database; no page, CSV or JSON
shows one person's answers to anyone but that person (app/wellbeing/aggregates.py suppresses any figure made
from fewer than K_MIN people).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import UTCDateTime, utcnow, value_enum
from app.extensions import Model

WHO5_ITEMS = 5  # each 0 (at no time) .. 5 (all of the time)
LONELY_ITEMS = 3  # each 1 (hardly ever) .. 3 (often)


class PulseStatus(enum.StrEnum):
    ON = "on"  # the person said yes: the card shows once a month
    OFF = "off"  # turned off for good: never asked again (they may turn it on themselves)


class PulseSetting(Model):
    """Whether the person takes part. No row, or no status: not decided (the card invites them)."""

    __tablename__ = "pulse_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    status: Mapped[PulseStatus | None] = mapped_column(value_enum(PulseStatus, 8))
    quiet_month: Mapped[date | None] = mapped_column(Date)  # "not now" or "skip this month": no card that month
    talk_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def _range(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR ({column} >= {low} AND {column} <= {high})", name=column)


class PulseAnswer(Model):
    """One month's answers of one person. Any item may be skipped (NULL); a scale with a skipped item has no score."""

    __tablename__ = "pulse_answer"
    __table_args__ = (
        UniqueConstraint("user_id", "month", name="uq_pulse_answer_user_month"),
        Index("ix_pulse_answer_municipality_month", "municipality_id", "month"),
        Index("ix_pulse_answer_group_month", "group_id", "month"),
        *(_range(f"who5_{n}", 0, 5) for n in range(1, WHO5_ITEMS + 1)),
        *(_range(f"lonely_{n}", 1, 3) for n in range(1, LONELY_ITEMS + 1)),
        _range("useful", 1, 5),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the (Copenhagen) month it was answered in
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("network_group.id", ondelete="SET NULL"))
    who5_1: Mapped[int | None] = mapped_column(SmallInteger)
    who5_2: Mapped[int | None] = mapped_column(SmallInteger)
    who5_3: Mapped[int | None] = mapped_column(SmallInteger)
    who5_4: Mapped[int | None] = mapped_column(SmallInteger)
    who5_5: Mapped[int | None] = mapped_column(SmallInteger)
    lonely_1: Mapped[int | None] = mapped_column(SmallInteger)
    lonely_2: Mapped[int | None] = mapped_column(SmallInteger)
    lonely_3: Mapped[int | None] = mapped_column(SmallInteger)
    useful: Mapped[int | None] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def who5_items(self) -> list[int | None]:
        return [self.who5_1, self.who5_2, self.who5_3, self.who5_4, self.who5_5]

    def lonely_items(self) -> list[int | None]:
        return [self.lonely_1, self.lonely_2, self.lonely_3]
