"""`flask users create-admin` creates the first admin and prints a working invite link."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, User
from tests.conftest import post_form


def test_create_admin_prints_a_link_that_sets_the_password(app, client, make_client, db, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://app.example.dk")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "Chef@Kommune.dk", "--name", "Chef", "--municipality", "Køge Kommune"]
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    assert link.startswith("https://app.example.dk/invite/")
    admin = db.session.scalar(select(User).where(User.email == "chef@kommune.dk"))
    assert admin.role is Role.ADMIN and admin.municipality.slug == "koege-kommune"
    path = link.removeprefix("https://app.example.dk")
    assert (
        post_form(client, path, {"password": "chefens egen sætning", "confirm": "chefens egen sætning"}).status_code
        == 302
    )
    assert client.get("/staff/people/").status_code == 200

    again = runner.invoke(args=["users", "create-admin", "chef@kommune.dk", "--name", "X", "--municipality", "Y"])
    assert again.exit_code != 0 and "already in use" in again.output
