"""The CSV exports: the pseudonymised one holds no name, e-mail or free text of the fixture, its ids are stable
within one export key and differ across keys (and are not the database ids); cells that could start a formula are
escaped; UTF-8 with a BOM; every export is logged, and the one with names also in each person's access log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.audit import AuditEntry
from app.extensions import db as _db
from app.programme.models import ExportKey, ProgrammePeriod, ReportExport
from app.reports.export import escape_cell
from tests.conftest import post_form
from tests.reports.helpers import download, parse_csv, report_url
from tests.reports.world import EXPECTED, build

FORMULAS = ('=HYPERLINK("http://x")', "+1", "@SUM(1)", "-2+3", "\tTAB", "\rCR")
NAMES = {"A": FORMULAS[0], "B": FORMULAS[1], "C": FORMULAS[2], "E": "Søren Ærø Åberg", "F": "-2+3"}


@pytest.fixture
def world(db):  # noqa: ANN001 - overrides the plain world: names that look like formulas, and Danish letters
    world = build(NAMES)
    # Free text the export must never carry: a placement's reason for ending and lesson, a group message.
    from app.placements.models import Assignment

    for assignment in db.session.scalars(select(Assignment)):
        assignment.end_reason = "Hemmelig grund til at stoppe"
        assignment.lesson = "Privat lektie om mig selv"
    db.session.commit()
    return world


def make_key(client, name: str) -> ExportKey:  # noqa: ANN001
    response = post_form(client, "/staff/reports/keys", {"name": name})
    assert response.status_code == 302
    return _db.session.scalar(select(ExportKey).where(ExportKey.name == name))


def test_escape_cell():
    for formula in FORMULAS:
        assert escape_cell(formula) == "'" + formula
    assert escape_cell("Søren") == "Søren" and escape_cell("2026-Q1") == "2026-Q1" and escape_cell("") == ""


def test_named_csv_escapes_formulas_and_keeps_danish_letters(client, login_as, world):
    login_as(client, world.frida)
    response = download(client, world)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response.headers["Content-Disposition"]
    rows = parse_csv(response.data)
    names = sorted(row["name"] for row in rows)
    expected = ["'" + NAMES["A"], "'" + NAMES["B"], "'" + NAMES["C"], "Søren Ærø Åberg", "'-2+3", "Deltager K"]
    assert names == sorted(expected)
    assert "Søren Ærø Åberg".encode() in response.data  # UTF-8, not escaped or transliterated


def test_pseudonymised_csv_has_no_names_emails_or_free_text(client, login_as, world):
    login_as(client, world.frida)
    key = make_key(client, "Evaluator 2026")
    response = download(client, world, key_id=key.id)
    assert response.status_code == 200
    body = response.data.decode("utf-8-sig")
    people = world.people.values()
    for forbidden in (
        [p.display_name for p in people]
        + [p.email for p in people]
        + [
            "Hemmelig grund",
            "Privat lektie",
            "Gruppe G",
            "Cykelværkstedet",
            "Caféen",
            "Testby",
            "Frida",
            "HYPERLINK",
            "SUM(",
        ]
    ):
        assert forbidden not in body
    rows = parse_csv(response.data)
    assert len(rows) == EXPECTED["participants"] + 1  # and K, for their follow-up
    assert "name" not in rows[0] and "started_on" not in rows[0]
    assert all(re.fullmatch(r"\d{4}-\d{2}", row["start_month"]) for row in rows)  # months, not exact days
    period_ids = {str(i) for i in _db.session.scalars(select(ProgrammePeriod.id))}
    assert all(re.fullmatch(r"[0-9a-f]{16}", row["id"]) and row["id"] not in period_ids for row in rows)


def test_ids_are_stable_within_a_key_and_differ_across_keys(client, login_as, world):
    login_as(client, world.frida)
    first, second = make_key(client, "Key one"), make_key(client, "Key two")

    def ids(key: ExportKey) -> list[tuple[str, str]]:
        rows = parse_csv(download(client, world, key_id=key.id).data)
        return [(row["id"], row["start_month"]) for row in rows]

    once, again, other = ids(first), ids(first), ids(second)
    assert once == again
    assert len({i for i, _m in once}) == len(once)
    assert {i for i, _m in once}.isdisjoint({i for i, _m in other})
    assert [m for _i, m in once] == [m for _i, m in other]  # the same rows, other ids
    groups = {row["group_id"] for row in parse_csv(download(client, world, key_id=first.id).data)}
    assert len(groups) == 1 and str(world.g.id) not in groups


def test_every_export_is_logged_and_the_named_one_in_each_persons_access_log(client, login_as, world):
    login_as(client, world.frida)
    key = make_key(client, "Logged")
    download(client, world, key_id=key.id)
    assert _db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0  # no names: no one's data seen
    download(client, world)
    logs = _db.session.scalars(select(ReportExport).order_by(ReportExport.id)).all()
    assert [(e.pseudonymised, e.key_id, e.rows, e.actor_id, e.scope) for e in logs] == [
        (True, key.id, 6, world.frida.id, f"group:{world.g.id}"),
        (False, None, 6, world.frida.id, f"group:{world.g.id}"),
    ]
    audited = _db.session.scalars(select(AuditEntry.subject_id).where(AuditEntry.action == "report_export")).all()
    assert sorted(audited) == sorted(world.people[letter].id for letter in "ABCEFK")


def test_the_admin_sees_the_latest_exports(client, login_as, world):
    login_as(client, world.frida)
    download(client, world)
    login_as(client, world.admin)
    html = client.get(report_url(world, "municipality")).get_data(as_text=True)
    assert "Frida Facilitator" in html


def test_another_municipalitys_key_is_a_404(client, login_as, world):
    login_as(client, world.far_admin)
    far_key = make_key(client, "Far away")
    login_as(client, world.frida)
    assert download(client, world, key_id=far_key.id).status_code == 404
    assert _db.session.scalar(select(func.count()).select_from(ReportExport)) == 0


def test_a_key_name_is_used_once(client, login_as, world):
    login_as(client, world.frida)
    make_key(client, "Twice")
    post_form(client, "/staff/reports/keys", {"name": "twice"})
    assert _db.session.scalar(select(func.count()).select_from(ExportKey)) == 1
