"""Security baseline: headers, cookies, secrets, CSRF, request size and error pages."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from app import create_app
from app.config import ConfigError
from app.vapid import generate_keypair
from tests.factories import make_user

NONCE = re.compile(r"script-src [^;]*'nonce-([A-Za-z0-9_\-+/=]{16,})'")


def _csp_directives(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name] = value.strip()
    return directives


def _assert_baseline_headers(response) -> str:  # noqa: ANN001
    """Check the headers every page carries; return the script nonce."""
    csp = response.headers["Content-Security-Policy"]
    directives = _csp_directives(csp)
    match = NONCE.search(csp)
    assert match, csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    return match.group(1)


def _assert_inline_tags_use_nonce(html: str, nonce: str) -> None:
    """Every nonce in the page is this response's nonce; no inline script or style runs without one."""
    assert set(re.findall(r'nonce="([^"]*)"', html)) <= {nonce}
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag or "src=" in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"


def _cookie_header(response, name: str) -> str:  # noqa: ANN001
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def _cookie_attributes(header: str) -> dict[str, str]:
    attributes = {}
    for part in header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        attributes[key.lower()] = value
    return attributes


@pytest.fixture
def production_app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("PROXY_HOPS", raising=False)
    return create_app(
        "production",
        {"SECRET_KEY": secrets.token_urlsafe(48), "SQLALCHEMY_DATABASE_URI": database_url,
         "REFLECTION_KEYS": Fernet.generate_key().decode(), "VAPID_PRIVATE_KEY": generate_keypair()[0],
         "VAPID_SUBJECT": "mailto:drift@nextwork.dk", "PUBLIC_BASE_URL": "https://nextwork.example"},
    )  # fmt: skip


# --- headers -----------------------------------------------------------------------------------


def test_anonymous_page_has_strict_headers_and_a_fresh_nonce_per_request(client):
    first = client.get("/login")
    second = client.get("/login")
    assert first.status_code == second.status_code == 200
    nonce_1 = _assert_baseline_headers(first)
    nonce_2 = _assert_baseline_headers(second)
    assert nonce_1 != nonce_2
    _assert_inline_tags_use_nonce(first.get_data(as_text=True), nonce_1)


def test_personal_page_is_not_cached(client, db, login_as):
    login_as(client, make_user())
    first = client.get("/week")
    second = client.get("/week")
    assert first.status_code == second.status_code == 200
    nonce = _assert_baseline_headers(first)
    assert nonce != _assert_baseline_headers(second)
    _assert_inline_tags_use_nonce(first.get_data(as_text=True), nonce)
    assert first.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("env", ["testing", "development"])
def test_no_hsts_and_no_secure_cookie_outside_production(env, database_url, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))  # development would otherwise write instance/
    app = create_app(env, {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None})
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "secure" not in _cookie_attributes(_cookie_header(response, "nw_session"))


# --- cookies -----------------------------------------------------------------------------------


def test_session_cookie_is_httponly_and_lax(client):
    response = client.get("/login")
    attributes = _cookie_attributes(_cookie_header(response, "nw_session"))
    assert "httponly" in attributes
    assert attributes["samesite"] == "Lax"
    assert "secure" not in attributes  # local development runs on plain http


def test_production_cookie_is_secure_and_hsts_is_sent(production_app):
    response = production_app.test_client().get("/login", base_url="https://nextwork.example")
    assert response.status_code == 200
    attributes = _cookie_attributes(_cookie_header(response, "nw_session"))
    assert {"secure", "httponly"} <= attributes.keys()
    assert attributes["samesite"] == "Lax"
    hsts = response.headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains", hsts)
    assert int(hsts.split("=")[1].split(";")[0]) >= 31536000
    _assert_baseline_headers(response)


# --- secrets -----------------------------------------------------------------------------------


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


@pytest.mark.parametrize("weak", ["dev", "x" * 40, "changeme", "ab" * 20])
def test_production_refuses_to_start_with_weak_secret_key(monkeypatch, weak):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production", {"SECRET_KEY": weak})
    monkeypatch.setenv("SECRET_KEY", weak)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


@pytest.mark.parametrize("keys", ["", "not-a-key", "  ,  "])
def test_production_refuses_to_start_without_a_valid_reflection_key(monkeypatch, keys):
    monkeypatch.delenv("REFLECTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="REFLECTION_KEYS"):
        create_app("production", {"SECRET_KEY": secrets.token_urlsafe(48), "REFLECTION_KEYS": keys})


# --- CSRF and request size -----------------------------------------------------------------------


def test_csrf_is_enforced_on_login(client, db):
    user = make_user()
    client.get("/login")  # a session exists, only the token is missing
    response = client.post("/login", data={"email": user.email, "password": "a long enough test password"})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_csrf_is_enforced_on_logout(client, db, login_as):
    login_as(client, make_user())
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/week").status_code == 200  # still logged in


def test_too_large_body_gets_413_page(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/login?lang=en",
        data={"email": "a@example.org", "password": "x" * (limit + 1)},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "Too much at once" in body
    assert "Traceback" not in body


# --- error pages -------------------------------------------------------------------------------


def test_404_page_is_danish_by_default_and_english_on_request(client):
    danish = client.get("/no-such-page")
    english = client.get("/no-such-page?lang=en")
    assert danish.status_code == english.status_code == 404
    assert 'lang="da"' in danish.get_data(as_text=True)
    assert "Page not found" not in danish.get_data(as_text=True)
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Page not found" in english.get_data(as_text=True)


def test_404_for_json_client_is_json(client):
    response = client.get("/no-such-page?lang=en", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "error": "not_found",
        "message": "The page does not exist, or you do not have access to it.",
    }


@pytest.fixture
def crashing_app(database_url: str) -> Flask:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret-internal-detail 1234")

    return app


def test_500_page_shows_no_traceback(crashing_app):
    client = crashing_app.test_client()
    html = client.get("/boom?lang=en")
    assert html.status_code == 500
    body = html.get_data(as_text=True)
    assert "Something went wrong on our side" in body
    for leak in ("secret-internal-detail", "RuntimeError", "Traceback"):
        assert leak not in body
    as_json = client.get("/boom?lang=en", headers={"Accept": "application/json"})
    assert as_json.status_code == 500
    assert as_json.get_json()["error"] == "internal_server_error"
    assert "secret-internal-detail" not in as_json.get_data(as_text=True)


def test_anonymous_json_request_to_login_page_gets_401_json(client):
    response = client.get("/week", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert response.get_json()["error"] == "unauthorized"
    assert "Location" not in response.headers


def test_anonymous_html_request_is_redirected_to_login(client):
    response = client.get("/week")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.netloc, location.path) == ("", "", "/login")
    assert parse_qs(location.query) == {"next": ["/week"]}  # "/login?next=/week" or "…next=%2Fweek"
