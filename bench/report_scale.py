"""The municipality report at demo scale and with 50,000 participants, on PostgreSQL: how much slower is it?

Makes two databases on PostgreSQL (127.0.0.1:5432, user postgres; --url for another server), fresh each run and
dropped at the end (--keep keeps them):

- demo: `flask demo` (Roskilde: 20 participants and 36 former ones with three years of exits and follow-ups);
- big: one municipality with 50,000 participants in 5,000 groups of 10 (app.demo_scale: 25 weeks of meetings and
  about 1,000,000 check-ins, a placement for 60 % with an hours change), and on top of it, with INSERT … SELECT:
  each participant's programme period (starts spread over three years, two thirds of those who started more than
  200 days ago have left), their exits, 6/12/30-month follow-ups, earlier placements ended by a switch, and 24
  match events over the year with sign-ups, attendance and "talk more".

For each, the admin's municipality report is requested in-process (no HTTP server) for the default period (the
last twelve months) and since the first start: the page (every figure, chart and table) and the pseudonymised CSV;
one warm-up, then the median of --runs. Prints the times, the number of SQL statements and the ratio big / demo.

    .venv/bin/python bench/report_scale.py [--runs 5] [--keep] [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, event, make_url, select, text  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BIG_SCALE = "report-bench"
PARTICIPANTS = 50_000

# The programme on top of the scale data, as SQL over the users it made (one municipality). Deterministic: every
# choice is a function of the id. :today is the load's local date.
PROGRAMME_SQL = [
    # A period per participant: started 0-1,094 days ago; of those who started more than 200 days ago, two in three
    # have left 60-179 days after their start.
    """
    INSERT INTO programme_period (municipality_id, user_id, started_on, ended_on, created_at, updated_at)
    SELECT municipality_id, id, CAST(:today AS date) - (id % 1095),
           CASE WHEN id % 1095 > 200 AND id % 3 > 0 THEN CAST(:today AS date) - (id % 1095) + 60 + id % 120 END,
           now(), now()
    FROM "user" WHERE role = 'participant'
    """,
    # Their exits: 4 in 10 a job (a third of them at a placement company), 2 education, then the others.
    """
    INSERT INTO programme_outcome (period_id, point, status, job_kind, job_hours, placement_company_id,
                                   education_kind, with_su, as_of, reported_at, confirmed_at)
    SELECT p.id, 'exit',
           (ARRAY['job','job','job','job','education','education','other_offer','moved','no_longer_wants','other'])
               [p.user_id % 10 + 1],
           CASE WHEN p.user_id % 10 < 4 THEN 'ordinary' END,
           CASE WHEN p.user_id % 10 < 4 THEN 20 + p.user_id % 18 END,
           CASE WHEN p.user_id % 10 < 4 AND p.user_id % 3 = 0 THEN
               (SELECT min(id) FROM company WHERE company.municipality_id = p.municipality_id) END,
           CASE WHEN p.user_id % 10 IN (4, 5) THEN 'vocational' END,
           CASE WHEN p.user_id % 10 IN (4, 5) THEN p.user_id % 4 > 0 END,
           p.ended_on, now(), now()
    FROM programme_period p WHERE p.ended_on IS NOT NULL
    """,
    # Follow-ups that have fallen due, four in five recorded: job, education or neither.
    """
    INSERT INTO programme_outcome (period_id, point, status, job_kind, education_kind, as_of, reported_at,
                                   confirmed_at)
    SELECT p.id, f.point,
           (ARRAY['job','job','job','education','neither'])[(p.user_id / 7 + f.months) % 5 + 1],
           CASE WHEN (p.user_id / 7 + f.months) % 5 < 3 THEN 'ordinary' END,
           CASE WHEN (p.user_id / 7 + f.months) % 5 = 3 THEN 'higher' END,
           CAST(:today AS date), now(), now()
    FROM programme_period p
    JOIN (VALUES ('m6', 6), ('m12', 12), ('m30', 30)) AS f(point, months)
      ON p.started_on + make_interval(months => f.months) <= CAST(:today AS date)
    WHERE p.user_id % 5 > 0
    """,
    # An earlier placement, ended by a switch to the one they hold now (one in five of those with a placement).
    """
    INSERT INTO assignment (user_id, placement_id, status, start_date, end_date, weekly_hours, end_reason, lesson,
                            created_at, ended_at)
    SELECT a.user_id, a.placement_id, 'ended', a.start_date - 42, a.start_date - 1, 12, 'Skiftede praktik', '',
           now() - interval '100 days', now() - interval '56 days'
    FROM assignment a WHERE a.status = 'active' AND a.user_id % 5 = 0
    """,
    """
    INSERT INTO hours_change (assignment_id, from_hours, to_hours, effective_date, changed_at)
    SELECT id, NULL, 12, start_date, now() FROM assignment WHERE status = 'ended'
    """,
    """
    INSERT INTO placement_change (municipality_id, user_id, kind, assignment_id, previous_assignment_id, from_hours,
                                  to_hours, created_at)
    SELECT p.municipality_id, a.user_id, 'switched', a.id, e.id, 12, a.weekly_hours, now()
    FROM assignment a JOIN assignment e ON e.user_id = a.user_id AND e.status = 'ended'
    JOIN placement p ON p.id = a.placement_id
    WHERE a.status = 'active'
    """,
    # 24 match events over the last year, each with the 1/24 of the participants whose id falls to it.
    """
    INSERT INTO match_event (municipality_id, title, starts_at, ends_at, place, description, signups, created_at,
                             updated_at)
    SELECT m.id, 'Match-event ' || n, now() - make_interval(days => n * 15), now() - make_interval(days => n * 15)
           + interval '3 hours', 'Jobcentret', '', 0, now(), now()
    FROM municipality m CROSS JOIN generate_series(1, 24) AS n
    """,
    """
    INSERT INTO event_signup (event_id, user_id, signed_up_at)
    SELECT e.id, u.id, e.starts_at - interval '7 days'
    FROM "user" u JOIN match_event e ON e.municipality_id = u.municipality_id
     AND e.title = 'Match-event ' || (u.id % 24 + 1)
    WHERE u.role = 'participant'
    """,
    "UPDATE match_event SET signups = (SELECT count(*) FROM event_signup WHERE event_id = match_event.id)",
    """
    INSERT INTO event_attendance (event_id, user_id, marked_at)
    SELECT event_id, user_id, signed_up_at + interval '7 days' FROM event_signup WHERE user_id % 4 > 0
    """,
    """
    INSERT INTO company_interest (event_id, company_id, user_id, created_at)
    SELECT s.event_id, (SELECT min(id) FROM company), s.user_id, s.signed_up_at + interval '7 days'
    FROM event_signup s WHERE s.user_id % 3 = 0
    """,
]


def _admin_url(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _create_database(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _drop_database(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _app(url: str) -> Flask:
    from app import create_app

    return create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None})


def load_demo_world(app: Flask) -> str:
    from app.demo import load_demo
    from app.extensions import db

    with app.app_context():
        db.create_all()
        load_demo(password_method="scrypt:1024:8:1")
    return "admin@example.org"


def load_big_world(app: Flask, echo: Callable[[str], None]) -> str:
    from app import demo_scale
    from app.db import utcnow
    from app.extensions import db
    from app.timeutil import local_today

    # 5,000 groups of 10, 25 weeks of meetings; as many placements (of 5 seats) as a fifth of the people, so the
    # 60 % in a placement fill three seats of each.
    demo_scale.SCALES[BIG_SCALE] = demo_scale.Scale(1, PARTICIPANTS // 10, 10, 25, 4, PARTICIPANTS // 5, 0)
    with app.app_context():
        db.create_all()
        demo_scale.load_scale(BIG_SCALE, echo=lambda line: echo(f"  scale: {line}"))
        started = time.monotonic()
        today = local_today(utcnow()).isoformat()
        for statement in PROGRAMME_SQL:
            db.session.execute(text(statement), {"today": today})
        db.session.commit()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        counts = {
            table: db.session.scalar(text(f"SELECT count(*) FROM {table}"))  # nosec B608 # names from the tuple
            for table in ("programme_period", "programme_outcome", "assignment", "attendance", "event_signup")
        }
        echo(f"  programme data in {time.monotonic() - started:.0f} s: {counts}")
    return "admin-1@scale.example"


def _client(app: Flask, email: str) -> Any:
    from app.accounts import sessions
    from app.accounts.models import User
    from app.extensions import db

    client = app.test_client()
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        token, user_id = sessions.start_session(user, "bench"), user.id
    with client.session_transaction() as session:
        session.update({"_user_id": str(user_id), "_fresh": True, "sid": token})
    return client


def _pseudonymised_export(app: Flask, client: Any, query: dict[str, str]) -> Callable[[], Any]:
    from app.extensions import db
    from app.programme.models import ExportKey

    page = client.get("/staff/reports", query_string=query).get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    client.post("/staff/reports/keys", data={"csrf_token": token, "name": f"bench {uuid.uuid4().hex[:6]}"})
    with app.app_context():
        key_id = db.session.scalar(select(ExportKey.id).order_by(ExportKey.id.desc()))
    data = {"csrf_token": token, "key": str(key_id), "pseudonymised": "1", **query}
    return lambda: client.post("/staff/reports/export", data=data)


def measure(app: Flask, email: str, runs: int) -> dict[str, tuple[float, int]]:
    """(median seconds, SQL statements) of the report page and its pseudonymised CSV, two periods each."""
    from app.extensions import db
    from app.programme.models import ProgrammePeriod

    client = _client(app, email)
    with app.app_context():
        first = db.session.scalar(select(ProgrammePeriod.started_on).order_by(ProgrammePeriod.started_on).limit(1))
    found: dict[str, tuple[float, int]] = {}
    periods = {
        "12 months": {"scope": "municipality"},
        "since the start": {"scope": "municipality", "first": first.isoformat()},
    }
    for period, query in periods.items():
        export = _pseudonymised_export(app, client, query)
        for what, call in (("page", lambda q=query: client.get("/staff/reports", query_string=q)), ("CSV", export)):
            response = call()  # warm-up
            assert response.status_code == 200, (what, response.status_code)
            statements: list[str] = []
            with app.app_context():
                engine = db.engine

            def listener(*args: Any, seen: list[str] = statements) -> None:
                seen.append(args[2])

            event.listen(engine, "before_cursor_execute", listener)
            times = []
            for _ in range(runs):
                begun = time.perf_counter()
                response = call()
                response.get_data()
                times.append(time.perf_counter() - begun)
                assert response.status_code == 200
            event.remove(engine, "before_cursor_execute", listener)
            found[f"{what}, {period}"] = (statistics.median(times), len(statements) // runs)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the two databases (printed) for a look")
    parser.add_argument("--url", default=DEFAULT_URL, help="any database on the PostgreSQL server (to connect)")
    args = parser.parse_args()
    suffix = uuid.uuid4().hex[:8]
    names = {"demo": f"nw_bench_report_demo_{suffix}", "big": f"nw_bench_report_big_{suffix}"}
    results: dict[str, dict[str, tuple[float, int]]] = {}
    try:
        for which, name in names.items():
            _create_database(args.url, name)
            app = _app(_admin_url(args.url, name))
            print(f"{which}: loading into {name} …", flush=True)
            started = time.monotonic()
            email = load_demo_world(app) if which == "demo" else load_big_world(app, lambda s: print(s, flush=True))
            print(f"{which}: loaded in {time.monotonic() - started:.0f} s; measuring", flush=True)
            results[which] = measure(app, email, args.runs)
            from app.extensions import db

            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    finally:
        if not args.keep:
            for name in names.values():
                _drop_database(args.url, name)
        else:
            print("kept:", ", ".join(names.values()))
    print(f"\nmedian of {args.runs} runs; the admin's municipality report (PostgreSQL)")
    print(f"{'':28} {'demo':>12} {'50,000':>12} {'ratio':>7}   SQL statements (demo / 50,000)")
    for key in results["demo"]:
        small, big = results["demo"][key], results["big"][key]
        print(
            f"{key:28} {small[0] * 1000:>9.0f} ms {big[0] * 1000:>9.0f} ms {big[0] / small[0]:>6.1f}x"
            f"   {small[1]} / {big[1]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
