"""The report's wellbeing section and its CSV: the pulse's k-anonymous monthly figures (app/wellbeing/aggregates)
for the report's scope and period. Only totals of at least K_MIN people; never one person's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.reports.export import decimal_cell, write_csv
from app.reports.figures import Params
from app.wellbeing.aggregates import FIGURES, K_MIN, Cell, group_names, monthly

HEADER = ("month", "group_id", "group", "respondents", *(f"{name}_mean" for name in FIGURES))


@dataclass(frozen=True)
class Section:
    months: dict[date, list[Cell]]
    names: dict[int, str]
    k_min: int = K_MIN

    def label(self, cell: Cell, scope_label: str) -> str:
        if cell.group_id is None:
            return scope_label
        return self.names.get(cell.group_id, _("A group no longer in this report"))


def section(p: Params) -> Section:
    ids = None if p.scope.whole_municipality else p.scope.group_ids()
    months = monthly(p.scope.municipality_id, ids, p.first, p.last)
    if p.scope.group_id is not None:  # one group: its total is the group's own row
        months = {month: cells[:1] for month, cells in months.items()}
    return Section(months, group_names(ids, p.scope.municipality_id))


def _cell_values(cell: Cell) -> list[str]:
    if not cell.shown:
        return [f"<{K_MIN}", *("" for _name in FIGURES)]
    values = [str(cell.respondents)]
    for name in FIGURES:
        figure = cell.figure(name)
        value = None if figure is None else figure.value
        values.append("" if value is None else decimal_cell(value * 100 if name == "good" else value))
    return values


def csv_bytes(p: Params) -> bytes:
    """One row per month and cell (the scope's total has no group id); "<5" and empty figures where too few
    answered. `good_mean` is the share with WHO-5 at 50 or more, in percent."""
    found = section(p)
    lines = []
    for month, cells in found.months.items():
        for cell in cells:
            group = "" if cell.group_id is None else str(cell.group_id)
            lines.append([month.strftime("%Y-%m"), group, found.label(cell, p.scope.label), *_cell_values(cell)])
    return write_csv(HEADER, lines)


def csv_filename(p: Params) -> str:
    return f"nextwork-wellbeing-{p.scope.logged.replace(':', '-')}-{p.first.isoformat()}-{p.last.isoformat()}.csv"
