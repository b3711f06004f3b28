"""Encryption at rest for the most sensitive text (reflections, responses, notes, second-factor secrets): Fernet
keys from config.

REFLECTION_KEYS is a comma-separated list of Fernet keys; the first encrypts, all decrypt, so a key
can be rotated: add the new key first, run `flask reflections rotate-key`, then drop the old one.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Dialect, Text, TypeDecorator

EXTENSION = "nextwork_crypto"


class KeyError_(RuntimeError):
    """The configured keys cannot decrypt a stored value (wrong or missing key): never return garbage."""


def parse_keys(value: str | None) -> list[str]:
    """Split and check REFLECTION_KEYS; raises ValueError naming the problem."""
    keys = [k.strip() for k in (value or "").split(",") if k.strip()]
    if not keys:
        raise ValueError("REFLECTION_KEYS is not set. Generate one with `flask reflections new-key`.")
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise ValueError("REFLECTION_KEYS holds a key that is not a valid Fernet key.") from error
    return keys


class Encryptor:
    def __init__(self, keys: list[str]) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise KeyError_("A stored text cannot be decrypted with the configured REFLECTION_KEYS.") from error

    def rotate(self, token: str) -> str:
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise KeyError_("A stored text cannot be decrypted with the configured REFLECTION_KEYS.") from error


def register_crypto(app: Flask) -> None:
    app.extensions[EXTENSION] = Encryptor(parse_keys(app.config["REFLECTION_KEYS"]))


def encryptor() -> Encryptor:
    return current_app.extensions[EXTENSION]


class SecretText(str):
    """Decrypted text whose repr hides it, so debug logs (e.g. SQLAlchemy's row logging) never show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<decrypted text>"


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token; Python always sees the clear text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encryptor().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else SecretText(encryptor().decrypt(value))
