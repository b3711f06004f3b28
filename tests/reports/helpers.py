"""Reading the report page and its CSV the way a person (or a spreadsheet) would."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.reports.world import FIRST, LAST, World


def report_url(world: World, scope: str | None = None, **extra: str) -> str:
    scope = scope or f"group-{world.g.id}"
    query = {"scope": scope, "first": FIRST.isoformat(), "last": LAST.isoformat(), **extra}
    return "/staff/reports?" + "&".join(f"{k}={v}" for k, v in query.items())


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def figure_cells(html: str) -> dict[str, str]:
    """The key figures table: data-figure name -> the cell's text."""
    return {name: text(cell) for name, cell in re.findall(r'<td data-figure="(\w+)">(.*?)</td>', html, re.S)}


def table_rows(html: str, table_id: str) -> list[str]:
    body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, f"no table {table_id}"
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)


def chart_values(html: str, key: str) -> list[tuple[str, float]]:
    """(series, data-value) of each bar of the chart `key`, in the order drawn."""
    svg = re.search(rf'<figure class="chart" id="{key}-chart">(.*?)</figure>', html, re.S)
    assert svg, f"no chart {key}"
    return [
        (series, float(value))
        for value, series in re.findall(
            r'<rect class="bar[^"]*"[^>]*data-value="([\d.]+)"(?: data-series="(\w+)")?', svg.group(1)
        )
    ]


def download(client: FlaskClient, world: World, *, key_id: int | None = None, scope: str | None = None):  # noqa: ANN201
    """POST the export form of the page (with names, or pseudonymised with `key_id`)."""
    data = {
        "csrf_token": csrf_token(client, report_url(world, scope)),
        "scope": scope or f"group-{world.g.id}",
        "first": FIRST.isoformat(),
        "last": LAST.isoformat(),
        "cohort": "",
    }
    if key_id is not None:
        data |= {"pseudonymised": "1", "key": str(key_id)}
    else:
        data["named"] = "1"
    return client.post("/staff/reports/export", data=data)


def parse_csv(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def number(cell: str) -> float:
    """A Danish number from the page or the CSV ("18,4", "1.155")."""
    return float(cell.replace(".", "").replace(",", ".").replace("\xa0", ""))
