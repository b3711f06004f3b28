"""`flask demo`: loads "Roskilde (demo)" once, into an empty database only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Municipality, Role, User
from tests.conftest import post_form
from tests.factories import make_user

DEMO_EMAILS = {
    "admin@example.org",
    "facilitator@example.org",
    "facilitator2@example.org",
    *(f"ung{n}@example.org" for n in range(1, 21)),
}


@pytest.fixture
def runner(app):  # noqa: ANN001
    return app.test_cli_runner()


def _counts(db) -> tuple[int, int]:  # noqa: ANN001
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Municipality)),
        db.session.scalar(select(func.count()).select_from(User)),
    )


def test_demo_loads_roskilde_with_its_logins(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "nextwork-demo" in result.output
    town = db.session.scalar(select(Municipality))
    assert (town.name, town.is_demo) == ("Roskilde (demo)", True)
    users = db.session.scalars(select(User)).all()
    assert {u.email for u in users} == DEMO_EMAILS
    assert all(u.municipality_id == town.id and u.active for u in users)
    roles = {u.email: u.role for u in users}
    assert roles["admin@example.org"] is Role.ADMIN
    assert roles["facilitator@example.org"] is roles["facilitator2@example.org"] is Role.FACILITATOR
    assert sum(role is Role.PARTICIPANT for role in roles.values()) == 20
    assert _counts(db) == (1, 23)


def test_demo_password_works_on_the_real_login_form(runner, db, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    wrong = post_form(client, "/login", {"email": "ung1@example.org", "password": "not-the-demo-password"})
    assert wrong.status_code == 200
    response = post_form(client, "/login", {"email": "ung1@example.org", "password": "nextwork-demo"})
    assert response.status_code == 302
    assert client.get("/week").status_code == 200


def test_demo_twice_is_refused(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code != 0
    assert "already loaded" in again.output
    assert _counts(db) == (1, 23)


def test_if_empty_on_a_non_empty_database_succeeds_without_changes(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "not loaded" in result.output
    assert _counts(db) == (1, 23)


def test_if_empty_on_an_empty_database_loads_the_demo(runner, db):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert _counts(db) == (1, 23)


@pytest.mark.parametrize("args", [["demo"], ["demo", "--if-empty"]])
def test_demo_refuses_a_database_with_real_users(runner, db, args):
    user = make_user(email="real.person@kommune.dk")
    result = runner.invoke(args=args)
    if "--if-empty" in args:
        assert result.exit_code == 0
    else:
        assert result.exit_code != 0
        assert "real users" in result.output
    assert _counts(db) == (1, 1)
    assert db.session.scalar(select(User.email)) == user.email
    assert db.session.scalar(select(Municipality).where(Municipality.is_demo.is_(True))) is None
