"""Configuration per environment. Everything comes from environment variables.

`APP_ENV` picks the class: `production` (the default — safe unless told otherwise),
`development` or `testing`. Production refuses to start with missing or weak secrets.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from app.crypto import parse_keys
from app.vapid import check_subject, generate_keypair, load_private_key

TEST_REFLECTION_KEY = "q0Zl3uTKqZb4VbJ9zY5m1o8Rr2h6c7d3E4f5G6h7I8A="  # tests only
TEST_VAPID_PRIVATE_KEY = "dGVzdC12YXBpZC1rZXktZm9yLXRlc3RzLW9ubHkhISE"  # tests only
WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "password", "nextwork", "test", "key"}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message names the setting."""


# The commands that make the secrets production refuses to start without: they must run before those exist.
KEY_COMMANDS = (("reflections", "new-key"), ("push", "keys"))


def running_key_command(argv: Sequence[str]) -> bool:
    """True when this process is `flask [options] reflections new-key` or `flask [options] push keys`."""
    if len(argv) < 3 or tuple(argv[-2:]) not in KEY_COMMANDS:
        return False
    return Path(argv[0]).name == "flask" or argv[0].endswith(os.path.join("flask", "__main__.py"))


def check_base_url(value: str | None, *, https: bool) -> str:
    """The public address of the app, `https://host[:port]` (http allowed when `https` is False), without a
    trailing slash. Raises ConfigError naming PUBLIC_BASE_URL otherwise."""
    url = (value or "").strip().rstrip("/")
    if not url:
        raise ConfigError(
            "PUBLIC_BASE_URL is not set. Set it to the app's public address, e.g. https://app.kommune.dk."
        )
    parts = urlsplit(url)
    schemes = ("https",) if https else ("https", "http")
    if parts.scheme not in schemes or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigError(
            f"PUBLIC_BASE_URL must be {' or '.join(s + '://' for s in schemes)} and a host name (with a port if "
            "needed) and nothing after it, e.g. https://app.kommune.dk."
        )
    if parts.username or parts.password:
        raise ConfigError("PUBLIC_BASE_URL must not hold a user name or password.")
    return url


def _hosts(value: str) -> list[str]:
    return [h.strip().lower() for h in value.split(",") if h.strip()]


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
    # hide_parameters: a failing statement's values (a reflection, an RSVP reason) never reach the error log.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
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
    # The public address every absolute link is built from (invites, calendar feed, check-in QR, security.txt),
    # never the request's Host. Required in production.
    PUBLIC_BASE_URL = ""
    SECURITY_CONTACT = ""  # Contact of /.well-known/security.txt (mailto: or https:); empty: VAPID_SUBJECT
    # Host names the app answers to (Flask checks the Host, or X-Forwarded-Host behind PROXY_HOPS proxies);
    # other hosts get a 400. Production: PUBLIC_BASE_URL's host unless set. None: any host (development, tests).
    TRUSTED_HOSTS: list[str] | None = None
    # Staff (facilitators, admins) must use a second factor (TOTP) to log in.
    STAFF_TOTP_REQUIRED = True
    RATELIMIT_LOGIN_CODE = "5 per minute;20 per hour"  # second-factor codes per pending login
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
    PUSH_BATCH = 500  # deliveries claimed per round (prepared, sent and recorded together: fewer statements per push)
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
            self.PUSH_ALLOWED_HOSTS = tuple(_hosts(hosts))
        self.PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", self.PUBLIC_BASE_URL).strip()
        self.SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", self.SECURITY_CONTACT).strip()
        trusted = _hosts(os.environ.get("TRUSTED_HOSTS", ""))
        self.TRUSTED_HOSTS = trusted or self.TRUSTED_HOSTS
        totp = os.environ.get("STAFF_TOTP_REQUIRED", "").strip().lower()
        if totp:
            self.STAFF_TOTP_REQUIRED = totp not in ("0", "false", "no", "off")

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
        self.PUBLIC_BASE_URL = check_base_url(self.PUBLIC_BASE_URL, https=self.SESSION_COOKIE_SECURE)
        if self.TRUSTED_HOSTS is None and self.ENV_NAME == "production":
            self.TRUSTED_HOSTS = [str(urlsplit(self.PUBLIC_BASE_URL).hostname)]


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS = False
    LOG_FORMAT = "text"
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"  # make run's address
    STAFF_TOTP_REQUIRED = False  # the demo's staff log in with the password alone (STAFF_TOTP_REQUIRED=1 to try it)

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
        self.PUBLIC_BASE_URL = "http://localhost"  # the test client's host
        self.TRUSTED_HOSTS = None
        self.STAFF_TOTP_REQUIRED = False
        self.VAPID_PRIVATE_KEY = TEST_VAPID_PRIVATE_KEY
        self.VAPID_SUBJECT = "mailto:push-test@nextwork.dk"
        self.LOG_FORMAT = "text"  # pytest's caplog captures; tests that check the JSON lines add the handler


CONFIGS: dict[str, type[Config]] = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestConfig,
}


def load_config(
    instance_path: str, env: str | None = None, overrides: dict | None = None, *, key_command: bool = False
) -> Config:
    """Build and validate the config for `env` (default: `APP_ENV`, else production).

    `key_command`: the process only prints new keys (running_key_command). Secrets that are not set yet get
    throwaway values that live as long as the process, so the keys can be made on a server that has none.
    """
    name = env or os.environ.get("APP_ENV", "production")
    if name not in CONFIGS:
        raise ConfigError(f"APP_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}.")
    config = CONFIGS[name](instance_path)
    for key, value in (overrides or {}).items():
        setattr(config, key, value)
    if key_command:
        _throwaway_secrets(config)
    config.validate()
    return config


def _throwaway_secrets(config: Config) -> None:
    def broken(check: Callable[[], object]) -> bool:
        try:
            check()
        except (ConfigError, ValueError):
            return True
        return False

    if broken(lambda: check_secret_key(config.SECRET_KEY)):
        config.SECRET_KEY = secrets.token_urlsafe(48)
    if broken(lambda: parse_keys(config.REFLECTION_KEYS)):
        config.REFLECTION_KEYS = Fernet.generate_key().decode()
    if broken(lambda: load_private_key(config.VAPID_PRIVATE_KEY)):
        config.VAPID_PRIVATE_KEY = generate_keypair()[0]
    if check_subject(config.VAPID_SUBJECT):
        config.VAPID_SUBJECT = "mailto:keys@nextwork.dk"
    if broken(lambda: check_base_url(config.PUBLIC_BASE_URL, https=config.SESSION_COOKIE_SECURE)):
        config.PUBLIC_BASE_URL = "https://keys.nextwork.dk"
