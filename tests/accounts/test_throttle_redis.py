"""With RATELIMIT_STORAGE_URI on Redis, login throttling holds across separate processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REDIS = ("127.0.0.1", 6379)
ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from app import create_app
from app.extensions import db
url, redis_url, email, attempts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = create_app("testing", {
    "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_STORAGE_URI": redis_url,
    "RATELIMIT_LOGIN_PER_ACCOUNT": "3 per minute", "WTF_CSRF_ENABLED": False,
})
with app.app_context():
    db.create_all()
client = app.test_client()
codes = [client.post("/login", data={"email": email, "password": "wrong"}).status_code for _ in range(attempts)]
print(" ".join(map(str, codes)))
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


def _run(tmp_path: Path, email: str, attempts: int) -> list[int]:
    url = f"sqlite:///{tmp_path / 'throttle.sqlite3'}"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, url, "redis://127.0.0.1:6379/15", email, str(attempts)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DB_UNDER_TEST": ""},
    )
    return [int(code) for code in out.stdout.split()]


def test_two_processes_share_the_login_limit(tmp_path):
    if not _redis_up():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    email = f"shared-{uuid.uuid4().hex[:8]}@example.test"
    assert _run(tmp_path, email, 3) == [200, 200, 200]
    assert _run(tmp_path, email, 1) == [429]  # a second process sees the first one's attempts
