"""Configuration per environment. Everything comes from environment variables.

`APP_ENV` picks the class: `production` (the default — safe unless told otherwise),
`development` or `testing`. Production refuses to start with missing or weak secrets.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

from app.crypto import parse_keys
from app.vapid import check_subject, generate_keypair, load_private_key

TEST_REFLECTION_KEY = "q0Zl3uTKqZb4VbJ9zY5m1o8Rr2h6c7d3E4f5G6h7I8A="  # tests only
TEST_VAPID_PRIVATE_KEY = "dGVzdC12YXBpZC1rZXktZm9yLXRlc3RzLW9ubHkhISE"  # tests only
WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "password", "nextwork", "test", "key"}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message names the setting."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'nextwork.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _instance_secret(instance_path: str, name: str, make: Callable[[], str] = lambda: secrets.token_urlsafe(48)) -> str:
    """Read a development secret from `instance/`, creating it on first use."""
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def check_secret_key(value: str | None) -> None:
    """Raise ConfigError unless `value` is long and random enough for signing sessions."""
    if not value:
        raise ConfigError("SECRET_KEY is not set. Set it to a random value of at least 32 characters.")
    if len(value) < 32 or value.lower() in WEAK_SECRETS or len(set(value)) < 12:
        raise ConfigError("SECRET_KEY is too weak. Use a random value of at least 32 characters.")


class Config:
    ENV_NAME = "production"
    DEBUG = False
    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 512 * 1024
    SESSION_COOKIE_NAME = "nw_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    # Server-side device sessions: idle timeout, absolute lifetime and how often "last seen" is written.
    LOGIN_SESSION_IDLE = timedelta(days=30)
    LOGIN_SESSION_MAX_AGE = timedelta(days=90)
    LOGIN_SESSION_TOUCH_EVERY = timedelta(minutes=5)
    INVITE_LIFETIME = timedelta(days=7)
    WEEKLY_HOURS_CAP = 37  # total weekly hours across a participant's active placements
    PASSWORD_HASH_METHOD = "scrypt"
    HSTS = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; a form left open overnight still works
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_PER_ACCOUNT = "5 per minute;20 per hour"
    # Generous: a whole group logs in from the municipality's Wi-Fi at the same time.
    RATELIMIT_LOGIN_PER_IP = "30 per minute;300 per hour"
    PROXY_HOPS = 0
    LOG_FORMAT = "json"  # json: one JSON object per line on stderr (app/logs.py); text: Flask's default lines
    LOG_LEVEL = "INFO"  # the app's own loggers; libraries log warnings and errors
    METRICS_BIND = ""  # host:port where `flask push work` serves its Prometheus metrics; empty: none
    # Web Push. Endpoints must be https on port 443 at one of these hosts or a subdomain of one.
    PUSH_ALLOWED_HOSTS: tuple[str, ...] = (
        "fcm.googleapis.com",  # Chrome, Edge on Android, most Chromium browsers
        "push.services.mozilla.com",  # Firefox (updates.push.services.mozilla.com)
        "push.apple.com",  # Safari on iPhone/iPad (web.push.apple.com) and macOS
        "notify.windows.com",  # Edge on Windows (*.notify.windows.com)
    )
    PUSH_TEST_ORIGINS: tuple[str, ...] = ()  # tests only: plain-http origins of a local push service
    PUSH_TIMEOUT = 10.0  # seconds per request to a push service
    PUSH_LEASE = timedelta(minutes=2)  # a claimed delivery returns to the queue if its worker dies
    PUSH_MAX_ATTEMPTS = 5  # 429/5xx/network errors are retried this many times in all
    PUSH_RETRY_CAP = timedelta(hours=1)  # never wait longer than this between attempts, whatever Retry-After says
    PUSH_BATCH = 200  # deliveries claimed per round
    PUSH_CONCURRENCY = 8  # requests in flight per worker
    NOTIFICATION_RETENTION = timedelta(days=180)  # inbox entries older than this are deleted
    DELIVERY_RETENTION = timedelta(days=30)  # finished push deliveries (sent, failed …) older than this too

    def __init__(self, instance_path: str) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY")
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance_path)
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", self.RATELIMIT_STORAGE_URI)
        self.PROXY_HOPS = int(os.environ.get("PROXY_HOPS", self.PROXY_HOPS))
        self.WEEKLY_HOURS_CAP = int(os.environ.get("WEEKLY_HOURS_CAP", self.WEEKLY_HOURS_CAP))
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", self.LOG_FORMAT).strip().lower()
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", self.LOG_LEVEL).strip().upper()
        self.METRICS_BIND = os.environ.get("METRICS_BIND", self.METRICS_BIND).strip()
        self.REFLECTION_KEYS = os.environ.get("REFLECTION_KEYS", "")
        self.VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
        self.VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "").strip()
        hosts = os.environ.get("PUSH_ALLOWED_HOSTS", "").strip()
        if hosts:
            self.PUSH_ALLOWED_HOSTS = tuple(h.strip().lower() for h in hosts.split(",") if h.strip())

    def validate(self) -> None:
        check_secret_key(self.SECRET_KEY)
        if self.LOG_FORMAT not in ("json", "text"):
            raise ConfigError(f"LOG_FORMAT={self.LOG_FORMAT!r} is unknown; use json or text.")
        try:
            parse_keys(self.REFLECTION_KEYS)
        except ValueError as error:
            raise ConfigError(str(error)) from error
        if not self.VAPID_PRIVATE_KEY:
            raise ConfigError("VAPID_PRIVATE_KEY is not set. Run `flask push keys` and set the private key it prints.")
        try:
            load_private_key(self.VAPID_PRIVATE_KEY)
        except ValueError as error:
            raise ConfigError(f"VAPID_PRIVATE_KEY is not a valid P-256 private key: {error}.") from error
        problem = check_subject(self.VAPID_SUBJECT)
        if problem:
            raise ConfigError(problem)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS = False
    LOG_FORMAT = "text"

    def __init__(self, instance_path: str) -> None:
        super().__init__(instance_path)
        self.SECRET_KEY = self.SECRET_KEY or _instance_secret(instance_path, "secret_key")
        self.REFLECTION_KEYS = self.REFLECTION_KEYS or _instance_secret(
            instance_path, "reflection_key", lambda: Fernet.generate_key().decode()
        )
        self.VAPID_PRIVATE_KEY = self.VAPID_PRIVATE_KEY or _instance_secret(
            instance_path, "vapid_private_key", lambda: generate_keypair()[0]
        )
        self.VAPID_SUBJECT = self.VAPID_SUBJECT or "mailto:nextwork-dev@nextwork.dk"


class TestConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # fast in tests; production keeps Werkzeug's strong default

    def __init__(self, instance_path: str) -> None:
        super().__init__(instance_path)
        self.SECRET_KEY = "test-" + "x1y2z3a4b5c6d7e8f9g0" * 3
        self.REFLECTION_KEYS = TEST_REFLECTION_KEY
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DB_UNDER_TEST") or "sqlite://"
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.VAPID_PRIVATE_KEY = TEST_VAPID_PRIVATE_KEY
        self.VAPID_SUBJECT = "mailto:push-test@nextwork.dk"
        self.LOG_FORMAT = "text"  # pytest's caplog captures; tests that check the JSON lines add the handler


CONFIGS: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestConfig,
}


def load_config(instance_path: str, env: str | None = None, overrides: dict | None = None) -> Config:
    """Build and validate the config for `env` (default: `APP_ENV`, else production)."""
    name = env or os.environ.get("APP_ENV", "production")
    if name not in CONFIGS:
        raise ConfigError(f"APP_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}.")
    config = CONFIGS[name](instance_path)
    for key, value in (overrides or {}).items():
        setattr(config, key, value)
    config.validate()
    return config
