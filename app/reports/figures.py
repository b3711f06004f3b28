"""The report's figures, computed in SQL with grouped queries (never by loading every participant into Python).

Who is counted: the programme periods (app.programme) of the municipality that overlap the report's period (the
participants), and those with a follow-up (6, 12 or 30 months after the start) that fell due in it — often long
after they left; for a group or "my groups" only those of participants who were members of one of those groups
during their period; with a start cohort, only the periods that started in that quarter. Each period is counted over
its *window*: the days it shares with the report's period, up to today (none for a period that only has a follow-up
in it).

One statement, `rows()`, gives one row per participant-period with every figure (the CSV is exactly these rows);
the page's totals and cohort table are sums of those rows grouped by start quarter (`cohorts()`), the median is a
window function over them (`median_days_to_first()`), and the weekly placement share is its own grouped query
(`weekly()`). So the table, the charts and the CSV agree by construction. A report is four queries, however many
participants there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CTE,
    FromClause,
    Integer,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased

from app.events.models import CompanyInterest, EventAttendance, EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import MemberRole, Membership
from app.meetings.models import Attendance, Meeting
from app.meetings.services import membership_covers_meeting
from app.placements import weeks as placement_weeks
from app.placements.models import Assignment, ChangeKind, Placement, PlacementChange
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import FOLLOWUPS, Point, Status, latest_start_due
from app.reports.scope import Scope
from app.sqldates import day_number, day_of, from_day_number, greatest, least, utc_day_of, year_quarter

OUTCOME_GROUPS = ("job", "education", "other")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str) -> Quarter | None:
        """ "2026-Q3" (as the form sends it), else None."""
        year, _, quarter = value.partition("-Q")
        if len(year) == 4 and year.isdigit() and quarter in {"1", "2", "3", "4"}:
            return cls(int(year), int(quarter))
        return None

    @classmethod
    def from_number(cls, number: int) -> Quarter:
        return cls(number // 10, number % 10)

    @property
    def value(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        following = Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1).first_day
        return following - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1)


@dataclass(frozen=True)
class Params:
    scope: Scope
    first: date  # the report's first day
    last: date  # its last day as chosen (the figures stop at today)
    cohort: Quarter | None
    today: date
    now: datetime  # meetings count once they have ended

    @property
    def end(self) -> date:
        return min(self.last, self.today)


def followup_due(started_on: Any, point: Point, p: Params) -> Any:
    """SQL: the `point` follow-up of a period that started on `started_on` fell due within the report's period."""
    before = latest_start_due(point, p.first - timedelta(days=1))
    return and_(started_on > before, started_on <= latest_start_due(point, p.end))


def windows(p: Params) -> CTE:
    """SQL (a CTE): the periods in the report, one row each: key (the period id), user_id, started_on, ended_on,
    quarter (year * 10 + quarter of the start), start and stop (the period's first and last day, up to today),
    lo and hi (its window: the days it shares with the report's period, up to today; lo > hi when it shares none),
    in_period (1 when it overlaps the report's period, 0 when it is only here for a follow-up)."""
    period = ProgrammePeriod
    first, end, today = day_number(p.first), day_number(p.end), day_number(p.today)
    start = day_of(period.started_on)
    stop = func.coalesce(day_of(period.ended_on), today)
    overlaps = and_(period.started_on <= p.end, or_(period.ended_on.is_(None), period.ended_on >= p.first))
    stmt = select(
        period.id.label("key"),
        period.user_id.label("user_id"),
        period.started_on.label("started_on"),
        period.ended_on.label("ended_on"),
        year_quarter(period.started_on).label("quarter"),
        start.label("start"),
        stop.label("stop"),
        greatest(start, first).label("lo"),
        least(stop, end).label("hi"),
        case((overlaps, 1), else_=0).label("in_period"),
    ).where(
        period.municipality_id == p.scope.municipality_id,
        or_(overlaps, *(followup_due(period.started_on, point, p) for point in FOLLOWUPS)),
    )
    if not p.scope.whole_municipality:
        member = aliased(Membership)
        stmt = stmt.where(
            exists().where(
                member.user_id == period.user_id,
                member.role == MemberRole.MEMBER,
                member.group_id.in_(p.scope.group_ids()),
                utc_day_of(member.joined_at) <= stop,
                or_(member.left_at.is_(None), utc_day_of(member.left_at) >= start),
            )
        )
    if p.cohort is not None:
        stmt = stmt.where(period.started_on >= p.cohort.first_day, period.started_on <= p.cohort.last_day)
    return stmt.cte("windows")


