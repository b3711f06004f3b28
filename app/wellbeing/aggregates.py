"""Staff figures from the pulse: per month, for each group in a report's scope and for the scope as a whole,
how many answered, mean WHO-5 (0-100), the share at 50 or more, mean loneliness (3-9) and how useful NEXTWORK was
(1-5). Never one person's answers:

- a cell (a group's or the total's month) shows figures only when at least K_MIN different people answered in it;
  each figure also needs K_MIN complete answers of its own scale, else it is left out;
- a total is left out too when the people in the scope's hidden cells (groups with too few answers, and answers
  given while in no group) are more than none and fewer than K_MIN, because the total minus the groups shown would
  give those few people's figures away.

One query per report, whatever the number of groups and months.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from app.extensions import db
from app.groups.models import Group
from app.wellbeing import scoring
from app.wellbeing.models import PulseAnswer

K_MIN = 5


@dataclass(frozen=True)
class Figure:
    """A mean (or share) over `n` answers; `value` is None when n < K_MIN."""

    n: int
    total: float

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n >= K_MIN else None


@dataclass
class Cell:
    month: date
    group_id: int | None  # None: the whole scope
    respondents: int = 0
    sums: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0]))
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.respondents >= K_MIN

    def figure(self, name: str) -> Figure | None:
        """The named figure, or None when the cell or the figure has too few answers."""
        if not self.shown:
            return None
        n, total = self.sums.get(name, [0, 0.0])
        found = Figure(int(n), float(total))
        return found if found.value is not None else None

    def add(self, respondents: int, sums: dict[str, tuple[int, float]]) -> None:
        self.respondents += respondents
        for name, (n, total) in sums.items():
            slot = self.sums[name]
            slot[0] += n
            slot[1] += total


FIGURES = ("wellbeing", "good", "loneliness", "useful")


def _by_group(municipality_id: int, group_ids: Select | None, first: date, last: date) -> list[Any]:
    a = PulseAnswer
    who5, good, lonely = scoring.who5_percent_sql(), scoring.who5_good_sql(), scoring.loneliness_sql()
    stmt = (
        select(
            a.month,
            a.group_id,
            func.count(func.distinct(a.user_id)),
            func.count(who5),
            func.coalesce(func.sum(who5), 0),
            func.count(good),
            func.coalesce(func.sum(good), 0),
            func.count(lonely),
            func.coalesce(func.sum(lonely), 0),
            func.count(a.useful),
            func.coalesce(func.sum(a.useful), 0),
        )
        .where(a.municipality_id == municipality_id, a.month >= first, a.month <= last)
        .group_by(a.month, a.group_id)
        .order_by(a.month, a.group_id)
    )
    if group_ids is not None:
        stmt = stmt.where(a.group_id.in_(group_ids))
    return list(db.session.execute(stmt))


def monthly(municipality_id: int, group_ids: Select | None, first: date, last: date) -> dict[date, list[Cell]]:
    """Per month (newest first): the scope's total first, then one cell per group that has answers. `group_ids`
    None is the whole municipality (answers given while in no group count in its total only)."""
    months: dict[date, list[Cell]] = {}
    for month, group_id, people, *numbers in _by_group(municipality_id, group_ids, first.replace(day=1), last):
        cells = months.setdefault(month, [Cell(month, None)])
        sums = {name: (numbers[2 * i], numbers[2 * i + 1]) for i, name in enumerate(FIGURES)}
        cells[0].add(people, sums)
        if group_id is not None:
            cell = Cell(month, group_id)
            cell.add(people, sums)
            cells.append(cell)
        else:
            cells[0].sums["_hidden"][0] += people
    for cells in months.values():
        total, groups = cells[0], cells[1:]
        hidden = int(total.sums.pop("_hidden", [0, 0.0])[0]) + sum(c.respondents for c in groups if not c.shown)
        total.suppressed = 0 < hidden < K_MIN
    return dict(sorted(months.items(), reverse=True))


def group_names(group_ids: Select | None, municipality_id: int) -> dict[int, str]:
    """The names of the groups in scope (one query)."""
    stmt = select(Group.id, Group.name).where(Group.municipality_id == municipality_id)
    if group_ids is not None:
        stmt = stmt.where(Group.id.in_(group_ids))
    return {gid: name for gid, name in db.session.execute(stmt)}
