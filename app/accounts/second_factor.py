"""A second factor for staff: a time-based code from an authenticator app (TOTP, RFC 6238) and recovery codes.

Facilitators and admins see other people's personal data, so when STAFF_TOTP_REQUIRED is on (the default in
production) they log in with their password and then a code; until they have set it up, every page sends them to
set it up. The TOTP secret is encrypted at rest (EncryptedText) and never logged; a code is accepted once (the step
it was made for is remembered, so a code seen over a shoulder cannot be used again). Recovery codes are one-time
codes for a lost phone, stored as SHA-256 hashes (they are long and random, unlike passwords).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor import InvalidToken
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from flask import current_app
from sqlalchemy import ForeignKey, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.accounts.models import Role, User
from app.crypto import EncryptedText
from app.db import UTCDateTime, affected_rows, utcnow
from app.extensions import Model, db
from app.transaction import transactional

ISSUER = "NEXTWORK"
DIGITS = 6  # what every authenticator app shows: six digits, SHA-1, 30 seconds (RFC 6238's defaults)
STEP = 30
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper and typed
RECOVERY_LENGTH = 12  # about 59 bits each


class StaffTotp(Model):
    """A person's authenticator secret. Unconfirmed (confirmed_at NULL) while they are setting it up."""

    __tablename__ = "staff_totp"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(EncryptedText())  # base32, encrypted at rest
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # the last code's step: once


class RecoveryCode(Model):
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def _totp(secret: str) -> TOTP:
    import base64

    return TOTP(base64.b32decode(secret), DIGITS, SHA1(), STEP)  # nosec B303 # RFC 6238 apps use HMAC-SHA1


def new_secret() -> str:
    import base64

    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return _totp(secret).get_provisioning_uri(user.email, ISSUER)


def code_at(secret: str, when: float) -> str:
    """The code an app shows at `when` (seconds since the epoch); for tests and the browser test."""
    return _totp(secret).generate(int(when)).decode("ascii")


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode("utf-8")).hexdigest()


def required_for(user: User) -> bool:
    """Whether `user` must log in with a second factor (staff, when STAFF_TOTP_REQUIRED is on)."""
    return user.role in (Role.FACILITATOR, Role.ADMIN) and bool(current_app.config["STAFF_TOTP_REQUIRED"])


def enrolment(user: User) -> StaffTotp | None:
    return db.session.scalar(select(StaffTotp).where(StaffTotp.user_id == user.id))


def is_enrolled(user: User) -> bool:
    row = enrolment(user)
    return row is not None and row.confirmed_at is not None


@transactional
def start(user: User) -> None:
    """A new secret to set up (replacing one not yet confirmed). Nothing changes once it is confirmed."""
    row = enrolment(user)
    if row is None:
        db.session.add(StaffTotp(user_id=user.id, secret=new_secret()))
    elif row.confirmed_at is None:
        row.secret = new_secret()
        row.created_at = utcnow()


def _matching_step(row: StaffTotp, code: str, now: float) -> int | None:
    """The time step (the current one, or one either side for a slow hand or clock) whose code is `code`."""
    code = _normal(code)
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    current = int(now) // STEP
    for step in (current, current - 1, current + 1):
        try:
            _totp(row.secret).verify(code.encode("ascii"), step * STEP)
        except InvalidToken:
            continue
        return step
    return None


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


@transactional
def confirm(user: User, code: str, now: float | None = None) -> list[str] | None:
    """Turn the second factor on with the first code from the app; returns the recovery codes (shown once), or
    None if the code is not right (or nothing is being set up)."""
    row = enrolment(user)
    if row is None or row.confirmed_at is not None:
        return None
    step = _matching_step(row, code, time.time() if now is None else now)
    if step is None:
        return None
    row.confirmed_at, row.last_step = utcnow(), step
    return _new_recovery_codes(user)


@transactional
def new_recovery_codes(user: User) -> list[str]:
    """Replace the recovery codes (the old ones stop working); shown once."""
    return _new_recovery_codes(user)


@transactional
def verify(user: User, code: str, now: float | None = None) -> bool:
    """A login's second step: a current code that was not used before, or an unused recovery code (used up)."""
    row = enrolment(user)
    if row is None or row.confirmed_at is None:
        return False
    step = _matching_step(row, code, time.time() if now is None else now)
    if step is not None:
        # Only if no later (or this same) code was used meanwhile: one code, one login, also under a race.
        done = db.session.execute(
            update(StaffTotp)
            .where(StaffTotp.user_id == user.id, StaffTotp.last_step < step)
            .values(last_step=step)
            .execution_options(synchronize_session=False)
        )
        return affected_rows(done) == 1
    used = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return affected_rows(used) == 1


def recovery_codes_left(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


@transactional
def reset(user: User) -> None:
    """Forget the second factor and its recovery codes (a lost phone, by an admin): set up again at next login."""
    db.session.execute(delete(StaffTotp).where(StaffTotp.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
