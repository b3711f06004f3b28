"""The monthly view of a group: per meeting held in the chosen month(s), attendance (checked in of the members at
the time) and the mean rating per principle, with the reflections' texts. Two queries, however many meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, select

from app.accounts.models import User
from app.db import utcnow
from app.extensions import db
from app.facilitation import policies, services
from app.facilitation.models import Principle
from app.facilitation.services import ReflectionRow
from app.groups.models import Group, Membership
from app.meetings.models import Attendance, Meeting
from app.meetings.services import membership_covers_meeting
from app.timeutil import local_to_utc, local_today

SPANS = (1, 3, 6)  # how many months the page can show, ending with the chosen one
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only (\d also takes other scripts' digits)


@dataclass
class MeetingFigures:
    meeting_id: int
    starts_at: datetime
    members: int  # members of the group at the time of the meeting
    came: int  # checked in (with the code, the QR or marked by staff)
    means: dict[Principle, float | None] = field(default_factory=dict)
    rated: dict[Principle, int] = field(default_factory=dict)  # how many reflections rated each principle
    reflections: int = 0

    @property
    def attendance(self) -> float | None:
        return self.came / self.members if self.members else None


@dataclass
class MonthView:
    group: Group
    first: date  # the first day of the first month shown
    last: date  # the first day of the last (chosen) month
    months: int
    meetings: list[MeetingFigures]
    reflections: list[ReflectionRow]
    means: dict[Principle, float | None]  # over every rating in the span

    @property
    def previous(self) -> date:
        return add_months(self.last, -1)

    @property
    def next(self) -> date:
        return add_months(self.last, 1)


def add_months(first_day: date, months: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(raw: str | None, now: datetime | None = None) -> date | None:
    """The first day of the month written as YYYY-MM; the current month when empty; None when it is no month."""
    if not raw:
        today = local_today(now or utcnow())
        return date(today.year, today.month, 1)
    match = _MONTH.fullmatch(raw)
    if match is None or not 2000 <= int(match.group(1)) <= 2100 or not 1 <= int(match.group(2)) <= 12:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_span(raw: str | None) -> int | None:
    """How many months: one of SPANS (1 when empty), else None."""
    if not raw:
        return SPANS[0]
    return int(raw) if raw in {str(n) for n in SPANS} else None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def month_view(reader: User, group: Group, last: date, months: int = 1, now: datetime | None = None) -> MonthView:
    """The meetings of the group held (started, not cancelled) from the first day of `months` months ending with
    `last`'s month, with attendance and mean ratings, and the reflections written on meetings of that span."""
    now = now or utcnow()
    first = add_months(last, 1 - months)
    start, end = local_to_utc(first, time(0)), local_to_utc(add_months(last, 1), time(0))
    members = select(func.count(Membership.id)).where(membership_covers_meeting()).correlate(Meeting).scalar_subquery()
    came = select(func.count(Attendance.id)).where(Attendance.meeting_id == Meeting.id).correlate(Meeting)
    held = db.session.execute(
        select(Meeting.id, Meeting.starts_at, members, came.scalar_subquery())
        .where(
            Meeting.group_id == group.id,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.starts_at <= now,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at)
    )
    meetings = {mid: MeetingFigures(mid, starts, n_members, n_came) for mid, starts, n_members, n_came in held}
    reflections = (
        services.rows(
            services.select_rows().where(
                Meeting.group_id == group.id, Meeting.starts_at >= start, Meeting.starts_at < end
            )
        )
        if policies.may_read(reader, group)
        else []
    )
    everything: dict[Principle, list[int]] = {p: [] for p in Principle}
    per_meeting: dict[int, dict[Principle, list[int]]] = {mid: {p: [] for p in Principle} for mid in meetings}
    for row in reflections:
        if row.meeting_id in meetings:
            meetings[row.meeting_id].reflections += 1
        for principle, value in row.ratings.items():
            if value is not None:
                everything[principle].append(value)
                if row.meeting_id in per_meeting:
                    per_meeting[row.meeting_id][principle].append(value)
    for mid, figures in meetings.items():
        figures.means = {p: _mean(values) for p, values in per_meeting[mid].items()}
        figures.rated = {p: len(values) for p, values in per_meeting[mid].items()}
    means = {p: _mean(values) for p, values in everything.items()}
    return MonthView(group, first, last, months, list(meetings.values()), reflections, means)
