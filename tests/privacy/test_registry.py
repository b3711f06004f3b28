"""The registry of personal data covers every column that points at a person, for export and for deletion."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from app.extensions import db
from app.privacy.export import export_data
from app.privacy.registry import REGISTRY, Erase, covered
from tests.factories import make_user


def uncovered(metadata: MetaData, known: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Foreign keys to user.id (and the user table itself) that the registry has no export and erase rule for."""
    found = [("user", "id")] if "user" in metadata.tables else []
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "user" and fk.column.name == "id":
                found.append((table.name, fk.parent.name))
    return sorted(pair for pair in found if pair not in known)


def test_every_foreign_key_to_the_user_is_covered_by_export_and_deletion(app):
    assert uncovered(db.metadata, covered()) == []


def test_the_check_fails_for_a_new_table_that_points_at_a_person():
    metadata = MetaData()
    Table("user", metadata, Column("id", Integer, primary_key=True))
    Table("future_table", metadata, Column("id", Integer, primary_key=True), Column("user_id", ForeignKey("user.id")))
    assert uncovered(metadata, covered()) == [("future_table", "user_id")]


def test_registry_has_no_stale_or_inconsistent_entries(app):
    pairs = [(e.table, e.column) for e in REGISTRY]
    assert len(pairs) == len(set(pairs)), "an entry appears twice"
    for entry in REGISTRY:
        table = db.metadata.tables[entry.table]
        column = table.c[entry.column]
        assert entry.export and entry.erase, entry
        if entry.erase is Erase.USER_ROW:
            assert (entry.table, entry.column) == ("user", "id")
            continue
        assert any(fk.column.table.name == "user" for fk in column.foreign_keys), f"{entry} is not a user FK"
        if entry.erase in (Erase.SET_NULL, Erase.PSEUDONYMISE):
            assert column.nullable, f"{entry}: cannot set a NOT NULL column to NULL"
        if entry.erase is Erase.PSEUDONYMISE:
            assert entry.ref_column in table.c, entry


def test_every_export_path_exists_in_an_export(db):
    export = export_data(make_user())
    for entry in REGISTRY:
        node = export
        for part in entry.export.split("."):
            assert isinstance(node, dict) and part in node, f"{entry.export} is not in the export"
            node = node[part]