def _in_period(column: Any, p: Params) -> Any:
    """SQL: a timestamp's UTC day lies within the report's period (a plain range, so an index on it can be used)."""
    return and_(
        column >= datetime.combine(p.first, time(0), tzinfo=UTC),
        column < datetime.combine(p.end + timedelta(days=1), time(0), tzinfo=UTC),
    )


def _held(w: FromClause, p: Params) -> Select:
    """(key, held): the meetings of the groups in scope (not cancelled, already over) in the window, while the
    participant was a member of the group."""
    day = utc_day_of(Meeting.starts_at)
    return (
        select(w.c.key, func.count().label("held"))
        .select_from(w)
        .join(Membership, and_(Membership.user_id == w.c.user_id, Membership.role == MemberRole.MEMBER))
        .join(Meeting, membership_covers_meeting())
        .where(
            Meeting.group_id.in_(p.scope.group_ids()),
            Meeting.cancelled_at.is_(None),
            Meeting.ends_at <= p.now,
            _in_period(Meeting.starts_at, p),
            day >= w.c.lo,
            day <= w.c.hi,
        )
        .group_by(w.c.key)
    )


def _came(w: FromClause, p: Params) -> Select:
    """(key, came): check-ins at those meetings. A check-in (by code, QR or a facilitator's mark) is only possible
    for a member of the group at the time of the meeting (app/meetings/checkin.py), so no membership is joined."""
    day = utc_day_of(Meeting.starts_at)
    return (
        select(w.c.key, func.count().label("came"))
        .select_from(w)
        .join(Attendance, Attendance.user_id == w.c.user_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.group_id.in_(p.scope.group_ids()),
            Meeting.cancelled_at.is_(None),
            Meeting.ends_at <= p.now,
            _in_period(Meeting.starts_at, p),
            day >= w.c.lo,
            day <= w.c.hi,
        )
        .group_by(w.c.key)
    )


def _first_placement(w: FromClause, p: Params) -> Select:
    """(key, days_to_first): days from the start to the first day in a placement during the period (a placement
    already going on at the start gives 0)."""
    first = day_of(Assignment.start_date)
    last = func.coalesce(day_of(Assignment.end_date), day_number(p.today))
    return (
        select(w.c.key, (func.min(greatest(first, w.c.start)) - w.c.start).label("days_to_first"))
        .select_from(w)
        .join(Assignment, Assignment.user_id == w.c.user_id)
        .where(last >= w.c.start, first <= w.c.stop, placement_weeks.HELD)
        .group_by(w.c.key, w.c.start)
    )


def _switches(w: FromClause) -> Select:
    """(key, switches): switches whose new placement started in the window."""
    started = day_of(Assignment.start_date)
    return (
        select(w.c.key, func.count(PlacementChange.id).label("switches"))
        .select_from(w)
        .join(PlacementChange, PlacementChange.user_id == w.c.user_id)
        .join(Assignment, Assignment.id == PlacementChange.assignment_id)
        .where(PlacementChange.kind == ChangeKind.SWITCHED, started >= w.c.lo, started <= w.c.hi, placement_weeks.HELD)
        .group_by(w.c.key)
    )


def _in_window(w: FromClause) -> Any:
    day = utc_day_of(MatchEvent.starts_at)
    return and_(MatchEvent.cancelled_at.is_(None), day >= w.c.lo, day <= w.c.hi)


