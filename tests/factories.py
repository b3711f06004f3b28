"""Builders for test data. Each commits, so requests in the test see the rows."""

from __future__ import annotations

import itertools

from werkzeug.security import generate_password_hash

from app.accounts.models import Municipality, Role, User
from app.extensions import db

PASSWORD = "a long enough test password"
_seq = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = generate_password_hash(password, method="scrypt:1024:8:1")
    return _hash_cache[password]


def make_municipality(name: str | None = None) -> Municipality:
    n = next(_seq)
    town = Municipality(name=name or f"Kommune {n}", slug=f"kommune-{n}")
    db.session.add(town)
    db.session.commit()
    return town


def make_user(
    role: Role = Role.PARTICIPANT,
    municipality: Municipality | None = None,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    language: str = "da",
    active: bool = True,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"{role.value}{n}@example.test",
        display_name=name or f"{role.value.title()} {n}",
        role=role,
        municipality=municipality or make_municipality(),
        password_hash=_hash(password) if password else None,
        language=language,
        active=active,
    )
    db.session.add(user)
    db.session.commit()
    return user
