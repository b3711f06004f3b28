"""The table, the chart's numbers and the CSV say the same: one test reads all three, for the outcomes by start
cohort (chart + table + CSV rows grouped by quarter), the weekly placement share (chart + table) and the key
figures (table + CSV sums)."""

from __future__ import annotations

import re

from tests.reports.helpers import (
    chart_values,
    download,
    figure_cells,
    number,
    parse_csv,
    report_url,
    table_rows,
    text,
)
from tests.reports.world import COHORTS, EXPECTED, WEEKS


def test_table_chart_and_csv_agree(client, login_as, world):
    login_as(client, world.frida)
    html = client.get(report_url(world)).get_data(as_text=True)
    rows = parse_csv(download(client, world).data)

    # Outcomes by start cohort: table rows, the stacked bars (job, education, other, not left per quarter), CSV.
    table = {}
    for row in table_rows(html, "cohort-table"):
        cells = dict(re.findall(r'<td data-cell="(\w+)">(.*?)</td>', row))
        quarter = re.search(r'data-quarter="([\w-]+)"', html[html.index(row) - 60 : html.index(row)]).group(1)
        table[quarter] = tuple(int(cells[name]) for name in ("participants", "job", "education", "other", "open"))
    bars = chart_values(html, "cohorts")
    series = ("job", "education", "other", "open")
    chart = [tuple(int(v) for _s, v in bars[i : i + 4]) for i in range(0, len(bars), 4)]
    assert [s for s, _v in bars[:4]] == list(series)
    from_csv: dict[str, list[int]] = {}
    for row in rows:
        counts = from_csv.setdefault(row["start_quarter"], [0, 0, 0, 0, 0])
        if row["in_report_period"] == "0":
            continue  # in the file for a follow-up that fell due in the period only
        counts[0] += 1
        group = row["exit_group"] or "open"
        counts[1 + series.index(group)] += 1
    assert list(table) == sorted(COHORTS)
    assert table == {q: tuple(c) for q, c in from_csv.items()}
    assert chart == [t[1:] for t in table.values() if t[0]]  # a cohort with no participant has no bar
    assert {q: t[:4] for q, t in table.items()} == COHORTS

    # The weekly share: the chart's bars and the table's percentages (the CSV has no weeks).
    weekly_table = [int(v) for v in re.findall(r'<td data-value="(\d+)">', "".join(table_rows(html, "weekly-table")))]
    weekly_chart = [int(v) for _s, v in chart_values(html, "weekly")]
    assert weekly_table == weekly_chart == [round(placed / people * 100) for _m, people, placed in WEEKS]
    assert "5. jan. 2026" in table_rows(html, "weekly-table")[0]  # a date written as on the other pages

    # The key figures: the table and the CSV's sums.
    cells = figure_cells(html)
    total = {
        name: sum(float(r[name].replace(",", ".") or 0) for r in rows)
        for name in rows[0]
        if name.endswith(("days", "held", "came", "switches", "signups", "talk_more", "placement", "hours"))
    }
    participants = sum(int(r["in_report_period"]) for r in rows)
    assert int(cells["participants"]) == participants == EXPECTED["participants"]
    assert number(cells["weeks"]) == round(total["placement_days"] / 7, 1)
    assert number(cells["weeks_internship"]) == round(total["internship_days"] / 7, 1)
    assert number(cells["weeks_paid"]) == round(total["paid_hours_days"] / 7, 1)
    assert number(cells["weekly_hours"]) == round(total["placement_hours"] / (total["placement_days"] / 7), 1)
    assert text(cells["attendance"]).startswith("50")
    assert f"({int(total['meetings_came'])} af {int(total['meetings_held'])})" in cells["attendance"]
    assert int(cells["event_signups"]) == total["event_signups"]
    assert int(cells["talk_more"]) == total["talk_more"]
    assert f"({int(total['talk_more_to_placement'])} af" in cells["talk_more_placed"]
    assert number(cells["switches_per_participant"].split()[0]) == total["switches"] / participants
    followups = {p: sum(r[f"followup_{p}m_group"] != "" for r in rows) for p in (6, 12, 30)}
    assert followups == {6: 1, 12: 1, 30: 1}  # recorded and fallen due in the period: C, K and F
