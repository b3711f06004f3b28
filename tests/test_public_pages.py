"""Public pages: the privacy notice (plain Danish and English, the real retention times, a cookie table naming every
cookie the app sets) and /.well-known/security.txt (RFC 9116)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.accounts.models import Role
from tests.accounts.test_login import login
from tests.factories import PASSWORD, make_user


def test_privacy_notice_is_public_in_danish_and_english(app, client):
    danish = client.get("/privacy")
    assert danish.status_code == 200
    page = danish.get_data(as_text=True)
    for heading in ("Det gemmer appen", "Hvem kan se det", "Hvor længe", "Dine rettigheder", "Cookies"):
        assert heading in page
    assert "Hvem har set mine oplysninger" in page  # the access log
    english = client.get("/privacy?lang=en").get_data(as_text=True)
    for heading in ("What the app keeps", "Who can see it", "How long", "Your rights", "Who looked at my data"):
        assert heading in english


def test_privacy_notice_states_the_configured_times(app, client):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    config = app.config
    assert f"after {config['LOGIN_SESSION_IDLE'].days} days without use" in page
    assert f"after {config['LOGIN_SESSION_MAX_AGE'].days} days at the most" in page
    assert f"for {config['INVITE_LIFETIME'].days} days" in page
    assert f"deleted after {config['NOTIFICATION_RETENTION'].days} days" in page
    assert f"after {config['DELIVERY_RETENTION'].days} days" in page


def _cookie_names(response) -> set[str]:  # noqa: ANN001
    return {header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")}


def test_the_cookie_table_names_every_cookie_the_app_sets(app, client, make_client, db):
    set_by_app = _cookie_names(client.get("/login?lang=en"))
    make_user(email="c@example.test")
    set_by_app |= _cookie_names(login(make_client(), "c@example.test", PASSWORD))
    assert {"nw_session", "nw_known", "lang"} <= set_by_app
    table = client.get("/privacy").get_data(as_text=True).split('id="cookies"', 1)[1]
    listed = set(re.findall(r"<td><code>([^<]+)</code></td>", table))
    assert set_by_app <= listed, set_by_app - listed


def test_security_txt(app, client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines() if line)
    assert fields["Contact"] == app.config["VAPID_SUBJECT"]
    assert fields["Canonical"] == f"{app.config['PUBLIC_BASE_URL']}/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)  # RFC 9116: under a year ahead
    assert fields["Preferred-Languages"] == "da, en"


def test_security_contact_can_be_set(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SECURITY_CONTACT", "https://kommune.dk/sikkerhed")
    assert "Contact: https://kommune.dk/sikkerhed" in client.get("/.well-known/security.txt").get_data(as_text=True)


def test_staff_without_a_second_factor_can_still_read_them(app, client, db, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_TOTP_REQUIRED", True)
    login_as(client, make_user(Role.FACILITATOR))
    assert client.get("/staff").status_code == 302
    assert client.get("/privacy").status_code == 200
    assert client.get("/.well-known/security.txt").status_code == 200


def test_login_and_my_data_link_to_the_notice(app, client, db, login_as):
    assert 'href="/privacy"' in client.get("/login").get_data(as_text=True)
    login_as(client, make_user())
    assert 'href="/privacy"' in client.get("/me/data").get_data(as_text=True)