def _signups(w: FromClause) -> Select:
    """(key, signups, signed_came): sign-ups for match events in the window, and how many of those came."""
    came = aliased(EventAttendance)
    return (
        select(w.c.key, func.count(EventSignup.id).label("signups"), func.count(came.id).label("signed_came"))
        .select_from(w)
        .join(EventSignup, EventSignup.user_id == w.c.user_id)
        .join(MatchEvent, MatchEvent.id == EventSignup.event_id)
        .outerjoin(came, and_(came.event_id == EventSignup.event_id, came.user_id == EventSignup.user_id))
        .where(_in_window(w))
        .group_by(w.c.key)
    )


def _event_came(w: FromClause) -> Select:
    """(key, events_came): match events in the window they came to (signed up or not)."""
    return (
        select(w.c.key, func.count(EventAttendance.id).label("events_came"))
        .select_from(w)
        .join(EventAttendance, EventAttendance.user_id == w.c.user_id)
        .join(MatchEvent, MatchEvent.id == EventAttendance.event_id)
        .where(_in_window(w))
        .group_by(w.c.key)
    )


def led_to_placement() -> Any:
    """SQL (correlated to CompanyInterest): the "talk more" led to a placement — the same person later chose or
    switched to a placement of that company (an assignment made after the interest was marked). The definition of
    app/placements/from_events.py."""
    return (
        exists()
        .where(
            Assignment.user_id == CompanyInterest.user_id,
            Assignment.created_at > CompanyInterest.created_at,
            Placement.id == Assignment.placement_id,
            Placement.company_id == CompanyInterest.company_id,
        )
        .correlate(CompanyInterest)
    )


def _talk_more(w: FromClause) -> Select:
    """(key, talk_more, talk_more_placed): "I'd like to talk more" at match events in the window, and how many of
    them led to a placement at that company."""
    return (
        select(
            w.c.key,
            func.count(CompanyInterest.id).label("talk_more"),
            func.sum(case((led_to_placement(), 1), else_=0)).label("talk_more_placed"),
        )
        .select_from(w)
        .join(CompanyInterest, CompanyInterest.user_id == w.c.user_id)
        .join(MatchEvent, MatchEvent.id == CompanyInterest.event_id)
        .where(_in_window(w))
        .group_by(w.c.key)
    )


def _outcomes(w: FromClause) -> Select:
    """(key, then per point its status and details): the confirmed exit and the recorded follow-ups."""
    o = ProgrammeOutcome

    def at(point: Point, value: Any) -> Any:
        return func.max(case((and_(o.point == point, o.confirmed_at.is_not(None)), value)))

    def as_int(flag: Any) -> Any:
        return case((flag.is_(True), 1), (flag.is_(False), 0))

    columns = [
        at(Point.EXIT, o.status).label("exit_status"),
        at(Point.EXIT, o.job_kind).label("exit_job_kind"),
        at(Point.EXIT, o.job_hours).label("exit_job_hours"),
        at(Point.EXIT, case((o.placement_company_id.is_not(None), 1), else_=0)).label("exit_hired"),
        at(Point.EXIT, o.education_kind).label("exit_education_kind"),
        at(Point.EXIT, as_int(o.with_su)).label("exit_with_su"),
    ]
    for point in FOLLOWUPS:
        columns += [
            at(point, o.status).label(f"{point.value}_status"),
            at(point, case((o.placement_company_id.is_not(None), 1), else_=0)).label(f"{point.value}_hired"),
        ]
    return select(o.period_id.label("key"), *columns).where(o.period_id.in_(select(w.c.key))).group_by(o.period_id)


