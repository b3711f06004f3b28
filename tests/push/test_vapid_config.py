"""VAPID keys: `flask push keys`, production refuses to start without keys or a real contact, development
creates a pair in instance/ once."""

from __future__ import annotations

import secrets

import pytest
from cryptography.fernet import Fernet

from app import create_app
from app.config import ConfigError
from app.vapid import generate_keypair, load_private_key, public_key_of, unb64url


def _production(**overrides):  # noqa: ANN003, ANN202
    base = {"SECRET_KEY": secrets.token_urlsafe(48), "REFLECTION_KEYS": Fernet.generate_key().decode(),
            "VAPID_PRIVATE_KEY": generate_keypair()[0], "VAPID_SUBJECT": "mailto:drift@nextwork.dk",
            "PUBLIC_BASE_URL": "https://nextwork.example"}  # fmt: skip
    base.update(overrides)
    return create_app("production", base)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    for name in ("VAPID_PRIVATE_KEY", "VAPID_SUBJECT", "SECRET_KEY", "REFLECTION_KEYS", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)


def test_production_starts_with_keys_and_a_real_contact():
    assert _production().config["VAPID_SUBJECT"] == "mailto:drift@nextwork.dk"
    assert _production(VAPID_SUBJECT="https://nextwork.roskilde.dk/kontakt")


@pytest.mark.parametrize("key", ["", "   ", "not-base64!", "abcd", "A" * 43 + "AAAA"])
def test_production_refuses_a_missing_or_broken_private_key(key):
    with pytest.raises(ConfigError, match="VAPID_PRIVATE_KEY"):
        _production(VAPID_PRIVATE_KEY=key)


@pytest.mark.parametrize(
    "subject",
    ["", "drift@nextwork.dk", "mailto:", "mailto:nobody", "http://nextwork.dk", "https://localhost",
     "mailto:me@localhost", "mailto:push@example.com", "https://push.example.org/", "mailto:x@nextwork.test"],
)  # fmt: skip
def test_production_refuses_a_contact_push_services_reject(subject):
    with pytest.raises(ConfigError, match="VAPID_SUBJECT"):
        _production(VAPID_SUBJECT=subject)


def test_keys_command_prints_a_working_pair(app):
    result = app.test_cli_runner().invoke(args=["push", "keys"])
    assert result.exit_code == 0, result.output
    values = dict(
        line.split("=", 1)
        for line in result.output.splitlines()
        if line.startswith(("VAPID_PRIVATE_KEY=", "VAPID_PUBLIC_KEY="))
    )
    private, public = values["VAPID_PRIVATE_KEY"], values["VAPID_PUBLIC_KEY"]
    load_private_key(private)
    assert public_key_of(private) == public
    assert len(unb64url(public)) == 65


def test_development_creates_a_pair_in_instance_once(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.instance_path", str(tmp_path), raising=False)
    from app.config import load_config

    first = load_config(str(tmp_path), "development")
    second = load_config(str(tmp_path), "development")
    assert first.VAPID_PRIVATE_KEY == second.VAPID_PRIVATE_KEY
    assert (tmp_path / "vapid_private_key").read_text().strip() == first.VAPID_PRIVATE_KEY
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o077 == 0
    load_private_key(first.VAPID_PRIVATE_KEY)
