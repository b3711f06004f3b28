"""Password hashing and the rules a new password must meet."""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from app.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 128
# The most common passwords (and ones this app invites people to pick); ASVS asks to refuse them.
COMMON = frozenset(
    """123456 1234567 12345678 123456789 1234567890 password password1 passw0rd qwerty qwertyui
    qwertyuiop 11111111 00000000 iloveyou abc12345 abcd1234 sommer2024 sommer2025 sommer2026
    kodeord kodeord1 adgangskode password123 letmein1 welcome1 nextwork nextwork1 nextwork-demo
    roskilde danmark1 fodbold1 hejhej12 hejmeddig qwerty123 1q2w3e4r 12341234 88888888
    """.split()
)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check `password`; with no stored hash, still spend the same work so timing reveals nothing."""
    if not stored_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(stored_hash, password)


def check_new_password(password: str, email: str = "") -> None:
    """Raise DomainError('password', …) unless `password` is acceptable as a new password."""
    if len(password) < MIN_LENGTH:
        raise DomainError("password", _("Use at least %(n)s characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise DomainError("password", _("Use at most %(n)s characters.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in COMMON or (email and lowered == email.lower()) or len(set(password)) < 4:
        raise DomainError("password", _("That password is too easy to guess. Try a short sentence."))