def rows(p: Params) -> Select:
    """One row per participant-period in the report, with every figure of it (see the module docstring)."""
    w = windows(p)
    today = day_number(p.today)
    held = _held(w, p).subquery("held")
    came_to = _came(w, p).subquery("came")
    days = placement_weeks.placement_days(w, today).subquery("days")
    hours = placement_weeks.placement_hour_days(w, today).subquery("hours")
    first = _first_placement(w, p).subquery("first_placement")
    switches = _switches(w).subquery("switches")
    signups = _signups(w).subquery("signups")
    came = _event_came(w).subquery("event_came")
    talk = _talk_more(w).subquery("talk_more")
    outcomes = _outcomes(w).subquery("outcomes")
    exited = and_(w.c.ended_on.is_not(None), w.c.ended_on >= p.first, w.c.ended_on <= p.end)

    def exit_(column: Any) -> Any:
        """An exit detail, only for an exit within the report's period."""
        return case((exited, column))

    def zero(column: Any) -> Any:
        return func.coalesce(column, 0)

    in_period = w.c.in_period == 1
    columns: list[Any] = [
        w.c.key,
        w.c.user_id,
        w.c.started_on,
        w.c.ended_on,
        w.c.quarter,
        w.c.in_period,
        greatest(w.c.hi - w.c.lo + 1, 0).label("window_days"),
        case((and_(in_period, w.c.start >= day_number(p.first)), 1), else_=0).label("started_in_period"),
        zero(held.c.held).label("meetings_held"),
        zero(came_to.c.came).label("meetings_came"),
        zero(days.c.days).label("placement_days"),
        zero(days.c.internship_days).label("internship_days"),
        zero(days.c.paid_days).label("paid_days"),
        zero(hours.c.hour_days).label("hour_days"),
        case((in_period, first.c.days_to_first)).label("days_to_first"),
        zero(switches.c.switches).label("switches"),
        zero(signups.c.signups).label("event_signups"),
        zero(signups.c.signed_came).label("event_signed_came"),
        zero(came.c.events_came).label("events_came"),
        zero(talk.c.talk_more).label("talk_more"),
        zero(talk.c.talk_more_placed).label("talk_more_placed"),
        exit_(outcomes.c.exit_status).label("exit_status"),
        exit_(outcomes.c.exit_job_kind).label("exit_job_kind"),
        exit_(outcomes.c.exit_job_hours).label("exit_job_hours"),
        exit_(outcomes.c.exit_hired).label("exit_hired"),
        exit_(outcomes.c.exit_education_kind).label("exit_education_kind"),
        exit_(outcomes.c.exit_with_su).label("exit_with_su"),
    ]
    for point in FOLLOWUPS:
        due = followup_due(w.c.started_on, point, p)
        columns += [
            case((due, 1), else_=0).label(f"{point.value}_due"),
            case((due, getattr(outcomes.c, f"{point.value}_status"))).label(f"{point.value}_status"),
            case((due, getattr(outcomes.c, f"{point.value}_hired"))).label(f"{point.value}_hired"),
        ]
    stmt = select(*columns).select_from(w)
    for part in (held, came_to, days, hours, first, switches, signups, came, talk, outcomes):
        stmt = stmt.outerjoin(part, part.c.key == w.c.key)
    return stmt


