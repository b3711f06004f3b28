"""Migrations keep the data that is there. On SQLite, Alembic's batch mode rebuilds a changed table (copy, drop,
rename); with foreign keys enforced, dropping the old table would delete every row that points at it through an
ON DELETE CASCADE (a meeting's answers and check-ins). migrations/env.py turns enforcement off while migrating
and checks the keys afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import make_database

BEFORE_MEETING_REBUILD = "d1fc38bc8024"  # 2de452ed2fb0 rebuilds the meeting table on SQLite


@pytest.fixture
def empty_app(tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    url, drop = make_database(tmp_path)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


def _count(table: str) -> int:
    return db.session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()


def test_upgrading_keeps_a_meetings_answers_and_check_ins(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade(revision=BEFORE_MEETING_REBUILD)
        for statement in (
            "INSERT INTO municipality (id, name, slug, is_demo, created_at, updated_at)"
            " VALUES (1, 'By', 'by', false, '2026-01-01', '2026-01-01')",
            'INSERT INTO "user" (id, email, display_name, role, municipality_id, language, active, created_at,'
            " updated_at) VALUES (1, 'a@b.dk', 'A', 'participant', 1, 'da', true, '2026-01-01', '2026-01-01')",
            "INSERT INTO network_group (id, municipality_id, name, weekday, start_time, duration_minutes, place,"
            " active, created_at, updated_at) VALUES (1, 1, 'G', 1, '10:00:00', 120, '', true, '2026-01-01',"
            " '2026-01-01')",
            "INSERT INTO meeting (id, group_id, series_date, starts_at, ends_at, place, agenda, cancel_reason,"
            " checkin_secret, created_at, updated_at) VALUES (1, 1, '2026-01-06', '2026-01-06 09:00:00',"
            " '2026-01-06 11:00:00', '', '', '', 'x', '2026-01-01', '2026-01-01')",
            "INSERT INTO rsvp (id, meeting_id, user_id, answer, reason, answered_at) VALUES (1, 1, 1, 'yes', '',"
            " '2026-01-05')",
            "INSERT INTO attendance (id, meeting_id, user_id, method, checked_in_at) VALUES (1, 1, 1, 'code',"
            " '2026-01-06 09:05:00')",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        flask_migrate.upgrade()
        assert (_count("meeting"), _count("rsvp"), _count("attendance")) == (1, 1, 1)


BEFORE_WITHDRAWN_DATA = "e5fa07c2a439"  # f6b1c8d2e7a4 withdraws placements that were ended before they began


def test_placements_ended_before_their_first_day_become_withdrawn(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade(revision=BEFORE_WITHDRAWN_DATA)
        for statement in (
            "INSERT INTO municipality (id, name, slug, is_demo, created_at, updated_at)"
            " VALUES (1, 'By', 'by', false, '2026-01-01', '2026-01-01')",
            'INSERT INTO "user" (id, email, display_name, role, municipality_id, language, active, created_at,'
            " updated_at) VALUES (1, 'a@b.dk', 'A', 'participant', 1, 'da', true, '2026-01-01', '2026-01-01')",
            "INSERT INTO company (id, municipality_id, name, sector, area, description, contact_name,"
            " contact_email, contact_phone, active, created_at, updated_at) VALUES (1, 1, 'C', '', '', '', '', '',"
            " '', true, '2026-01-01', '2026-01-01')",
            "INSERT INTO placement (id, municipality_id, company_id, title, kind, description, tasks, sector, area,"
            " address, hours_min, hours_max, seats, taken, is_open, created_at, updated_at) VALUES (1, 1, 1, 'P',"
            " 'internship', '', '', '', '', '', 5, 20, 3, 0, true, '2026-01-01', '2026-01-01')",
            # Switched away on 2 Dec from a placement that would have begun on 3 Dec: ended "3 Dec – 3 Dec".
            "INSERT INTO assignment (id, user_id, placement_id, status, start_date, end_date, weekly_hours,"
            " end_reason, lesson, created_at, ended_at) VALUES (1, 1, 1, 'ended', '2026-12-03', '2026-12-03', 10,"
            " '', '', '2026-12-01 09:00:00', '2026-12-02 10:00:00')",
            # Really tried it: ended after its first day.
            "INSERT INTO assignment (id, user_id, placement_id, status, start_date, end_date, weekly_hours,"
            " end_reason, lesson, created_at, ended_at) VALUES (2, 1, 1, 'ended', '2026-11-02', '2026-11-20', 10,"
            " '', '', '2026-11-01 09:00:00', '2026-11-20 15:00:00')",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        flask_migrate.upgrade()
        rows = db.session.execute(text("SELECT id, status, end_date FROM assignment ORDER BY id")).all()
        assert [(row[0], row[1], row[2]) for row in rows][0] == (1, "withdrawn", None)
        assert (rows[1][0], rows[1][1]) == (2, "ended") and str(rows[1][2]) == "2026-11-20"
