"""The migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from collections.abc import Iterator

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Column, MetaData, String, inspect

from app import create_app
from app.extensions import db
from tests.conftest import make_database


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


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def schema_diff(metadata: MetaData | None = None) -> list:
    """Differences between the models and the database, as `flask db migrate` would see them."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True, "render_as_batch": True}
        )
        return compare_metadata(context, metadata if metadata is not None else db.metadata)


def test_upgrade_from_empty_database_matches_the_models(empty_app):
    with empty_app.app_context():
        assert _tables() == set()
        flask_migrate.upgrade()
        model_tables = set(db.metadata.tables)
        assert model_tables, "no models registered"
        assert _tables() == model_tables | {"alembic_version"}
        assert schema_diff() == []


def test_schema_diff_notices_a_model_change(empty_app):
    """The comparison is not blind: a column or a type that the migrations lack shows up."""
    changed = MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["municipality"].append_column(Column("nickname", String(20), nullable=True))
    changed.tables["municipality"].c["name"].type = String(50)
    with empty_app.app_context():
        flask_migrate.upgrade()
        diff = schema_diff(changed)
    found = sorted((d[0], d[2], d[3].name) if isinstance(d, tuple) else (d[0][0], d[0][2], d[0][3]) for d in diff)
    assert found == [("add_column", "municipality", "nickname"), ("modify_type", "municipality", "name")]


def test_downgrade_to_base_removes_every_table(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        assert _tables() <= {"alembic_version"}
        flask_migrate.upgrade()  # and up again, from a downgraded database
        assert schema_diff() == []
