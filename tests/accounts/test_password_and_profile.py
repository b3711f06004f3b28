"""Password change, "log out on all devices", profile and the list of devices."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import LoginSession, User
from tests.conftest import post_form
from tests.factories import PASSWORD, make_user

NEW = "en ny og god sætning"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return post_form(client, "/me/password", {"current_password": current, "password": new, "confirm": confirm or new})


def test_password_change_needs_the_current_password(client, db, login_as):
    user = make_user()
    login_as(client, user)
    before = user.password_hash
    response = change(client, current="wrong guess here")
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before


def test_password_change_ends_every_other_session_and_keeps_this_device(client, make_client, db, login_as):
    user = make_user(email="pw@example.test")
    other = make_client()
    login_as(other, user)
    login_as(client, user)
    assert change(client).status_code == 302
    assert other.get("/week").status_code == 302
    assert client.get("/week").status_code == 200
    open_rows = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    ).all()
    assert len(open_rows) == 1
    assert post_form(make_client(), "/login", {"email": "pw@example.test", "password": NEW}).status_code == 302
    assert post_form(make_client(), "/login", {"email": "pw@example.test", "password": PASSWORD}).status_code == 200


def test_log_out_on_all_devices(client, make_client, db, login_as):
    user = make_user()
    others = [make_client(), make_client()]
    for device in others:
        login_as(device, user)
    login_as(client, user)
    response = post_form(client, "/me/logout-all")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    for device in [client, *others]:
        assert device.get("/week").status_code == 302


def test_profile_lists_my_open_devices_only(client, make_client, db, login_as):
    user = make_user()
    ended = make_client()
    login_as(ended, user)
    post_form(ended, "/logout")
    login_as(make_client(), user)
    login_as(client, user)
    page = client.get("/me").get_data(as_text=True)
    assert page.count("Ukendt enhed") == 2  # the two open devices ("pytest" names no browser), not the logged-out one


def test_profile_saves_name_and_language(client, db, login_as):
    user = make_user(language="da")
    login_as(client, user)
    response = post_form(client, "/me", {"display_name": "  Nyt Navn ", "language": "en"})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.display_name, saved.language) == ("Nyt Navn", "en")
    assert '<html lang="en">' in client.get("/me").get_data(as_text=True)


def test_profile_refuses_unknown_language_and_keeps_input(client, db, login_as):
    user = make_user(name="Før")
    login_as(client, user)
    response = post_form(client, "/me", {"display_name": "Skrevet navn", "language": "xx"})
    assert response.status_code == 200
    assert 'value="Skrevet navn"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Før"


def test_extra_fields_cannot_change_role_or_email(client, db, login_as):
    user = make_user(email="me@example.test")
    login_as(client, user)
    post_form(client, "/me", {"display_name": "X", "language": "da", "role": "admin", "email": "boss@example.test"})
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert saved.role.value == "participant" and saved.email == "me@example.test"
