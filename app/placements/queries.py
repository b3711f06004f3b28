"""Read-only views of placements: browsing with filters, a person's timeline, staff overviews.

Each function makes a small, fixed number of queries, however many rows exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from sqlalchemy import BindParameter, Integer, Select, bindparam, case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from app.accounts.models import User
from app.companies.models import Company
from app.extensions import db
from app.placements.models import Assignment, AssignmentStatus, HoursChange, Placement, PlacementChange, PlacementKind

PAGE_SIZE = 20


@dataclass
class Filters:
    kind: PlacementKind | None = None
    sector: str = ""
    area: str = ""
    hours: int | None = None
    free_only: bool = False
    q: str = ""
    page: int = 1


@dataclass
class BrowsePage:
    placements: list[Placement]
    total: int
    page: int
    pages: int
    mine: set[int] = field(default_factory=set)


@cache
def _browse(
    kind: bool, sector: bool, area: bool, hours: bool, free_only: bool, q: bool
) -> tuple[Select[int], Select[Placement]]:
    """The count and the page statement for one combination of filters in use, built once; the municipality,
    the filters' values and the offset are parameters (constructing these costs more than running them)."""
    stmt = (
        select(Placement)
        .join(Placement.company)
        .options(contains_eager(Placement.company))
        .where(Placement.municipality_id == bindparam("municipality_id"))
    )
    if kind:
        stmt = stmt.where(Placement.kind == bindparam("kind"))
    if sector:
        stmt = stmt.where(Placement.sector == bindparam("sector"))
    if area:
        stmt = stmt.where(Placement.area == bindparam("area"))
    if hours:
        stmt = stmt.where(Placement.hours_min <= bindparam("hours"), Placement.hours_max >= bindparam("hours"))
    if free_only:
        stmt = stmt.where(Placement.is_open.is_(True), Placement.taken + Placement.held < Placement.seats)
    if q:
        needle: BindParameter[str] = bindparam("needle")
        stmt = stmt.where(
            or_(
                func.lower(Placement.title).like(needle),
                func.lower(Company.name).like(needle),
                func.lower(Placement.description).like(needle),
                func.lower(Placement.tasks).like(needle),
            )
        )
    count = select(func.count()).select_from(stmt.order_by(None).subquery())
    available = case((Placement.is_open.is_(True) & (Placement.taken + Placement.held < Placement.seats), 0), else_=1)
    page = (
        stmt.order_by(available, func.lower(Placement.title), Placement.id)
        .limit(PAGE_SIZE)
        .offset(bindparam("offset", type_=Integer))
    )
    return count, page


@cache
def _active_placement_ids() -> Select[int]:
    return select(Assignment.placement_id).where(
        Assignment.user_id == bindparam("user_id"), Assignment.status == AssignmentStatus.ACTIVE
    )


def browse(user: User, filters: Filters) -> BrowsePage:
    """The municipality's placements matching `filters`: open ones with free seats first, then by title."""
    count, page_stmt = _browse(
        filters.kind is not None,
        bool(filters.sector),
        bool(filters.area),
        filters.hours is not None,
        filters.free_only,
        bool(filters.q),
    )
    values = {
        "municipality_id": user.municipality_id,
        "kind": filters.kind,
        "sector": filters.sector,
        "area": filters.area,
        "hours": filters.hours,
        "needle": f"%{filters.q.lower()}%",
    }
    total = db.session.scalar(count, values) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    rows = db.session.scalars(page_stmt, {**values, "offset": (page - 1) * PAGE_SIZE})
    mine = set(db.session.scalars(_active_placement_ids(), {"user_id": user.id}))
    return BrowsePage(list(rows), total, page, pages, mine)


@cache
def _filter_choices() -> tuple[Select[str], Select[str]]:
    town = Placement.municipality_id == bindparam("municipality_id")
    return (
        select(Placement.sector).where(town, Placement.sector != "").distinct(),
        select(Placement.area).where(town, Placement.area != "").distinct(),
    )


def filter_choices(user: User) -> tuple[list[str], list[str]]:
    """The sectors and areas that the municipality's placements have (for the filter selects)."""
    sectors_stmt, areas_stmt = _filter_choices()
    values = {"municipality_id": user.municipality_id}
    return sorted(db.session.scalars(sectors_stmt, values)), sorted(db.session.scalars(areas_stmt, values))


@dataclass
class TimelineEntry:
    assignment: Assignment
    weeks: float
    total_hours: float

    @property
    def days(self) -> int:
        """Whole days so far (for a time shorter than a week, which reads better in days than as 0.4 weeks)."""
        return round(self.weeks * 7)

    @property
    def history(self) -> list[HoursChange]:
        """How the weekly hours changed: the first hours from the first day, then each change from its day."""
        return sorted(self.assignment.hours_history, key=lambda h: (h.effective_date, h.id))


