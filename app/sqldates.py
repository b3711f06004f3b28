"""Portable SQL for counting days, on SQLite and PostgreSQL alike: day numbers, the larger or smaller of two values,
and a date's quarter.

Day numbers are whole days since 1970-01-01, so a span of days is plain integer arithmetic in SQL (no interval
types, no dialect date maths): `hi - lo + 1` days from `lo` to `hi`, both included. Python gives the same number
with `day_number(date)`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

EPOCH = date(1970, 1, 1)
SQLITE_EPOCH_JULIAN = 2440587.5  # julianday('1970-01-01')


def day_number(day: date) -> int:
    """The day number SQL's `day_of` gives for `day`."""
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=number)


# The classes below are named in lower case, as the SQL functions they stand for and are used like.
class day_of(FunctionElement[int]):
    """SQL: the day number of a DATE column or value."""

    type = Integer()
    inherit_cache = True
    name = "day_of"


class utc_day_of(FunctionElement[int]):
    """SQL: the day number of a timestamp's UTC date (timestamps are stored in UTC)."""

    type = Integer()
    inherit_cache = True
    name = "utc_day_of"


class greatest(FunctionElement[int]):
    """SQL: the larger of the values (none may be NULL: SQLite's max() would give NULL, PostgreSQL would skip it)."""

    type = Integer()
    inherit_cache = True
    name = "greatest"


class least(FunctionElement[int]):
    """SQL: the smaller of the values (none may be NULL)."""

    type = Integer()
    inherit_cache = True
    name = "least"


class year_quarter(FunctionElement[int]):
    """SQL: a DATE's year and quarter as one number, year * 10 + quarter (2026-08-14 gives 20263)."""

    type = Integer()
    inherit_cache = True
    name = "year_quarter"


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    return f"CAST(julianday({arg}) - {SQLITE_EPOCH_JULIAN} AS INTEGER)"


@compiles(day_of)
def _day_of(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    return f"(CAST({arg} AS DATE) - DATE '1970-01-01')"


@compiles(utc_day_of, "sqlite")
def _utc_day_of_sqlite(element: utc_day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    # julianday() of a stored 'YYYY-MM-DD HH:MM:SS' keeps the time as a fraction; CAST drops it (days are >= 0).
    return f"CAST(julianday({arg}) - {SQLITE_EPOCH_JULIAN} AS INTEGER)"


@compiles(utc_day_of)
def _utc_day_of(element: utc_day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    return f"(CAST(({arg}) AT TIME ZONE 'UTC' AS DATE) - DATE '1970-01-01')"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: greatest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({', '.join(_args(element, compiler, **kw))})"


@compiles(greatest)
def _greatest(element: greatest, compiler: SQLCompiler, **kw: Any) -> str:
    return f"GREATEST({', '.join(_args(element, compiler, **kw))})"


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({', '.join(_args(element, compiler, **kw))})"


@compiles(least)
def _least(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({', '.join(_args(element, compiler, **kw))})"


@compiles(year_quarter, "sqlite")
def _year_quarter_sqlite(element: year_quarter, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    return f"(CAST(strftime('%Y', {arg}) AS INTEGER) * 10 + (CAST(strftime('%m', {arg}) AS INTEGER) + 2) / 3)"


@compiles(year_quarter)
def _year_quarter(element: year_quarter, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = _args(element, compiler, **kw)
    return f"(CAST(EXTRACT(YEAR FROM {arg}) AS INTEGER) * 10 + CAST(EXTRACT(QUARTER FROM {arg}) AS INTEGER))"