# The sums the page shows, over the rows (per start quarter; the totals add the quarters up).
def _sums(r: FromClause) -> list[Any]:
    def count_if(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    def status_in(column: Any, group: str) -> Any:
        if group == "other":
            return and_(column.is_not(None), column.not_in([Status.JOB.value, Status.EDUCATION.value]))
        return column == group

    sums = [
        func.sum(r.c.in_period).label("participants"),
        func.sum(r.c.started_in_period).label("started"),
        count_if(r.c.exit_status.is_not(None)).label("exits"),
        func.sum(r.c.meetings_held).label("meetings_held"),
        func.sum(r.c.meetings_came).label("meetings_came"),
        func.sum(r.c.placement_days).label("placement_days"),
        func.sum(r.c.internship_days).label("internship_days"),
        func.sum(r.c.paid_days).label("paid_days"),
        func.sum(r.c.hour_days).label("hour_days"),
        count_if(r.c.placement_days > 0).label("with_placement"),
        count_if(r.c.days_to_first.is_not(None)).label("ever_placed"),
        func.sum(r.c.switches).label("switches"),
        func.sum(r.c.event_signups).label("event_signups"),
        func.sum(r.c.event_signed_came).label("event_signed_came"),
        func.sum(r.c.events_came).label("events_came"),
        func.sum(r.c.talk_more).label("talk_more"),
        func.sum(r.c.talk_more_placed).label("talk_more_placed"),
        count_if(r.c.exit_hired == 1).label("exit_hired"),
    ]
    sums += [count_if(status_in(r.c.exit_status, group)).label(f"exit_{group}") for group in OUTCOME_GROUPS]
    for point in FOLLOWUPS:
        status = getattr(r.c, f"{point.value}_status")
        sums += [
            func.sum(getattr(r.c, f"{point.value}_due")).label(f"{point.value}_due"),
            count_if(getattr(r.c, f"{point.value}_hired") == 1).label(f"{point.value}_hired"),
        ]
        sums += [count_if(status_in(status, group)).label(f"{point.value}_{group}") for group in OUTCOME_GROUPS]
    return sums


@dataclass
class Totals:
    """The sums over a set of participant-periods, and the figures made of them (None where there is nothing to
    divide by)."""

    values: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, other: dict[str, int]) -> None:
        for name, value in other.items():
            self.values[name] = self.values.get(name, 0) + value

    def share(self, part: str, whole: str) -> float | None:
        whole_value = self.values.get(whole, 0)
        return self.values.get(part, 0) / whole_value if whole_value else None

    @property
    def attendance_rate(self) -> float | None:
        return self.share("meetings_came", "meetings_held")

    @property
    def weeks(self) -> float:
        return self.values.get("placement_days", 0) / 7

    def weeks_of(self, kind: str) -> float:
        return self.values.get(f"{kind}_days", 0) / 7

    @property
    def weeks_per_participant(self) -> float | None:
        participants = self.values.get("participants", 0)
        return self.weeks / participants if participants else None

    @property
    def hours(self) -> float:
        return self.values.get("hour_days", 0) / 7

    @property
    def weekly_hours(self) -> float | None:
        """Placement hours per week in placement."""
        return self.share("hour_days", "placement_days")

    @property
    def switches_per_participant(self) -> float | None:
        return self.share("switches", "participants")

    def recorded(self, point: Point) -> int:
        return sum(self.values.get(f"{point.value}_{group}", 0) for group in OUTCOME_GROUPS)

    def outcome_total(self, point: Point) -> int:
        """Exits in the period (at exit), or the follow-ups fallen due (6/12/30 months)."""
        return self.values.get("exits" if point is Point.EXIT else f"{point.value}_due", 0)

    def not_recorded(self, point: Point) -> int:
        return self.outcome_total(point) - self.recorded(point)


@dataclass
class CohortRow:
    quarter: Quarter
    totals: Totals


def cohorts(p: Params) -> list[CohortRow]:
    """The sums per start quarter, oldest first (one query)."""
    r = rows(p).subquery("r")
    stmt = select(r.c.quarter, *_sums(r)).group_by(r.c.quarter).order_by(r.c.quarter)
    found = []
    for row in db.session.execute(stmt).mappings():
        values = {name: int(value or 0) for name, value in row.items() if name != "quarter"}
        found.append(CohortRow(Quarter.from_number(int(row["quarter"])), Totals(values)))
    return found


def totals_of(rows_: list[CohortRow]) -> Totals:
    total = Totals()
    for row in rows_:
        total.add(row.totals.values)
    return total


