"""What a week in a company placement is, said once: the rule in words (shown on the reports page), in Python (for
one person's placements) and in SQL (for many people at once, grouped).

The rule (DEFINITION): a calendar day counts as a day in placement when the participant held at least one placement
that day, from its first day to its last day, both included (a placement still going on counts up to today).
Weeks in placement are those days divided by 7.
- A switch ends the old placement the day before the new one starts (app/placements/services.py `switch`), so the
  days run on without a gap, and a day is never counted twice.
- Two placements held at the same time count their shared days once in the total; by kind (internship, paid
  hours), each kind counts its own days, so the two kinds can add up to more than the total.
- A change of hours does not change the days. Hours count from the day the change takes effect: each day counts
  1/7 of the weekly hours in force that day (the hours of placements held at the same time add up).
- Average weekly hours are those hours divided by the weeks in placement.
- A placement given up before its first day (AssignmentStatus.WITHDRAWN) was never held and counts nowhere.

A person's placement timeline (queries.figures) applies the same day rule to each placement on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, FromClause, Select, and_, case, func, select

from app.placements.models import Assignment, AssignmentStatus, HoursChange, Placement, PlacementKind
from app.sqldates import day_of, greatest, least

# A placement given up before its first day (withdrawn) was never held: it has no days.
HELD = Assignment.status != AssignmentStatus.WITHDRAWN

DEFINITION = _l(
    "A day counts as a day in placement when the participant held at least one company placement that day, from "
    "its first to its last day, both included (a placement still going on counts up to today). A week in "
    "placement is 7 such days. A switch ends the old placement the day before the new one starts, so the days run "
    "on without a gap and none is counted twice; two placements held at the same time count each shared day once "
    "(by kind, each kind counts its own days). A change of hours does not change the days: each day counts 1/7 of "
    "the weekly hours in force that day, from the day the change takes effect. A placement given up before its "
    "first day does not count."
)
HOURS_DEFINITION = _l(
    "Average weekly hours: the placement hours divided by the weeks in placement (hours of placements held at the "
    "same time add up)."
)


def days_in_placement(spans: Iterable[tuple[date, date]]) -> int:
    """The number of days covered by at least one of the (first day, last day) spans, both days included."""
    covered = 0
    reach: date | None = None  # the last day covered so far
    for first, last in sorted(spans):
        if last < first:
            continue
        start = first if reach is None or first > reach else date.fromordinal(reach.toordinal() + 1)
        if last >= start:
            covered += (last - start).days + 1
        reach = last if reach is None else max(reach, last)
    return covered


def clipped_assignments(windows: FromClause, today: int) -> Select:
    """SQL: for each window (columns key, user_id, lo, hi: day numbers, both included; none when lo > hi), the
    person's placements clipped to it: (key, aid, kind, lo, hi). A placement still going on lasts until `today` (a
    day number)."""
    first = day_of(Assignment.start_date)
    last = func.coalesce(day_of(Assignment.end_date), today)
    return (
        select(
            windows.c.key,
            Assignment.id.label("aid"),
            Placement.kind.label("kind"),
            greatest(first, windows.c.lo).label("lo"),
            least(last, windows.c.hi).label("hi"),
        )
        .join(Assignment, Assignment.user_id == windows.c.user_id)
        .join(Placement, Placement.id == Assignment.placement_id)
        .where(first <= windows.c.hi, last >= windows.c.lo, windows.c.lo <= windows.c.hi, HELD)
    )


def placement_days(windows: FromClause, today: int) -> Select:
    """SQL, one row per window with a placement day in it: (key, days, internship_days, paid_days).

    Days held at the same time are counted once: ordered by first day, each span adds only the days after the
    furthest last day of the spans before it (a running maximum, per person and per kind)."""
    spans = clipped_assignments(windows, today).subquery("spans")
    order = (spans.c.lo, spans.c.hi, spans.c.aid)
    before = func.max(spans.c.hi).over(partition_by=spans.c.key, order_by=order, rows=(None, -1))
    before_kind = func.max(spans.c.hi).over(partition_by=(spans.c.key, spans.c.kind), order_by=order, rows=(None, -1))
    ranked = select(
        spans.c.key,
        spans.c.kind,
        spans.c.lo,
        spans.c.hi,
        before.label("reach"),
        before_kind.label("reach_kind"),
    ).subquery("ranked")

    def new_days(reach: ColumnElement[int]) -> ColumnElement[int]:
        start = greatest(ranked.c.lo, func.coalesce(reach + 1, ranked.c.lo))
        return greatest(ranked.c.hi - start + 1, 0)

    def of_kind(kind: PlacementKind) -> ColumnElement[int]:
        return func.sum(case((ranked.c.kind == kind, new_days(ranked.c.reach_kind)), else_=0))

    return select(
        ranked.c.key,
        func.sum(new_days(ranked.c.reach)).label("days"),
        of_kind(PlacementKind.INTERNSHIP).label("internship_days"),
        of_kind(PlacementKind.PAID_HOURS).label("paid_days"),
    ).group_by(ranked.c.key)


def placement_hour_days(windows: FromClause, today: int) -> Select:
    """SQL, one row per window with a placement day in it: (key, hour_days), the sum over the days in placement of
    the weekly hours in force that day. Divided by 7 that is the hours worked (a whole number here, so sums stay
    exact). Hours changes of one day in the order they were made: the last one holds."""
    first = day_of(Assignment.start_date)
    last = func.coalesce(day_of(Assignment.end_date), today)
    effective = day_of(HoursChange.effective_date)
    following = func.lead(effective).over(
        partition_by=(windows.c.key, HoursChange.assignment_id), order_by=(HoursChange.effective_date, HoursChange.id)
    )
    steps = (
        select(
            windows.c.key,
            HoursChange.to_hours.label("hours"),
            greatest(effective, first, windows.c.lo).label("lo"),
            least(func.coalesce(following - 1, last), last, windows.c.hi).label("hi"),
        )
        .join(Assignment, Assignment.user_id == windows.c.user_id)
        .join(HoursChange, HoursChange.assignment_id == Assignment.id)
        # Whole placements only: the window function must see every hours change of the placement.
        .where(and_(first <= windows.c.hi, last >= windows.c.lo, windows.c.lo <= windows.c.hi, HELD))
    ).subquery("steps")
    return select(
        steps.c.key, func.sum(steps.c.hours * greatest(steps.c.hi - steps.c.lo + 1, 0)).label("hour_days")
    ).group_by(steps.c.key)
