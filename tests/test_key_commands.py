"""Issue 17, defect 5: the commands that make the keys work on a fresh production server, before the keys exist
(production refuses to start without them, so these commands must not need them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.config import running_key_command
from app.crypto import parse_keys
from app.vapid import load_private_key

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")
SETTINGS = ("SECRET_KEY", "REFLECTION_KEYS", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT", "PUBLIC_BASE_URL", "DATABASE_URL")


def _fresh_server(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS and not k.startswith(("FLASK_", "APP_"))}
    env.update(APP_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    return subprocess.run(
        [FLASK, "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_reflection_key_is_made_on_a_server_without_keys(tmp_path):
    result = _fresh_server(tmp_path, "reflections", "new-key")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert parse_keys(key) == [key]
    Fernet(key.encode())


def test_vapid_keys_are_made_on_a_server_without_keys(tmp_path):
    result = _fresh_server(tmp_path, "push", "keys")
    assert result.returncode == 0, result.stderr
    private = next(line for line in result.stdout.splitlines() if line.startswith("VAPID_PRIVATE_KEY="))
    load_private_key(private.split("=", 1)[1])


def test_other_commands_still_refuse_without_the_keys(tmp_path):
    result = _fresh_server(tmp_path, "push", "stats")
    assert result.returncode != 0
    assert "ConfigError" in result.stderr and "is not set" in result.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/srv/venv/bin/flask", "--app", "wsgi", "reflections", "new-key"], True),
        (["flask", "push", "keys"], True),
        (["/usr/lib/python3/flask/__main__.py", "push", "keys"], True),
        (["flask", "push", "keys", "--help"], False),
        (["flask", "push", "work"], False),
        (["gunicorn", "reflections", "new-key"], False),
        (["flask", "reflections"], False),
        ([], False),
    ],
)
def test_only_the_key_commands_run_without_keys(argv, expected):
    assert running_key_command(argv) is expected
