"""Onboarding by invite link: create, show once, redeem; expired, used and tampered links."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Invite, LoginSession, Role, User
from app.db import utcnow
from tests.conftest import post_form
from tests.factories import make_user

LINK = re.compile(r'value="(http://[^"]+/invite/([^"]+))"')
NEW_PASSWORD = "min egen sætning"


def create_participant(client, staff_login, staff, email="ny@example.test"):
    staff_login(client, staff)
    response = post_form(
        client,
        "/staff/people/new",
        {"display_name": "Ny Ung", "email": email, "role": "participant", "language": "da"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    match = LINK.search(page)
    assert match, "the invite link is shown after creating"
    return match.group(2)


def redeem(client, token, password=NEW_PASSWORD, confirm=None):
    return post_form(client, f"/invite/{token}", {"password": password, "confirm": confirm or password})


def test_facilitator_creates_participant_and_link_is_shown_once(client, db, login_as):
    facilitator = make_user(Role.FACILITATOR)
    token = create_participant(client, login_as, facilitator)
    person = db.session.scalar(select(User).where(User.email == "ny@example.test"))
    assert person.municipality_id == facilitator.municipality_id and person.role is Role.PARTICIPANT
    assert person.password_hash is None
    # Only the hash of the token is stored.
    stored = db.session.scalars(select(Invite.token_hash)).all()
    assert token not in stored and len(stored) == 1
    again = client.get(f"/staff/people/{person.id}").get_data(as_text=True)
    assert token not in again


def test_valid_invite_sets_password_and_logs_in(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200
    assert "ny@example.test" in page.get_data(as_text=True)
    response = redeem(client, token)
    assert response.status_code == 302
    assert client.get("/week").status_code == 200
    # The new password works through the real login form.
    other = make_client()
    login = post_form(other, "/login", {"email": "ny@example.test", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_used_invite_gives_a_clear_message(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    assert redeem(client, token).status_code == 302
    second = make_client()
    response = second.get(f"/invite/{token}")
    assert response.status_code == 410
    assert redeem(second, token, "en helt anden sætning").status_code == 410


def test_expired_invite_gives_a_clear_message(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    invite = db.session.scalar(select(Invite))
    invite.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410
    assert "7" in response.get_data(as_text=True)  # "a link works for 7 days"
    assert redeem(client, token).status_code == 410


def test_invite_expires_after_seven_days(app, make_client, db, login_as):
    create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    invite = db.session.scalar(select(Invite))
    assert invite.expires_at - invite.created_at == timedelta(days=7)


def test_tampered_invite_is_not_found(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/invite/{tampered}").status_code == 404
    assert redeem(client, tampered).status_code == 404
    assert client.get("/invite/" + "x" * 300).status_code == 404


def test_weak_or_mismatched_password_keeps_the_invite_usable(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    assert redeem(client, token, "kort").status_code == 200
    assert redeem(client, token, "nextwork-demo").status_code == 200
    assert redeem(client, token, NEW_PASSWORD, "noget andet helt").status_code == 200
    assert db.session.scalar(select(Invite.used_at)) is None
    assert redeem(client, token).status_code == 302


def test_new_link_replaces_the_old_one_and_ends_sessions_on_use(client, make_client, db, login_as):
    facilitator = make_user(Role.FACILITATOR)
    person = make_user(Role.PARTICIPANT, facilitator.municipality, email="glemt@example.test")
    old_device = make_client()
    login_as(old_device, person)
    staff = make_client()
    login_as(staff, facilitator)
    first = post_form(staff, f"/staff/people/{person.id}/invite")
    first_token = LINK.search(staff.get(first.headers["Location"]).get_data(as_text=True)).group(2)
    second = post_form(staff, f"/staff/people/{person.id}/invite")
    second_token = LINK.search(staff.get(second.headers["Location"]).get_data(as_text=True)).group(2)
    assert client.get(f"/invite/{first_token}").status_code == 410
    assert redeem(client, second_token).status_code == 302
    assert old_device.get("/week").status_code == 302
    open_rows = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == person.id, LoginSession.ended_at.is_(None))
    ).all()
    assert len(open_rows) == 1  # only the device that just redeemed the link


def test_invite_for_deactivated_user_is_not_valid(client, make_client, db, login_as):
    token = create_participant(make_client(), login_as, make_user(Role.FACILITATOR))
    person = db.session.scalar(select(User).where(User.email == "ny@example.test"))
    person.active = False
    db.session.commit()
    assert client.get(f"/invite/{token}").status_code == 404
