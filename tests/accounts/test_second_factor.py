"""A second factor for staff (TOTP): enrolment, login with a code, throttling, one-time recovery codes, the gate
that sends staff without it to set it up when it is required, and its secret encrypted at rest."""

from __future__ import annotations

import json
import re
import time

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select, text

from app.accounts import second_factor
from app.accounts.models import Role, User
from app.accounts.second_factor import RecoveryCode, StaffTotp
from app.privacy.export import export_data
from tests.accounts.test_login import login
from tests.conftest import post_form
from tests.factories import PASSWORD, make_user

SECRET_SHOWN = re.compile(r"data-secret>([A-Z2-7 ]+)<")


@pytest.fixture
def required(app, monkeypatch):  # noqa: ANN001
    monkeypatch.setitem(app.config, "STAFF_TOTP_REQUIRED", True)


def _secret_on_page(client) -> str:  # noqa: ANN001
    page = client.get("/me/second-factor").get_data(as_text=True)
    match = SECRET_SHOWN.search(page)
    assert match, "the key is shown for typing"
    return match.group(1).replace(" ", "")


def _enrol(client, user: User) -> tuple[str, list[str]]:  # noqa: ANN001
    """Set up the second factor through the pages; returns the secret and the recovery codes shown."""
    assert post_form(client, "/me/second-factor/start").status_code == 302
    secret = _secret_on_page(client)
    # The code of the previous step: the next login, in the same 30 seconds, gets a code not used yet.
    code = second_factor.code_at(secret, time.time() - second_factor.STEP)
    answer = post_form(client, "/me/second-factor/confirm", {"code": code})
    assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", answer.get_data(as_text=True))
    assert len(codes) == second_factor.RECOVERY_CODES
    _never_in_the_cookie(client, codes)
    assert client.get("/me/second-factor").get_data(as_text=True).count("<code>") == 0, "codes are shown once"
    return secret, codes


def _never_in_the_cookie(client, codes: list[str]) -> None:  # noqa: ANN001
    """The session cookie is signed, not encrypted: anything in it can be read. Recovery codes never go there."""
    app = client.application
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    data = json.dumps(serializer.loads(cookie.value))
    assert "sid" in data and not any(code in data for code in codes)


def test_new_recovery_codes_are_shown_in_the_answer_and_never_stored_in_the_cookie(client, db, login_as):
    staff = make_user(Role.FACILITATOR)
    login_as(client, staff)
    _secret, first = _enrol(client, staff)
    answer = post_form(client, "/me/second-factor/recovery-codes")
    assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", answer.get_data(as_text=True))
    assert len(codes) == second_factor.RECOVERY_CODES and not set(codes) & set(first)
    _never_in_the_cookie(client, codes)


def test_enrolment_shows_a_qr_code_and_turns_on_with_a_right_code(client, db, login_as):
    staff = make_user(Role.FACILITATOR)
    login_as(client, staff)
    assert post_form(client, "/me/second-factor/start").status_code == 302
    page = client.get("/me/second-factor").get_data(as_text=True)
    assert "<svg" in page and "data-secret" in page
    assert post_form(client, "/me/second-factor/confirm", {"code": "000000"}).status_code == 302
    assert not second_factor.is_enrolled(db.session.get(User, staff.id))
    secret = _secret_on_page(client)
    assert post_form(client, "/me/second-factor/confirm", {"code": second_factor.code_at(secret, time.time())})
    db.session.expire_all()
    assert second_factor.is_enrolled(db.session.get(User, staff.id))