def figures(assignment: Assignment, history: list[HoursChange], today: date) -> tuple[float, float]:
    """Weeks and total hours so far: each day from the start to the end (or today), inclusive,
    counts 1/7 of the weekly hours in force that day. Rounded to one decimal."""
    last = min(assignment.end_date or today, today)
    days = (last - assignment.start_date).days + 1
    if days <= 0:
        return 0.0, 0.0
    steps = sorted(history, key=lambda h: (h.effective_date, h.id))
    total = 0.0
    for index, change in enumerate(steps):
        begin = max(change.effective_date, assignment.start_date)
        until = steps[index + 1].effective_date if index + 1 < len(steps) else None
        stop = min(last, until - timedelta(days=1)) if until else last
        if stop >= begin:
            total += change.to_hours * ((stop - begin).days + 1) / 7
    return round(days / 7, 1), round(total, 1)


def timeline(user: User, today: date) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """The person's current and past placements with weeks and hours so far (two queries)."""
    assignments = db.session.scalars(
        select(Assignment)
        .join(Assignment.placement)
        .join(Placement.company)
        .options(
            contains_eager(Assignment.placement).contains_eager(Placement.company),
            selectinload(Assignment.hours_history),
        )
        # A placement given up before its first day is not something they tried: it is left out.
        .where(Assignment.user_id == user.id, Assignment.status != AssignmentStatus.WITHDRAWN)
        .order_by(Assignment.start_date.desc(), Assignment.id.desc())
    ).unique()
    current: list[TimelineEntry] = []
    past: list[TimelineEntry] = []
    for assignment in assignments:
        weeks, hours = figures(assignment, assignment.hours_history, today)
        entry = TimelineEntry(assignment, weeks, hours)
        (current if assignment.status is AssignmentStatus.ACTIVE else past).append(entry)
    return current, past


@cache
def _current_assignments() -> Select[Assignment]:
    """Built once (My week asks on every view); the person is a parameter."""
    return (
        select(Assignment)
        .join(Assignment.placement)
        .join(Placement.company)
        .options(contains_eager(Assignment.placement).contains_eager(Placement.company))
        .where(Assignment.user_id == bindparam("user_id"), Assignment.status == AssignmentStatus.ACTIVE)
        .order_by(Assignment.start_date)
    )


def current_assignments(user: User) -> list[Assignment]:
    """Active placements with their company, for My week (one query)."""
    return list(db.session.scalars(_current_assignments(), {"user_id": user.id}).unique())


WHO_IS_WHERE_PAGE = 50  # rows a page: a screenful or two; at country scale a page of 100 cost twice the demo page


@dataclass
class WhoIsWhere:
    assignments: list[Assignment]
    people: int  # in a placement now, in the whole municipality
    page: int
    pages: int


def who_is_where(actor: User, page: int = 1) -> WhoIsWhere:
    """The municipality's active assignments with person, placement and company, a page at a time, by company,
    placement and name (three queries). Starts from the municipality's placements, so the database reads only
    their assignments (by the placement index), however many the country has."""
    placement_ids = list(
        db.session.scalars(select(Placement.id).where(Placement.municipality_id == actor.municipality_id))
    )
    active = (Assignment.placement_id.in_(placement_ids), Assignment.status == AssignmentStatus.ACTIVE)
    people, total = db.session.execute(
        select(func.count(func.distinct(Assignment.user_id)), func.count(Assignment.id)).where(*active)
    ).one()
    pages = max(1, -(-total // WHO_IS_WHERE_PAGE))
    page = min(max(page, 1), pages)
    assignments = list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.placement)
            .join(Placement.company)
            .join(Assignment.user)
            .options(
                contains_eager(Assignment.placement).contains_eager(Placement.company),
                contains_eager(Assignment.user),
            )
            .where(*active)
            .order_by(
                func.lower(Company.name), func.lower(Placement.title), func.lower(User.display_name), Assignment.id
            )
            .limit(WHO_IS_WHERE_PAGE)
            .offset((page - 1) * WHO_IS_WHERE_PAGE)
        ).unique()
    )
    return WhoIsWhere(assignments, people, page, pages)


@lru_cache(maxsize=8)
def _changes_statement(among: Select[int] | None) -> Select[PlacementChange]:
    stmt = (
        select(PlacementChange)
        .join(PlacementChange.user)
        .options(
            contains_eager(PlacementChange.user),
            selectinload(PlacementChange.assignment).joinedload(Assignment.placement).joinedload(Placement.company),
            selectinload(PlacementChange.previous_assignment)
            .joinedload(Assignment.placement)
            .joinedload(Placement.company),
        )
        .where(PlacementChange.municipality_id == bindparam("changes_municipality_id"))
        .order_by(PlacementChange.created_at.desc(), PlacementChange.id.desc())
        .limit(bindparam("changes_limit", type_=Integer))
    )
    return stmt if among is None else stmt.where(PlacementChange.user_id.in_(among))


def recent_changes(
    actor: User, limit: int = 50, among: Select[int] | None = None, among_params: dict[str, int] | None = None
) -> list[PlacementChange]:
    """The newest choices, switches, hours changes and endings in the municipality, or only of the people
    whose ids `among` selects, with the values of its bind parameters in `among_params` (two queries). The statement
    is built once per `among`: pass one that is itself built once (e.g. people.scope.people_ids_statement)."""
    params = {"changes_municipality_id": actor.municipality_id, "changes_limit": limit, **(among_params or {})}
    return list(db.session.scalars(_changes_statement(among), params).unique())