def median_days_to_first(p: Params) -> tuple[float | None, int]:
    """The median of the days from the start to the first placement, over the participants who had one, and their
    number (one query: the middle row, or the mean of the two middle rows)."""
    w = windows(p)
    first = _first_placement(w, p).subquery("first_placement")
    ranked = (
        select(
            first.c.days_to_first.label("days"),
            func.row_number().over(order_by=(first.c.days_to_first, first.c.key)).label("rank"),
            func.count().over().label("n"),
        )
        .join(w, w.c.key == first.c.key)
        .where(w.c.in_period == 1)
        .subquery("ranked")
    )
    middle = or_(ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.rank == (ranked.c.n + 2) // 2)
    median, count = db.session.execute(select(func.avg(ranked.c.days), func.max(ranked.c.n)).where(middle)).one()
    if median is None:
        return None, 0
    return float(median), int(count)


@dataclass
class Week:
    monday: date
    participants: int
    placed: int

    @property
    def share(self) -> float | None:
        return self.placed / self.participants if self.participants else None


def weekly(p: Params) -> list[Week]:
    """Per calendar week (Monday to Sunday) that overlaps the report's period: how many participants were in the
    programme on a day of it, and how many of them held a placement on a day of it (one query)."""
    if p.end < p.first:
        return []
    w = windows(p)
    first_monday = p.first - timedelta(days=p.first.weekday())
    weeks = select(cast(literal(day_number(first_monday)), Integer).label("monday")).cte("weeks", recursive=True)
    weeks = weeks.union_all(select(weeks.c.monday + 7).where(weeks.c.monday + 7 <= day_number(p.end)))
    spans = placement_weeks.clipped_assignments(w, day_number(p.today)).subquery("spans")
    present = (
        select(weeks.c.monday, func.count(w.c.key).label("participants"))
        .select_from(weeks)
        .join(w, and_(w.c.lo <= weeks.c.monday + 6, w.c.hi >= weeks.c.monday, w.c.lo <= w.c.hi))
        .group_by(weeks.c.monday)
        .subquery("present")
    )
    placed = (
        select(weeks.c.monday, func.count(func.distinct(spans.c.key)).label("placed"))
        .select_from(weeks)
        .join(spans, and_(spans.c.lo <= weeks.c.monday + 6, spans.c.hi >= weeks.c.monday))
        .group_by(weeks.c.monday)
        .subquery("placed")
    )
    stmt = (
        select(weeks.c.monday, func.coalesce(present.c.participants, 0), func.coalesce(placed.c.placed, 0))
        .outerjoin(present, present.c.monday == weeks.c.monday)
        .outerjoin(placed, placed.c.monday == weeks.c.monday)
        .order_by(weeks.c.monday)
    )
    return [Week(from_day_number(int(monday)), int(n), int(k)) for monday, n, k in db.session.execute(stmt)]


def tune_for_reports() -> None:
    """PostgreSQL: this transaction's report queries run without JIT compilation. The planner's estimates for these
    grouped joins of CTEs are far too high, so it would compile for seconds to save milliseconds (at 50,000
    participants JIT took 4.9 s of a 9.6 s query; bench/report_scale.py). SET LOCAL ends with the transaction.
    Nothing on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def earliest_start(municipality_id: int) -> date | None:
    """The first start of any period in the municipality (for the cohort choices; one query)."""
    return db.session.scalar(
        select(func.min(ProgrammePeriod.started_on)).where(ProgrammePeriod.municipality_id == municipality_id)
    )


DEFINITIONS: tuple[tuple[Any, Any], ...] = (
    (
        _l("Participants"),
        _l(
            "Periods in the programme that overlap the report's period: from the day a young person joined (their "
            "first group) to the day they left. For a group, the participants who were members of it during their "
            "period. Every figure counts the days a period shares with the report's period, up to today."
        ),
    ),
    (
        _l("Attendance"),
        _l(
            "Meetings of the group (not cancelled, already over) held while the participant was a member, and the "
            "share of them they checked in at or were marked as present."
        ),
    ),
    (_l("Weeks in company placements"), placement_weeks.DEFINITION),
    (_l("Average weekly hours"), placement_weeks.HOURS_DEFINITION),
    (
        _l("Placement each week"),
        _l(
            "For each calendar week (Monday to Sunday): of the participants in the programme on at least one day "
            "of it, the share who held a placement on at least one day of it."
        ),
    ),
    (
        _l("Time to first placement"),
        _l(
            "Days from the start to the first day in a placement during the period (0 if one was already going "
            "on); the median over the participants who have had a placement."
        ),
    ),
    (_l("Switches"), _l("Switches from one placement to another whose new placement started in the period.")),
    (
        _l("Match events"),
        _l(
            "Sign-ups for match events held in the period, who came (signed up or not), and “I'd like to talk "
            "more” with a company that was followed by a placement at that company, chosen after it was marked."
        ),
    ),
    (
        _l("Outcomes"),
        _l(
            "At exit: why participants left, for the exits in the period (as confirmed by staff). After 6, 12 and "
            "30 months: how they were doing, for those whose follow-up fell due in the period (also long after "
            "they left). Job, "
            "education, or other (another offer, moved, no longer wants, still in NEXTWORK, neither). Hired by a "
            "placement company: the job is at a company where they had a placement."
        ),
    ),
)
