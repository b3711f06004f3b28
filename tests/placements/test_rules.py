"""Each placement rule is declared once (app/placements/rules.py, PlacementKind.label) and every layer
agrees with it: the participants' and staff forms, the services, the database CHECKs and the migrations."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import uuid4

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import CheckConstraint, Table
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from app.accounts.models import Role, User
from app.errors import DomainError
from app.placements import services, staff_services
from app.placements.forms import AdjustForm, BrowseForm, ChooseForm, EndForm, SwitchForm
from app.placements.models import Assignment, Placement, PlacementKind
from app.placements.rules import HOURS_MAX, HOURS_MIN, NOTE_MAX, SEATS_MAX
from app.placements.staff_forms import KIND_CHOICES, PlacementForm
from tests.factories import make_company, make_municipality, make_placement, make_user

ROOT = Path(__file__).resolve().parents[2]

HOURS_FIELDS = [
    (ChooseForm, "hours"),
    (SwitchForm, "hours"),
    (AdjustForm, "hours"),
    (BrowseForm, "hours"),
    (PlacementForm, "hours_min"),
    (PlacementForm, "hours_max"),
]


def _errors(form_class: type, name: str, value: object) -> list[str]:
    """The errors of one field when only it is filled in (other fields' errors do not matter here)."""
    form = form_class(formdata=MultiDict({name: str(value)}), meta={"csrf": False})
    form.validate()
    return [str(error) for error in form[name].errors]


@pytest.mark.parametrize(("form_class", "name"), HOURS_FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_every_hours_field_takes_exactly_the_declared_bounds(db: SQLAlchemy, form_class: type, name: str) -> None:
    assert _errors(form_class, name, HOURS_MIN) == []
    assert _errors(form_class, name, HOURS_MAX) == []
    expected = [f"Write a number from {HOURS_MIN} to {HOURS_MAX}."]
    assert _errors(form_class, name, HOURS_MIN - 1) == expected
    assert _errors(form_class, name, HOURS_MAX + 1) == expected


@pytest.fixture
def facilitator(db: SQLAlchemy) -> User:
    return make_user(Role.FACILITATOR, make_municipality(), language="en")


@pytest.mark.parametrize("field", ["hours_min", "hours_max"])
def test_the_staff_service_takes_exactly_the_declared_bounds(db: SQLAlchemy, facilitator: User, field: str) -> None:
    company = make_company(facilitator.municipality)
    values = {"company_id": company.id, "title": "T", "kind": "internship", "seats": SEATS_MAX}
    values |= {"hours_min": HOURS_MIN, "hours_max": HOURS_MAX}
    staff_services.create_placement(facilitator, **values)
    for wrong in (HOURS_MIN - 1, HOURS_MAX + 1):
        with pytest.raises(DomainError) as caught:
            staff_services.create_placement(facilitator, **{**values, field: wrong})
        assert (caught.value.field, caught.value.message) == (field, f"Write a number from {HOURS_MIN} to {HOURS_MAX}.")
    with pytest.raises(DomainError) as caught:
        staff_services.create_placement(facilitator, **{**values, "seats": SEATS_MAX + 1})
    assert caught.value.message == f"Write a number from 0 to {SEATS_MAX}."


def _refused_by_the_database(db: SQLAlchemy, row: object) -> bool:
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        return True
    finally:
        db.session.rollback()
    return False


def test_the_database_checks_take_exactly_the_declared_bounds(db: SQLAlchemy) -> None:
    town = make_municipality()
    company, person = make_company(town), make_user(Role.PARTICIPANT, town)
    town_id, company_id, person_id = town.id, company.id, person.id
    placement_id = make_placement(town, company=company).id

    def placement(low: int, high: int) -> Placement:
        kind = PlacementKind.INTERNSHIP
        return Placement(
            municipality_id=town_id, company_id=company_id, title="T", kind=kind, hours_min=low, hours_max=high, seats=1
        )

    def assignment(hours: int) -> Assignment:
        return Assignment(user_id=person_id, placement_id=placement_id, start_date=services.today(), weekly_hours=hours)

    assert not _refused_by_the_database(db, placement(HOURS_MIN, HOURS_MAX))
    assert _refused_by_the_database(db, placement(HOURS_MIN - 1, HOURS_MAX))
    assert _refused_by_the_database(db, placement(HOURS_MIN, HOURS_MAX + 1))
    assert not _refused_by_the_database(db, assignment(HOURS_MAX))
    assert _refused_by_the_database(db, assignment(HOURS_MIN - 1))
    assert _refused_by_the_database(db, assignment(HOURS_MAX + 1))


def _check_text(table: Table, name: str) -> str:
    (check,) = (c for c in table.constraints if isinstance(c, CheckConstraint) and c.name.endswith(name))
    return str(check.sqltext)


def _newest_migration_text(constraint: str) -> str:
    """The CHECK text of the newest migration that declares `constraint` (a changed bound needs a migration)."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    pattern = re.compile(r"CheckConstraint\((['\"])(.+?)\1, name=op\.f\('" + re.escape(constraint) + r"'\)\)")
    for revision in ScriptDirectory.from_config(config).walk_revisions():  # newest first
        found = pattern.findall(Path(revision.path).read_text())
        if found:
            return found[-1][1]
    raise AssertionError(f"no migration declares {constraint}")


CHECKS = [
    (Placement.__table__, "hours_bounds", "ck_placement_hours_bounds"),
    (Assignment.__table__, "weekly_hours_range", "ck_assignment_weekly_hours_range"),
]


@pytest.mark.parametrize(("table", "name", "constraint"), CHECKS)
def test_the_model_checks_are_what_the_migrations_create(table: Table, name: str, constraint: str) -> None:
    text = _check_text(table, name)
    assert str(HOURS_MIN) in text and str(HOURS_MAX) in text
    assert _newest_migration_text(constraint) == text


def test_notes_have_one_length(db: SQLAlchemy) -> None:
    columns = Assignment.__table__.c
    assert columns.end_reason.type.length == columns.lesson.type.length == NOTE_MAX
    town = make_municipality()
    person = make_user(Role.PARTICIPANT, town)
    start = services.next_weekday(services.today())
    assignment = services.choose(person, make_placement(town), start=start, hours=10, key=uuid4().hex)
    services.end(person, assignment, last_day=start, reason="r" * (NOTE_MAX + 5), lesson="l" * (NOTE_MAX + 5))
    assert (assignment.end_reason, assignment.lesson) == ("r" * NOTE_MAX, "l" * NOTE_MAX)
    for form_class, name in [(EndForm, "reason"), (EndForm, "lesson"), (SwitchForm, "lesson")]:
        assert _errors(form_class, name, "x" * NOTE_MAX) == []
        assert _errors(form_class, name, "x" * (NOTE_MAX + 1)) != []


def test_kind_labels_are_declared_once(db: SQLAlchemy) -> None:
    labels = {kind: str(kind.label) for kind in PlacementKind}
    assert labels == {PlacementKind.INTERNSHIP: "Internship", PlacementKind.PAID_HOURS: "Paid hours"}
    assert [(c.value, str(c.label)) for c in KIND_CHOICES] == [(k.value, label) for k, label in labels.items()]
    browse = BrowseForm(meta={"csrf": False})
    browse.set_choices([], [])
    assert [(c.value, str(c.label)) for c in browse.kind.choices][1:] == [(k.value, v) for k, v in labels.items()]
    for english in labels.values():  # the literal appears once in the code: where the label is declared
        quoted = re.compile(r"""_l?\(\s*["']""" + re.escape(english) + r"""["']""")
        sources = [path for path in (ROOT / "app").rglob("*") if path.suffix in (".py", ".html", ".js")]
        places = [path for path in sources if quoted.search(path.read_text())]
        assert [str(p.relative_to(ROOT)) for p in places] == ["app/placements/models.py"], english
