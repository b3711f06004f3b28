"""Every statement of the main pages, EXPLAIN ANALYZEd on a country-scale PostgreSQL database.

Logs in (in-process, no server) as a participant, a facilitator and an admin of the first scale municipality,
requests the participant, staff and report pages, records every SQL statement with its parameters, then runs
`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` for each and reports, per page: statements, the database time, and
any sequential scan of a table with more than BIG rows (the big tables must be read through indexes).

    flask --app wsgi demo --scale country          # once, into an empty PostgreSQL database
    SCALE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/nw_country .venv/bin/python bench/explain_pages.py

Exits 1 when a page scans a big table. tests/perf/test_explain.py runs the same check when SCALE_DATABASE_URL
is set.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from sqlalchemy import event, select, text  # noqa: E402

BIG = 20_000
PARTICIPANT_PAGES = ["/week", "/meetings", "/placements", "/placements/mine", "/reflections", "/events", "/me/data"]
STAFF_PAGES = ["/staff", "/staff/people/", "/staff/reflections", "/staff/placements/people"]
STAFF_PAGES += ["/staff/placements/changes", "/staff/groups/", "/staff/events"]
WHO = {"participant": "ung-1-1@scale.example", "facilitator": "konsulent-1-1@scale.example"}


@dataclass
class PageReport:
    page: str
    statements: int = 0
    db_ms: float = 0.0
    seq_scans: list[str] = field(default_factory=list)
    slowest: tuple[float, str, str] = (0.0, "", "")  # (ms, statement, plan outline)


@contextmanager
def recording(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _walk(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


def explain_page(app: Flask, email: str, page: str, big: set[str]) -> PageReport:
    from app.accounts import sessions
    from app.accounts.models import User
    from app.extensions import db

    client = app.test_client()
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        token, user_id = sessions.start_session(user, "explain"), user.id
    with client.session_transaction() as session:
        session.update({"_user_id": str(user_id), "_fresh": True, "sid": token})
    assert client.get(page).status_code == 200, page
    report = PageReport(page)
    with app.app_context():
        with recording(db.engine) as seen:
            response = client.get(page)
        assert response.status_code == 200, page
        for statement, parameters in seen:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            report.statements += 1
            with db.engine.connect() as connection:
                raw = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", parameters)
                plan = raw.scalar_one()
            plan = json.loads(plan) if isinstance(plan, str) else plan
            ms = plan[0]["Execution Time"] + plan[0]["Planning Time"]
            report.db_ms += ms
            if ms > report.slowest[0]:
                outline = " > ".join(
                    f"{n['Node Type']}{'(' + n['Relation Name'] + ')' if 'Relation Name' in n else ''}"
                    f"[{n.get('Actual Rows', '?')}]"
                    for n in _walk(plan[0]["Plan"])
                )
                report.slowest = (ms, " ".join(statement.split())[:400], outline[:400])
            for node in _walk(plan[0]["Plan"]):
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in big:
                    report.seq_scans.append(f"{node['Relation Name']} ({node.get('Filter', '')[:80]})")
    return report


def big_tables(app: Flask) -> set[str]:
    from app.extensions import db

    with app.app_context():
        rows = db.session.execute(text("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'"))
        return {name for name, tuples in rows if tuples > BIG}


def run(url: str) -> list[PageReport]:
    app = _app(url)
    big = big_tables(app)
    reports = [explain_page(app, WHO["participant"], page, big) for page in PARTICIPANT_PAGES]
    reports += [explain_page(app, WHO["facilitator"], page, big) for page in STAFF_PAGES]
    from app.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close the connections now, not at garbage collection
    return reports


def _app(url: str) -> Flask:
    from app import create_app

    # The keys `flask demo --scale` used come from the environment; the test client asks for "localhost", so a
    # TRUSTED_HOSTS meant for a served app (make bench sets one) does not apply here.
    return create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "TRUSTED_HOSTS": None})


def main() -> int:
    url = os.environ.get("SCALE_DATABASE_URL")
    if not url:
        print(__doc__)
        return 2
    reports = run(url)
    print(f"{'page':32} {'SQL':>4} {'DB ms':>8}  sequential scans of big tables")
    for r in reports:
        print(f"{r.page:32} {r.statements:>4} {r.db_ms:>8.1f}  {', '.join(r.seq_scans) or '-'}")
    if "-v" in sys.argv:
        for r in reports:
            if r.slowest[0] > 20:
                print(f"\n{r.page}: slowest {r.slowest[0]:.1f} ms\n  {r.slowest[1]}\n  {r.slowest[2]}")
    return 1 if any(r.seq_scans for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
