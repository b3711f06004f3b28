"""Issue 17, defect 6: a whole group logs in from one Wi-Fi address. The per-IP limit counts failed logins; others'
failures do not lock out a browser that has logged in to its account before, and the per-account limit still
stops guessing one account from anywhere."""

from __future__ import annotations

import pytest

from app.accounts.known_browsers import COOKIE
from tests.accounts.test_login import login
from tests.factories import PASSWORD, make_user

WIFI = {"REMOTE_ADDR": "192.0.2.10"}


@pytest.fixture
def strict_ip_limit(app, monkeypatch):  # noqa: ANN001
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_PER_IP", "3 per minute")


def _others_fail(make_client, times: int = 3) -> None:  # noqa: ANN001
    for n in range(times):
        assert login(make_client(), f"someone{n}@example.test", "wrong", environ_base=WIFI).status_code == 200


def test_a_known_browser_logs_in_after_others_failed_on_the_same_network(app, make_client, db, strict_ip_limit):
    amira = make_user(email="amira@example.test")
    phone = make_client()
    assert login(phone, amira.email, PASSWORD, environ_base=WIFI).status_code == 302  # last week
    assert phone.get_cookie(COOKIE) is not None
    phone.delete_cookie("nw_session")  # logged out since (the known-browser cookie stays)
    _others_fail(make_client)
    assert login(phone, amira.email, PASSWORD, environ_base=WIFI).status_code == 302


def test_an_unknown_browser_still_meets_the_ip_limit(app, make_client, db, strict_ip_limit):
    make_user(email="new@example.test")
    _others_fail(make_client)
    assert login(make_client(), "new@example.test", PASSWORD, environ_base=WIFI).status_code == 429


def test_the_cookie_is_for_its_own_account_only(app, make_client, db, strict_ip_limit):
    amira, bo = make_user(email="amira@example.test"), make_user(email="bo@example.test")
    phone = make_client()
    assert login(phone, amira.email, PASSWORD, environ_base=WIFI).status_code == 302
    phone.delete_cookie("nw_session")  # logged out since (the known-browser cookie stays)
    _others_fail(make_client)
    assert login(phone, bo.email, PASSWORD, environ_base=WIFI).status_code == 429


def test_a_forged_cookie_counts_for_nothing(app, make_client, db, strict_ip_limit):
    make_user(email="amira@example.test")
    _others_fail(make_client)
    phone = make_client()
    phone.set_cookie(COOKIE, "W10.forged.signature")
    assert login(phone, "amira@example.test", PASSWORD, environ_base=WIFI).status_code == 429


def test_a_known_browser_is_still_stopped_by_the_per_account_limit(app, make_client, db):
    amira = make_user(email="amira@example.test")
    phone = make_client()
    assert login(phone, amira.email, PASSWORD, environ_base=WIFI).status_code == 302
    phone.delete_cookie("nw_session")  # logged out since (the known-browser cookie stays)
    limit = int(app.config["RATELIMIT_LOGIN_PER_ACCOUNT"].split()[0])
    for _ in range(limit):
        assert login(phone, amira.email, "wrong", environ_base=WIFI).status_code == 200
    assert login(phone, amira.email, PASSWORD, environ_base=WIFI).status_code == 429


def test_known_browser_cookie_holds_no_email(app, make_client, db):
    amira = make_user(email="amira@example.test")
    phone = make_client()
    login(phone, amira.email, PASSWORD)
    cookie = phone.get_cookie(COOKIE)
    assert "amira" not in cookie.value and cookie.http_only and cookie.same_site == "Lax"