def test_login_asks_for_the_code_after_the_password(client, make_client, db, login_as):
    staff = make_user(Role.ADMIN, email="admin@example.test")
    login_as(client, staff)
    secret, _codes = _enrol(client, staff)
    phone = make_client()
    response = login(phone, staff.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert phone.get("/staff").status_code == 302, "not logged in before the code"
    assert post_form(phone, "/login/code", {"code": "123456"}).status_code == 422
    right = post_form(phone, "/login/code", {"code": second_factor.code_at(secret, time.time())})
    assert right.status_code == 302
    assert phone.get("/staff").status_code == 200


def test_a_code_works_once(client, make_client, db, login_as):
    staff = make_user(Role.FACILITATOR, email="f@example.test")
    login_as(client, staff)
    secret, _codes = _enrol(client, staff)
    code = second_factor.code_at(secret, time.time())
    first, second = make_client(), make_client()
    for phone in (first, second):
        assert login(phone, staff.email, PASSWORD).status_code == 302
    assert post_form(first, "/login/code", {"code": code}).status_code == 302
    assert post_form(second, "/login/code", {"code": code}).status_code == 422


def test_wrong_codes_are_throttled(app, client, make_client, db, login_as):
    staff = make_user(Role.FACILITATOR, email="f@example.test")
    login_as(client, staff)
    secret, _codes = _enrol(client, staff)
    phone = make_client()
    assert login(phone, staff.email, PASSWORD).status_code == 302
    limit = int(app.config["RATELIMIT_LOGIN_CODE"].split()[0])
    for _ in range(limit):
        assert post_form(phone, "/login/code", {"code": "000000"}).status_code == 422
    blocked = post_form(phone, "/login/code", {"code": second_factor.code_at(secret, time.time())})
    assert blocked.status_code == 429
    # A fresh login of the same person does not get around it: the limit is per person.
    other = make_client()
    assert login(other, staff.email, PASSWORD).status_code == 302
    assert post_form(other, "/login/code", {"code": "000000"}).status_code == 429


def test_a_recovery_code_works_once(client, make_client, db, login_as):
    staff = make_user(Role.FACILITATOR, email="f@example.test")
    login_as(client, staff)
    _secret, codes = _enrol(client, staff)
    phone = make_client()
    assert login(phone, staff.email, PASSWORD).status_code == 302
    assert post_form(phone, "/login/code", {"code": codes[0].upper()}).status_code == 302
    again = make_client()
    assert login(again, staff.email, PASSWORD).status_code == 302
    assert post_form(again, "/login/code", {"code": codes[0]}).status_code == 422
    assert post_form(again, "/login/code", {"code": codes[1].replace("-", "")}).status_code == 302
    assert second_factor.recovery_codes_left(db.session.get(User, staff.id)) == second_factor.RECOVERY_CODES - 2


def test_a_waiting_login_expires(client, make_client, db, login_as, monkeypatch):
    staff = make_user(Role.FACILITATOR, email="f@example.test")
    login_as(client, staff)
    secret, _codes = _enrol(client, staff)
    phone = make_client()
    assert login(phone, staff.email, PASSWORD).status_code == 302
    later = time.time() + 600
    monkeypatch.setattr("app.accounts.second_factor_routes.time.time", lambda: later)
    response = post_form(phone, "/login/code", {"code": second_factor.code_at(secret, later)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_without_it_are_sent_to_set_it_up_when_required(client, db, login_as, required, role):
    staff = make_user(role)
    login_as(client, staff)
    for path in ("/staff", "/staff/people/", "/me"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/me/second-factor", path
    assert client.get("/me/second-factor").status_code == 200
    as_json = client.get("/staff", headers={"Accept": "application/json"})
    assert as_json.status_code == 403 and as_json.get_json()["error"] == "second_factor_required"
    _enrol(client, staff)
    assert client.get("/staff").status_code == 200


def test_participants_are_never_asked(client, db, login_as, required):
    member = make_user(Role.PARTICIPANT)
    login_as(client, member)
    assert client.get("/week").status_code == 200
    assert client.get("/me/second-factor").status_code == 403


def test_required_is_the_production_default(app):
    from app.config import Config, DevelopmentConfig

    assert Config.STAFF_TOTP_REQUIRED is True
    assert DevelopmentConfig.STAFF_TOTP_REQUIRED is False


def test_the_secret_is_encrypted_at_rest_and_never_exported(client, db, login_as):
    staff = make_user(Role.FACILITATOR)
    login_as(client, staff)
    secret, codes = _enrol(client, staff)
    stored = db.session.execute(text("SELECT secret FROM staff_totp")).scalar_one()
    assert secret not in stored and stored.startswith("gAAAAA")  # a Fernet token
    hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert all(code.replace("-", "") not in h for code in codes for h in hashes)
    export = str(export_data(db.session.get(User, staff.id)))
    assert secret not in export and "code_hash" not in export
    assert "second_factor" in export_data(db.session.get(User, staff.id))


def test_reset_by_the_command_line(app, client, db, login_as):
    staff = make_user(Role.FACILITATOR, email="lost@example.test")
    login_as(client, staff)
    _enrol(client, staff)
    result = app.test_cli_runner().invoke(args=["users", "reset-second-factor", "lost@example.test"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(StaffTotp)) == 0
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0


def test_a_password_reset_link_does_not_skip_the_second_factor(client, make_client, db, login_as):
    """ASVS 6.4.3: a reset link sets the password, and the login after it still asks for the code."""
    from app.accounts import services

    admin = make_user(Role.ADMIN)
    staff = make_user(Role.FACILITATOR, admin.municipality, email="f@example.test")
    login_as(client, staff)
    secret, _codes = _enrol(client, staff)
    token = services.issue_invite(db.session.get(User, admin.id), db.session.get(User, staff.id))
    phone = make_client()
    new = "a-brand-new-password-42"
    response = post_form(phone, f"/invite/{token}", {"password": new, "confirm": new})
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert phone.get("/staff").status_code == 302, "not logged in before the code"
    assert post_form(phone, "/login/code", {"code": second_factor.code_at(secret, time.time())}).status_code == 302
    assert phone.get("/staff").status_code == 200
