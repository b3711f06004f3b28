"""Shared fixtures: app, db, client, login_as, csrf. SQLite by default; DB_UNDER_TEST picks another database."""

from __future__ import annotations

import contextvars
import os
import re
import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.accounts import sessions
from app.accounts.models import User
from app.extensions import db as _db
from app.extensions import limiter

DB_UNDER_TEST = os.environ.get("DB_UNDER_TEST", "")


def _admin_url(url: str) -> str:
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def make_database(tmp_dir) -> tuple[str, Callable[[], None]]:  # noqa: ANN001
    """Create an empty database for tests (a file for SQLite, a fresh database on PostgreSQL)."""
    if not DB_UNDER_TEST or DB_UNDER_TEST.startswith("sqlite"):
        path = tmp_dir / f"nw-{uuid.uuid4().hex[:8]}.sqlite3"
        return f"sqlite:///{path}", lambda: None
    name = f"nw_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_admin_url(DB_UNDER_TEST), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(DB_UNDER_TEST).set(database=name).render_as_string(hide_password=False), drop


def is_postgres() -> bool:
    return DB_UNDER_TEST.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:  # noqa: ANN001
    url, drop = make_database(tmp_path_factory.mktemp("db"))
    yield url
    drop()


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a real server does.

    Flask reuses an app context that is already pushed (the test's own, from the `db` fixture), which
    would share `g`, the logged-in user and the database session between requests and hide bugs.
    """

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": None})
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table and the rate limiter after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
        limiter.reset()


@pytest.fixture
def db(app: Flask) -> Iterator:
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_client(app: Flask) -> Callable[[], FlaskClient]:
    """A second (third, …) browser: a separate cookie jar."""
    return app.test_client


@pytest.fixture
def login_as(app: Flask) -> Callable[[FlaskClient, User], str]:
    """Log `user` in on `client` as a real device session (without the cost of hashing). Returns the token."""

    def login(client: FlaskClient, user: User) -> str:
        with app.app_context():
            token = sessions.start_session(_db.session.get(User, user.id), "pytest")
        with client.session_transaction() as session:
            session.clear()
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
            session["sid"] = token
            session.permanent = True
        return token

    return login


@pytest.fixture
def client_for(make_client: Callable[[], FlaskClient], login_as) -> Callable[[User], FlaskClient]:  # noqa: ANN001
    """One logged-in test client per person, made on first use: client_for(user)."""
    made: dict[int, FlaskClient] = {}

    def for_(user: User) -> FlaskClient:
        if user.id not in made:
            made[user.id] = make_client()
            login_as(made[user.id], user)
        return made[user.id]

    return for_


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """Read the CSRF token from a page, as the browser's form would carry it."""
    response = client.get(path, follow_redirects=True)
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no csrf meta tag on {path} (status {response.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict | None = None, **kwargs):  # noqa: ANN003
    """POST a form with a valid CSRF token, like a browser would."""
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=payload, **kwargs)


@pytest.fixture
def english(app: Flask, db) -> Iterator[None]:  # noqa: ANN001
    """Run the test as inside an English request, so service messages (translated) can be asserted."""
    with app.test_request_context("/?lang=en"):
        yield


def production_settings(database_url: str, **overrides: object) -> dict:
    """What a production app needs to start (fresh random secrets), on the test database."""
    import secrets

    from cryptography.fernet import Fernet

    from app.vapid import generate_keypair

    return {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REFLECTION_KEYS": Fernet.generate_key().decode(),
        "VAPID_PRIVATE_KEY": generate_keypair()[0],
        "VAPID_SUBJECT": "mailto:drift@nextwork.dk",
        "PUBLIC_BASE_URL": "https://app.kommune.example",
        **overrides,
    }
