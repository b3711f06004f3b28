"""The migration that brings programme periods gives every existing participant one: from the local day they first
joined a group; open while they are in one, else ended on the day they last left (without an outcome)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import make_database

REVISION = "973586e61ac0"


def _before() -> str:
    """The revision this one follows (read from the script, so the test does not need a change when it moves)."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    down = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


@pytest.fixture
def old_app(tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    url, drop = make_database(tmp_path)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


def test_existing_participants_get_their_period(old_app):
    with old_app.app_context():
        flask_migrate.upgrade(revision=_before())
        now = datetime(2026, 12, 1, tzinfo=UTC)
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO municipality (id, name, slug, is_demo, deletion_needs_confirmation, "
                    "weekly_hours_cap, default_quiet_start, default_quiet_end, created_at, updated_at) "
                    "VALUES (1, 'By', 'by', false, false, 37, '21:00:00', '08:00:00', :now, :now)"
                ),
                {"now": now},
            )
            for uid, role in ((1, "participant"), (2, "participant"), (3, "participant"), (4, "facilitator")):
                conn.execute(
                    text(
                        'INSERT INTO "user" (id, email, display_name, role, municipality_id, language, active, '
                        "created_at, updated_at) VALUES (:id, :email, 'X', :role, 1, 'da', true, :now, :now)"
                    ),
                    {"id": uid, "email": f"u{uid}@example.test", "role": role, "now": now},
                )
            conn.execute(
                text(
                    "INSERT INTO network_group (id, municipality_id, name, weekday, start_time, "
                    "duration_minutes, place, active, created_at, updated_at) "
                    "VALUES (1, 1, 'G', 0, '10:00:00', 120, '', true, :now, :now)"
                ),
                {"now": now},
            )
            memberships = [
                # user 1: joined 2025-03-02 23:30 UTC = 3 March in Copenhagen, moved groups, still in one
                (1, "member", datetime(2025, 3, 2, 23, 30, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)),
                (1, "member", datetime(2025, 6, 1, tzinfo=UTC), None),
                # user 2: left on 2026-02-10
                (2, "member", datetime(2025, 9, 1, 8, tzinfo=UTC), datetime(2026, 2, 10, 14, tzinfo=UTC)),
                # user 4: a facilitator, no period; user 3: never in a group, no period
                (4, "facilitator", datetime(2024, 1, 1, tzinfo=UTC), None),
            ]
            for user_id, role, joined, left in memberships:
                conn.execute(
                    text(
                        "INSERT INTO membership (group_id, user_id, role, joined_at, left_at) "
                        "VALUES (1, :u, :r, :j, :l)"
                    ),
                    {"u": user_id, "r": role, "j": joined, "l": left},
                )
        flask_migrate.upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT user_id, started_on, ended_on FROM programme_period ORDER BY user_id")
            ).all()
        found = [(u, str(s), None if e is None else str(e)) for u, s, e in rows]
        # user 1 joined on 2 March 23:30 UTC: the local day is 3 March
        assert found == [(1, "2025-03-03", None), (2, "2025-09-01", "2026-02-10")]
        flask_migrate.downgrade(revision=_before())
