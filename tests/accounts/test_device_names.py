"""Logged-in devices on /me are named by browser and system ("Chrome on Android"), not by the raw User-Agent."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy

from app.accounts import sessions
from app.accounts.device_names import device_name, parse
from app.accounts.models import User
from tests.factories import make_user

InLanguage = Callable[[str], AbstractContextManager[object]]

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Mobile/15E148 Safari/604.1"
)
IPHONE_HOME_SCREEN_APP = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.0.0"
)
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
    "Safari/605.1.15"
)
SAMSUNG_INTERNET = (
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def in_language(app: Flask) -> InLanguage:
    """A request in the given language, for the translated names."""
    return lambda lang: app.test_request_context(f"/?lang={lang}")


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (ANDROID_CHROME, "Chrome on Android"),
        (IPHONE_SAFARI, "Safari on iOS"),
        (IPHONE_HOME_SCREEN_APP, "Safari on iOS"),
        (IPHONE_CHROME, "Chrome on iOS"),
        (WINDOWS_FIREFOX, "Firefox on Windows"),
        (WINDOWS_EDGE, "Edge on Windows"),
        (MAC_SAFARI, "Safari on macOS"),
        (SAMSUNG_INTERNET, "Samsung Internet on Android"),
        ("curl/8.5.0", "curl"),
        ("pytest", "Unknown device"),
        ("", "Unknown device"),
        (None, "Unknown device"),
    ],
)
def test_device_names_in_english(in_language: InLanguage, user_agent: str | None, name: str) -> None:
    with in_language("en"):
        assert device_name(user_agent) == name


def test_device_names_in_danish(in_language: InLanguage) -> None:
    with in_language("da"):
        assert device_name(ANDROID_CHROME) == "Chrome på Android"
        assert device_name(WINDOWS_FIREFOX) == "Firefox på Windows"
        assert device_name("pytest") == "Ukendt enhed"


def test_parsing_is_cached_and_the_language_is_not(in_language: InLanguage) -> None:
    parse.cache_clear()
    with in_language("en"):
        assert device_name(IPHONE_SAFARI) == "Safari on iOS"
    with in_language("da"):
        assert device_name(IPHONE_SAFARI) == "Safari på iOS"
    assert (parse.cache_info().misses, parse.cache_info().hits) == (1, 1)


def test_a_very_long_header_is_named_from_what_a_session_keeps() -> None:
    assert parse((WINDOWS_FIREFOX + " " + "x" * 10_000)[:200]) == ("Firefox", "Windows")


def test_me_lists_devices_by_name_not_raw_header(
    client: FlaskClient, db: SQLAlchemy, login_as: Callable[[FlaskClient, User], str]
) -> None:
    user = make_user(language="en")
    sessions.start_session(user, ANDROID_CHROME)
    sessions.start_session(user, IPHONE_SAFARI)
    db.session.commit()
    login_as(client, user)
    page = client.get("/me").get_data(as_text=True)
    assert "Chrome on Android" in page and "Safari on iOS" in page and "Unknown device" in page  # this one: "pytest"
    assert "Mozilla" not in page and "AppleWebKit" not in page
